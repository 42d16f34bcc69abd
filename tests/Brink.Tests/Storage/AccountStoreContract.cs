using Brink.Accounts;
using Brink.Application;
using Brink.Ledger;
using Brink.Ledger.Import;

namespace Brink.Tests.Storage;

/// <summary>
/// The account store (accounts, token hashes, audit log) and team ledgers, as every backend must keep them: run on SQLite
/// and PostgreSQL by the subclasses of <see cref="LedgerStoreContract"/>.
/// </summary>
public abstract partial class LedgerStoreContract
{
    /// <summary>The accounts of the test's database (beside its main ledger).</summary>
    protected abstract IAccountStore OpenAccounts();

    /// <summary>The ledger of another team in the test's database.</summary>
    protected abstract ILedgerStore OpenTeam(string team);

    /// <summary>Runs SQL on the account tables directly, as a person with a database client could.</summary>
    protected abstract void ExecuteRawAccounts(string sql);

    [Fact]
    public void Accounts_are_created_once_and_read_back_with_their_role_and_team()
    {
        using (var store = OpenAccounts())
        {
            Assert.Equal(0, store.CountAccounts());
            Assert.True(store.SchemaVersion >= 1);
            store.AddAccount("alice", Role.Admin, AccountNames.MainTeam, "hash-a");
            store.AddAccount("bob", Role.Forecaster, "newsroom", null);
            Assert.Throws<LedgerException>(() => store.AddAccount("alice", Role.Viewer, AccountNames.MainTeam, null));
            Assert.Throws<LedgerException>(() => store.AddAccount("Robert'); DROP TABLE accounts;--", Role.Viewer, AccountNames.MainTeam, null));
            Assert.Throws<LedgerException>(() => store.AddAccount("carol", Role.Viewer, "no such; team", null));
        }
        using var again = OpenAccounts();
        Assert.Equal(2, again.CountAccounts());
        var alice = again.FindAccount("alice")!;
        Assert.Equal((Role.Admin, "main", "hash-a"), (alice.Role, alice.Team, alice.PasswordHash));
        Assert.Equal(["alice", "bob"], again.ListAccounts().Select(a => a.Name));
        again.SetPassword("bob", "hash-b");
        Assert.Equal("hash-b", again.FindAccount("bob")!.PasswordHash);
        Assert.Null(again.FindAccount("nobody"));
        Assert.Throws<LedgerException>(() => again.SetPassword("nobody", "x"));
    }

    [Fact]
    public void A_token_finds_its_account_until_it_is_revoked_and_stays_revoked()
    {
        using var store = OpenAccounts();
        store.AddAccount("alice", Role.Resolver, AccountNames.MainTeam, null);
        var first = store.AddToken("alice", "h1", "laptop");
        store.AddToken("alice", "h2", "ci");
        Assert.Equal("alice", store.FindByToken("h1")!.Name);
        Assert.Null(store.FindByToken("nope"));
        Assert.Equal(1, store.RevokeTokens("alice", first.Id));
        Assert.Null(store.FindByToken("h1"));
        Assert.Equal("alice", store.FindByToken("h2")!.Name);
        Assert.Equal(1, store.RevokeTokens("alice"));
        Assert.Equal(0, store.RevokeTokens("alice"));
        Assert.Null(store.FindByToken("h2"));
        Assert.All(store.ListTokens("alice"), t => Assert.NotNull(t.RevokedAt));
        Assert.Throws<LedgerException>(() => store.AddToken("nobody", "h3", "x"));
        // The database refuses to bring a revoked token back or to delete one.
        Assert.ThrowsAny<Exception>(() => ExecuteRawAccounts("UPDATE api_tokens SET revoked_at = NULL"));
        Assert.ThrowsAny<Exception>(() => ExecuteRawAccounts("DELETE FROM api_tokens"));
        Assert.Null(store.FindByToken("h1"));
    }

    [Fact]
    public void The_audit_log_is_append_only_and_keeps_text_verbatim()
    {
        const string reason = "Robert'); DELETE FROM audit;-- 100% \"sure\" ünï";
        using (var store = OpenAccounts())
        {
            store.Audit(new AuditEntry(T0, "alice", "resolve", "main", "war", null, "revision 1"));
            store.Audit(new AuditEntry(T0.AddHours(1), "alice", "reresolve", "main", "war", reason, "revision 2"));
        }
        Assert.ThrowsAny<Exception>(() => ExecuteRawAccounts("UPDATE audit SET reason = 'x'"));
        Assert.ThrowsAny<Exception>(() => ExecuteRawAccounts("DELETE FROM audit"));
        using var again = OpenAccounts();
        var log = again.AuditLog();
        Assert.Equal(["reresolve", "resolve"], log.Select(e => e.Action));
        Assert.Equal(reason, log[0].Reason);
        Assert.Equal(T0.AddHours(1), log[0].At);
    }

