using Brink.Accounts;
using Brink.Application;
using Brink.Cli;

namespace Brink.Web.Tests.TeamServer;

/// <summary><c>brink user …</c> and how <c>brink serve</c> starts on a team database.</summary>
public sealed class UserCommandTests : IDisposable
{
    private readonly SqliteTeamDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static (int Code, string Out, string Error) Cli(string? input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BrinkApp.Run(args, new CliContext(output, error) { Input = new StringReader(input ?? "") });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void User_add_prints_the_token_on_the_last_line_and_revoke_ends_it()
    {
        var add = Cli("a long passphrase\n", "user", "add", "alice", "--role", "resolver", "--password-stdin", "--db", _db.Location);
        Assert.True(add.Code == 0, add.Error);
        var token = add.Out.TrimEnd().Split('\n')[^1];
        Assert.StartsWith(Web.Auth.AccountService.TokenPrefix, token, StringComparison.Ordinal);
        using (var store = LedgerStores.OpenAccounts(_db.Location))
        {
            Assert.Equal("alice", store.FindByToken(Web.Auth.AccountService.TokenHash(token))!.Name);
            Assert.NotNull(store.FindAccount("alice")!.PasswordHash);
            Assert.DoesNotContain("a long passphrase", store.FindAccount("alice")!.PasswordHash!, StringComparison.Ordinal);
        }
        var second = Cli(null, "user", "token", "alice", "--label", "ci", "--db", _db.Location).Out.TrimEnd().Split('\n')[^1];
        Assert.Contains("alice", Cli(null, "user", "list", "--db", _db.Location).Out, StringComparison.Ordinal);
        var revoke = Cli(null, "user", "revoke", "alice", "--db", _db.Location);
        Assert.Equal(0, revoke.Code);
        Assert.Contains("Revoked 2 token(s)", revoke.Out, StringComparison.Ordinal);
        using (var store = LedgerStores.OpenAccounts(_db.Location))
        {
            Assert.Null(store.FindByToken(Web.Auth.AccountService.TokenHash(token)));
            Assert.Null(store.FindByToken(Web.Auth.AccountService.TokenHash(second)));
            Assert.Contains(store.AuditLog(), e => e.Action == "token-revoke" && e.Subject == "alice");
        }
    }

    [Fact]
    public void User_remove_ends_the_account_but_never_the_last_admin()
    {
        Assert.Equal(0, Cli(null, "user", "add", "alice", "--role", "admin", "--db", _db.Location).Code);
        var bobToken = Cli(null, "user", "add", "bob", "--role", "forecaster", "--db", _db.Location).Out.TrimEnd().Split('\n')[^1];
        new LedgerLocation(_db.Location).With(s =>
        {
            s.AddQuestion(new Brink.Ledger.Question { Id = "war", Title = "War?", Kind = Brink.Ledger.QuestionKind.Binary, Criteria = "c", OpenTime = DateTimeOffset.UtcNow, CloseTime = DateTimeOffset.UtcNow.AddDays(9) });
            return s.AddForecast(new Brink.Ledger.Forecast { QuestionId = "war", Forecaster = "bob", MadeAt = DateTimeOffset.UtcNow, Probabilities = [0.4], RecordedBy = "bob" });
        });

        var remove = Cli(null, "user", "remove", "bob", "--reason", "left", "--db", _db.Location);
        Assert.True(remove.Code == 0, remove.Error);
        Assert.Contains("Removed account bob", remove.Out, StringComparison.Ordinal);
        using (var store = LedgerStores.OpenAccounts(_db.Location))
        {
            Assert.Null(store.FindByToken(Web.Auth.AccountService.TokenHash(bobToken)));
            Assert.Contains(store.AuditLog(), e => (e.Action, e.Subject, e.Reason) == ("user-remove", "bob", "left"));
        }
        Assert.Equal("bob", new LedgerLocation(_db.Location).With(s => s.GetForecasts("war")).Single().Forecaster);
        Assert.Contains("Removed (their forecasts keep the name): bob", Cli(null, "user", "list", "--db", _db.Location).Out, StringComparison.Ordinal);

        var again = Cli(null, "user", "remove", "bob", "--db", _db.Location);
        Assert.Equal((2, true), (again.Code, again.Error.Contains("no account 'bob'", StringComparison.Ordinal)));
        var reuse = Cli(null, "user", "add", "bob", "--role", "viewer", "--db", _db.Location);
        Assert.Equal((2, true), (reuse.Code, reuse.Error.Contains("removed on", StringComparison.Ordinal)));
        var last = Cli(null, "user", "remove", "alice", "--db", _db.Location);
        Assert.Equal(2, last.Code);
        Assert.Contains("'alice' is the last admin and cannot be removed", last.Error, StringComparison.Ordinal);
        var demote = Cli(null, "user", "role", "alice", "viewer", "--db", _db.Location);
        Assert.Equal(2, demote.Code);
        Assert.Contains("cannot be demoted", demote.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", last.Error + demote.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ledger_import_and_resolve_on_a_team_database_leave_audit_records()
    {
        Assert.Equal(0, Cli(null, "user", "add", "alice", "--role", "admin", "--db", _db.Location).Code);
        var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_db.Location))!, $"import-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, """
            questions:
              - id: q1
                title: Q1?
                kind: binary
                criteria: c
                open_time: 2024-01-01
                close_time: 2024-02-01
            resolutions:
              - question: q1
                outcome: "yes"
            """);
        try
        {
            var import = Cli(null, "ledger", "import", "ledger", file, "--db", _db.Location);
            Assert.True(import.Code == 0, import.Error);
            var resolve = Cli(null, "ledger", "resolve", "q1", "no", "--reresolve", "--reason", "typo in the file", "--db", _db.Location);
            Assert.True(resolve.Code == 0, resolve.Error);
        }
        finally
        {
            File.Delete(file);
        }
        using var store = LedgerStores.OpenAccounts(_db.Location);
        var log = store.AuditLog().Where(e => e.Action is "resolve" or "reresolve").ToList();
        Assert.Equal([("reresolve", "typo in the file"), ("resolve", $"import ledger: {file}")], log.Select(e => (e.Action, e.Reason!)));
        Assert.All(log, e => Assert.Equal((AuditRecords.CliActor(), "q1"), (e.Actor, e.Subject!)));
    }

    [Fact]
    public void Ledger_copy_into_a_team_database_audits_each_copied_resolution()
    {
        var source = Path.Combine(Path.GetTempPath(), $"brink-copy-source-{Guid.NewGuid():N}.db");
        try
        {
            Assert.Equal(0, Cli(null, "ledger", "import", "example", "--db", source).Code);
            var resolutions = new LedgerLocation(source).With(s => s.AllResolutions().Count);
            Assert.Equal(0, Cli(null, "user", "add", "alice", "--role", "admin", "--db", _db.Location).Code);
            var copy = Cli(null, "ledger", "copy", "--from", source, "--to", _db.Location);
            Assert.True(copy.Code == 0, copy.Error);
            using var store = LedgerStores.OpenAccounts(_db.Location);
            var log = store.AuditLog().Where(e => e.Action is "resolve" or "reresolve").ToList();
            Assert.Equal(resolutions, log.Count);
            Assert.All(log, e => Assert.Equal((AuditRecords.CliActor(), $"import copy: {Path.GetFullPath(source)}"), (e.Actor, e.Reason!)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(source + suffix);
        }
    }

    [Theory]
    [InlineData("user add bob --role boss", "not one of viewer, forecaster, resolver, admin")]
    [InlineData("user add Bob; --role viewer", "account name")]
    [InlineData("user add bob --role viewer --team ../x", "team name")]
    [InlineData("user revoke nobody", "no account 'nobody'")]
    public void Mistakes_are_a_clear_error_with_exit_2(string args, string message)
    {
        var run = Cli(null, [.. args.Split(' '), "--db", _db.Location]);
        Assert.Equal(2, run.Code);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_a_database_it_cannot_reach_with_the_reason()
    {
        var error = new StringWriter();
        var code = await BrinkWebHost.ServeAsync(new BrinkWebOptions { Db = "postgres://brink:s3cret@127.0.0.1:1/brink", Port = 0 }, TextWriter.Null, error, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("cannot reach the database server", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_binds_beyond_loopback_only_when_the_database_has_accounts()
    {
        var error = new StringWriter();
        Assert.Equal(2, await BrinkWebHost.ServeAsync(new BrinkWebOptions { Db = _db.Location, Host = "0.0.0.0", Port = 0 }, TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("refusing to bind 0.0.0.0", error.ToString(), StringComparison.Ordinal);
        Assert.False(LedgerStores.HasAccounts(_db.Location));

        // With an account the bind would be allowed (checked without binding beyond loopback: tests stay on 127.0.0.1),
        // and the server started on loopback says sign-in is on.
        Web.Auth.AccountService.AddUser(_db.Location, "alice", Role.Admin, AccountNames.MainTeam, null, "test");
        Assert.Null(new BrinkWebOptions { Host = "0.0.0.0", AuthenticationConfigured = LedgerStores.HasAccounts(_db.Location) }.BindError());
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var serving = BrinkWebHost.ServeAsync(new BrinkWebOptions { Db = _db.Location, Port = 0 }, TextWriter.Synchronized(output), TextWriter.Null, stop.Token);
        for (var i = 0; i < 300 && !output.ToString().Contains("Accounts: on", StringComparison.Ordinal) && !serving.IsCompleted; i++) await Task.Delay(100);
        await stop.CancelAsync();
        try { await serving; } catch (OperationCanceledException) { }
        Assert.Contains("Accounts: on", output.ToString(), StringComparison.Ordinal);
    }
}
