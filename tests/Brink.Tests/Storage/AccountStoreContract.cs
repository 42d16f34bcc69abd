using Brink.Accounts;
using Brink.Ledger;

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
}