    [Fact]
    public void Team_ledgers_are_separate_from_the_main_ledger_and_from_each_other()
    {
        using (var main = Open()) main.AddQuestion(War);
        using (var newsroom = OpenTeam("newsroom"))
        {
            Assert.Empty(newsroom.ListQuestions());
            newsroom.AddQuestion(War with { Title = "Newsroom's war?" });
            newsroom.AddForecast(new Forecast { QuestionId = "war", Forecaster = "bob", MadeAt = T0.AddDays(1), Probabilities = [0.4], RecordedBy = "bob" });
            Assert.Equal("ok", newsroom.IntegrityCheck());
        }
        using (var other = OpenTeam("class_b")) Assert.Empty(other.ListQuestions());
        using var mainAgain = Open();
        Assert.Equal("War?", mainAgain.GetQuestion("war")!.Title);
        Assert.Empty(mainAgain.AllForecasts());
        using var newsroomAgain = OpenTeam("newsroom");
        Assert.Equal("Newsroom's war?", newsroomAgain.GetQuestion("war")!.Title);
        Assert.Equal("bob", newsroomAgain.AllForecasts().Single().RecordedBy);
        Assert.Throws<LedgerException>(() => OpenTeam("../etc"));
    }

    [Fact]
    public void Who_recorded_a_forecast_or_resolution_is_kept()
    {
        using var store = Open();
        store.AddQuestion(War);
        store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "The Economist", MadeAt = T0.AddDays(1), Probabilities = [0.2], RecordedBy = "alice" }, ForecasterKind.Outlet);
        store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "carol", MadeAt = T0.AddDays(1), Probabilities = [0.3] });
        store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1, RecordedBy = "rita" });
        var forecasts = store.GetForecasts("war");
        Assert.Equal(["alice", null], forecasts.Select(f => f.RecordedBy));
        Assert.Equal("rita", store.ResolutionHistory("war").Single().RecordedBy);
    }

    private static AuditEntry AuditOf(Resolution r, string actor = "rita", string team = AccountNames.MainTeam) =>
        new(r.RecordedAt!.Value, actor, r.Revision > 1 ? "reresolve" : "resolve", team, r.QuestionId, r.Reason, $"revision {r.Revision}");

    [Theory]
    [InlineData(AccountNames.MainTeam)]
    [InlineData("newsroom")]
    public void A_resolution_and_its_audit_record_are_committed_together_or_not_at_all(string team)
    {
        using (var accounts = OpenAccounts()) accounts.AddAccount("rita", Role.Resolver, team, null);
        ILedgerStore Ledger() => team == AccountNames.MainTeam ? Open() : OpenTeam(team);
        int Audited()
        {
            using var accounts = OpenAccounts();
            return accounts.AuditLog().Count(e => e.Action is "resolve" or "reresolve");
        }
        using (var store = Ledger())
        {
            store.AddQuestion(War);
            // Both written: the resolution and its record.
            var first = store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1, Evidence = "Reuters", RecordedBy = "rita" },
                false, r => AuditOf(r, team: team));
            Assert.Equal(1, first.Revision);
        }
        Assert.Equal(1, Audited());

        // The resolution fails (already resolved, no re-resolution asked): no audit record is left.
        using (var store = Ledger())
            Assert.Throws<LedgerException>(() => store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0, RecordedBy = "rita" },
                false, r => AuditOf(r, team: team)));
        Assert.Equal(1, Audited());

        // The audit record fails (the database refuses a record without an actor): the re-resolution is not left behind.
        Clock.Advance(TimeSpan.FromHours(1));
        using (var store = Ledger())
            Assert.ThrowsAny<Exception>(() => store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0, Reason = "retracted", RecordedBy = "rita" },
                true, r => AuditOf(r, actor: null!, team: team)));
        Assert.Equal(1, Audited());
        using (var store = Ledger())
        {
            var history = store.ResolutionHistory("war");
            Assert.Equal(1.0, Assert.Single(history).Value);
            Assert.Equal("ok", store.IntegrityCheck());
            // And a good re-resolution after the failed one takes revision 2 with its record.
            var second = store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0, Reason = "retracted", RecordedBy = "rita" },
                true, r => AuditOf(r, team: team));
            Assert.Equal(2, second.Revision);
        }
        using var again = OpenAccounts();
        var log = again.AuditLog().Where(e => e.Action is "resolve" or "reresolve").ToList();
        Assert.Equal([("reresolve", "retracted", team), ("resolve", (string?)null, team)], log.Select(e => (e.Action, e.Reason, e.Team)));
    }

    [Fact]
    public void A_removed_account_keeps_its_forecasts_and_name_but_signs_in_with_nothing()
    {
        using (var accounts = OpenAccounts())
        {
            accounts.AddAccount("alice", Role.Admin, AccountNames.MainTeam, "hash-a");
            accounts.AddAccount("bob", Role.Forecaster, AccountNames.MainTeam, "hash-b");
            accounts.AddToken("bob", "bob-1", "laptop");
            accounts.AddToken("bob", "bob-2", "ci");
        }
        using (var ledger = Open())
        {
            ledger.AddQuestion(War);
            ledger.AddForecast(new Forecast { QuestionId = "war", Forecaster = "bob", MadeAt = T0.AddDays(1), Probabilities = [0.3], RecordedBy = "bob" });
        }
        Clock.Advance(TimeSpan.FromHours(2));
        using (var accounts = OpenAccounts())
        {
            var removed = AccountAdministration.Remove(accounts, "bob", "alice", "left the team", Clock.UtcNow)!;
            Assert.Equal(Clock.UtcNow, removed.RemovedAt);
            Assert.Null(AccountAdministration.Remove(accounts, "bob", "alice"));
            Assert.Null(AccountAdministration.Remove(accounts, "nobody", "alice"));
        }
        using var again = OpenAccounts();
        Assert.Null(again.FindByToken("bob-1"));
        Assert.Null(again.FindByToken("bob-2"));
        Assert.All(again.ListTokens("bob"), t => Assert.Equal(Clock.UtcNow, t.RevokedAt));
        Assert.Null(again.FindAccount("bob"));
        Assert.Equal(Clock.UtcNow, again.FindAccount("bob", includeRemoved: true)!.RemovedAt);
        Assert.Equal(["alice"], again.ListAccounts().Select(a => a.Name));
        Assert.Equal(["alice", "bob"], again.ListAccounts(includeRemoved: true).Select(a => a.Name));
        // The name stays with the forecasts: nobody takes it over, and nothing more is done on the removed account.
        Assert.Contains("removed", Assert.Throws<LedgerException>(() => again.AddAccount("bob", Role.Viewer, AccountNames.MainTeam, null)).Message, StringComparison.Ordinal);
        Assert.Throws<LedgerException>(() => again.AddToken("bob", "bob-3", "x"));
        Assert.Throws<LedgerException>(() => again.SetPassword("bob", "hash"));
        Assert.Throws<LedgerException>(() => again.SetRole("bob", Role.Admin));
        Assert.Throws<LedgerException>(() => again.RemoveAccount("bob"));
        Assert.Contains(again.AuditLog(), e => (e.Action, e.Actor, e.Subject, e.Reason) == ("user-remove", "alice", "bob", "left the team"));
        // The database keeps it so: a removed account is not brought back, renamed or deleted behind Brink's back.
        Assert.ThrowsAny<Exception>(() => ExecuteRawAccounts("UPDATE accounts SET removed = NULL WHERE name = 'bob'"));
        Assert.ThrowsAny<Exception>(() => ExecuteRawAccounts("UPDATE accounts SET name = 'eve' WHERE name = 'alice'"));
        Assert.ThrowsAny<Exception>(() => ExecuteRawAccounts("DELETE FROM accounts WHERE name = 'bob'"));
        Assert.Null(again.FindByToken("bob-1"));
        using var ledgerAgain = Open();
        var kept = Assert.Single(ledgerAgain.GetForecasts("war"));
        Assert.Equal(("bob", "bob"), (kept.Forecaster, kept.RecordedBy));
        Assert.Contains(ledgerAgain.ListForecasters(), f => f.Name == "bob");
    }

    [Fact]
    public void The_last_admin_can_be_neither_demoted_nor_removed()
    {
        using var accounts = OpenAccounts();
        accounts.AddAccount("alice", Role.Admin, AccountNames.MainTeam, null);
        accounts.AddAccount("bob", Role.Resolver, AccountNames.MainTeam, null);
        var demote = Assert.Throws<LastAdminException>(() => AccountAdministration.SetRole(accounts, "alice", Role.Resolver, "alice"));
        Assert.Contains("'alice' is the last admin and cannot be demoted", demote.Message, StringComparison.Ordinal);
        var remove = Assert.Throws<LastAdminException>(() => AccountAdministration.Remove(accounts, "alice", "alice"));
        Assert.Contains("cannot be removed", remove.Message, StringComparison.Ordinal);
        Assert.Equal(Role.Admin, accounts.FindAccount("alice")!.Role);
        Assert.Empty(accounts.AuditLog());

        // With a second admin either may go; the one left is then the last.
        var change = AccountAdministration.SetRole(accounts, "bob", Role.Admin, "alice")!;
        Assert.Equal((Role.Resolver, Role.Admin), (change.Before.Role, change.After.Role));
        Assert.NotNull(AccountAdministration.Remove(accounts, "alice", "bob"));
        Assert.Throws<LastAdminException>(() => AccountAdministration.SetRole(accounts, "bob", Role.Viewer, "bob"));
        Assert.Throws<LastAdminException>(() => AccountAdministration.Remove(accounts, "bob", "bob"));
        Assert.Null(AccountAdministration.SetRole(accounts, "alice", Role.Admin, "bob"));
        Assert.Equal(["user-remove", "role-set"], accounts.AuditLog().Select(e => e.Action));
    }

    [Fact]
    public async Task Two_admins_removing_each_other_at_once_leave_one_admin()
    {
        using (var accounts = OpenAccounts())
        {
            accounts.AddAccount("alice", Role.Admin, AccountNames.MainTeam, null);
            accounts.AddAccount("carol", Role.Admin, AccountNames.MainTeam, null);
        }
        using var start = new Barrier(2);
        Exception? Attempt(string who, string by)
        {
            using var accounts = OpenAccounts();
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            try
            {
                AccountAdministration.Remove(accounts, who, by);
                return null;
            }
            catch (LastAdminException e)
            {
                return e;
            }
        }
        var results = await Task.WhenAll(Task.Run(() => Attempt("alice", "carol")), Task.Run(() => Attempt("carol", "alice"))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r is LastAdminException);
        using var after = OpenAccounts();
        Assert.Equal(Role.Admin, Assert.Single(after.ListAccounts()).Role);
    }

    [Theory]
    [InlineData(AccountNames.MainTeam)]
    [InlineData("newsroom")]
    public void Each_imported_resolution_leaves_its_audit_record_in_the_import_transaction(string team)
    {
        using (var accounts = OpenAccounts()) accounts.AddAccount("rita", Role.Resolver, team, null);
        ILedgerStore Ledger() => new AuditedLedgerStore(team == AccountNames.MainTeam ? Open() : OpenTeam(team), r => AuditRecords.Resolution("rita", team, r));
        List<AuditEntry> Audited()
        {
            using var accounts = OpenAccounts();
            return [.. accounts.AuditLog().Where(e => e.Action is "resolve" or "reresolve").Reverse()];
        }

        using (var store = Ledger()) Assert.True(store.Import(Batch(), skipBad: false).Committed);
        var log = Audited();
        Assert.Equal([("resolve", "war", "revision 1: resolved 1"), ("reresolve", "war", "revision 2: resolved 0; reason in the file: corrected")],
            log.Select(e => (e.Action, e.Subject!, e.Detail!)));
        Assert.All(log, e => Assert.Equal(("rita", team, "import test: batch.csv"), (e.Actor, e.Team, e.Reason!)));

        // An import that is refused (a resolution in conflict with the ledger's) leaves no record and nothing else.
        var conflicting = new ImportBatch("test", "conflict.csv");
        conflicting.Questions.Add(War with { Id = "peace" });
        conflicting.Resolutions.Add(new Resolution { QuestionId = "peace", State = QuestionState.Resolved, Value = 1 });
        conflicting.Resolutions.Add(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1 });
        using (var store = Ledger()) Assert.False(store.Import(conflicting, skipBad: false).Committed);
        Assert.Equal(2, Audited().Count);

        // An audit record the database refuses (no actor) takes the whole import with it.
        var good = new ImportBatch("test", "good.csv");
        good.Questions.Add(War with { Id = "peace" });
        good.Resolutions.Add(new Resolution { QuestionId = "peace", State = QuestionState.Resolved, Value = 0 });
        using (var raw = team == AccountNames.MainTeam ? Open() : OpenTeam(team))
        {
            Assert.ThrowsAny<Exception>(() => raw.Import(good, false, r => AuditRecords.Resolution(null!, team, r)));
            Assert.Null(raw.GetQuestion("peace"));
            Assert.Equal("ok", raw.IntegrityCheck());
        }
        Assert.Equal(2, Audited().Count);
        using (var store = Ledger()) Assert.Equal(1, store.Import(good, skipBad: false).ResolutionsAdded);
        Assert.Equal(("peace", "import test: good.csv"), (Audited()[^1].Subject!, Audited()[^1].Reason!));
    }
}
