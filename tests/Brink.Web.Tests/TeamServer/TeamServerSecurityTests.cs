using System.Net;
using System.Text;
using System.Text.Json;
using Brink.Accounts;
using Brink.Application;
using Brink.Ledger;
using Brink.Web.Auth;

namespace Brink.Web.Tests.TeamServer;

/// <summary>
/// The team server's security contract (issue 12), against each backend: unauthenticated writes 401, a forecaster resolving
/// 403, another team's ledger 404, SQL metacharacters in every text field stored verbatim, oversize bodies 413, a revoked
/// token 401; forecasts attributed to the signed-in account; resolutions audited; sign-in with antiforgery and a rate limit.
/// </summary>
public abstract class TeamServerSecurityTests : IDisposable
{
    private readonly ITeamDatabase _db;
    private readonly TeamServerHost _host;
    private readonly string _forecaster, _resolver, _viewer, _newsroom;

    protected TeamServerSecurityTests(ITeamDatabase db)
    {
        _db = db;
        _forecaster = AccountService.AddUser(db.Location, "fiona", Role.Forecaster, AccountNames.MainTeam, "fiona-password", "test").Token;
        _resolver = AccountService.AddUser(db.Location, "rita", Role.Resolver, AccountNames.MainTeam, null, "test").Token;
        _viewer = AccountService.AddUser(db.Location, "vic", Role.Viewer, AccountNames.MainTeam, null, "test").Token;
        _newsroom = AccountService.AddUser(db.Location, "nora", Role.Admin, "newsroom", null, "test").Token;
        _host = new TeamServerHost(db.Location);
    }

    public void Dispose()
    {
        _host.Dispose();
        _db.Dispose();
        GC.SuppressFinalize(this);
    }

    private static StringContent Body(object o) => new(JsonSerializer.Serialize(o), Encoding.UTF8, "application/json");

    private static readonly object Question = new { id = "war", title = "War?", criteria = "Reuters reports an invasion", close = "2030-01-01T00:00:00Z" };

    private async Task AddQuestion(string token = "") =>
        Assert.Equal(HttpStatusCode.Created, (await _host.Client(token.Length > 0 ? token : _forecaster).PostAsync("/api/ledger/questions", Body(Question))).StatusCode);

    [Fact]
    public async Task Unauthenticated_requests_are_401_and_write_nothing()
    {
        var anonymous = _host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/ledger/questions", Body(Question))).StatusCode);
        await AddQuestion();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/ledger/forecasts", Body(new { question = "war", forecaster = "x", probabilities = new[] { 0.5 } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/ledger/questions/war/resolve", Body(new { outcome = "yes" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/ledger/resolutions", Body(new { question = "war", outcome = "yes" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/ledger/questions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client("brink_not-a-token").PostAsync("/api/ledger/questions", Body(Question))).StatusCode);
        // The workbench sends a browser to the sign-in page.
        var page = await anonymous.GetAsync("/ledger");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var counts = new LedgerLocation(_db.Location).With(s => s.Counts());
        Assert.Equal((1, 0, 0), (counts["questions"], counts["forecasts"], counts["resolutions"]));
    }

    [Fact]
    public async Task A_role_without_the_right_is_403()
    {
        await AddQuestion();
        var forecaster = _host.Client(_forecaster);
        var denied = await forecaster.PostAsync("/api/ledger/questions/war/resolve", Body(new { outcome = "yes" }));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("resolver", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await forecaster.PostAsync("/api/ledger/resolutions", Body(new { question = "war", outcome = "yes" }))).StatusCode);
        var viewer = _host.Client(_viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/ledger/forecasts", Body(new { question = "war", probabilities = new[] { 0.5 } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/ledger/questions", Body(new { id = "q2", title = "t", criteria = "c", close = "2030-01-01T00:00:00Z" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/ledger/questions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client(_resolver).GetAsync("/api/audit")).StatusCode);
        Assert.Equal(QuestionState.Open, new LedgerLocation(_db.Location).With(s => s.GetQuestion("war")!.State));
    }

    [Fact]
    public async Task Another_teams_ledger_is_404()
    {
        await AddQuestion();
        var newsroom = _host.Client(_newsroom);
        Assert.Equal(HttpStatusCode.NotFound, (await newsroom.PostAsync("/api/ledger/questions/war/resolve", Body(new { outcome = "yes" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await newsroom.GetAsync("/api/ledger/questions/war")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await newsroom.GetAsync("/api/ledger/questions?team=main")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client(_resolver).GetAsync("/api/ledger/questions?team=newsroom")).StatusCode);
        Assert.Equal("[]", (await (await newsroom.GetAsync("/api/ledger/questions")).Content.ReadAsStringAsync()).Trim());
        // The newsroom's own question of the same id is its own.
        await AddQuestion(_newsroom);
        Assert.Equal(HttpStatusCode.Created, (await newsroom.PostAsync("/api/ledger/questions/war/resolve", Body(new { outcome = "no" }))).StatusCode);
        Assert.Equal(QuestionState.Open, new LedgerLocation(_db.Location).With(s => s.GetQuestion("war")!.State));
        Assert.Equal(QuestionState.Resolved, (new LedgerLocation(_db.Location) with { Team = "newsroom" }).With(s => s.GetQuestion("war")!.State));
    }

    [Fact]
    public async Task SQL_metacharacters_in_every_text_field_are_stored_verbatim()
    {
        const string nasty = "x'); DROP TABLE questions; -- \"q\" 100% _ \\ $1 ; /* */ ünï";
        var id = "q'; DELETE FROM forecasts;--";
        var forecaster = _host.Client(_forecaster);
        Assert.Equal(HttpStatusCode.Created, (await forecaster.PostAsync("/api/ledger/questions",
            Body(new { id, title = nasty, criteria = nasty + " criteria", close = "2030-01-01T00:00:00Z" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await forecaster.PostAsync("/api/ledger/forecasts",
            Body(new { question = id, forecaster = "O'Brien\"; DROP TABLE forecasters;--", forecaster_kind = "outlet", probabilities = new[] { 0.25 }, rationale = nasty }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _host.Client(_resolver).PostAsync($"/api/ledger/questions/{Uri.EscapeDataString(id)}/resolve",
            Body(new { outcome = "yes", evidence = nasty + " evidence" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _host.Client(_resolver).PostAsync($"/api/ledger/questions/{Uri.EscapeDataString(id)}/resolve",
            Body(new { outcome = "no", reresolve = true, reason = nasty + " reason" }))).StatusCode);

        var ledger = new LedgerLocation(_db.Location);
        var q = ledger.With(s => s.GetQuestion(id))!;
        Assert.Equal((nasty, nasty + " criteria"), (q.Title, q.Criteria));
        var f = ledger.With(s => s.GetForecasts(id)).Single();
        Assert.Equal(("O'Brien\"; DROP TABLE forecasters;--", nasty, "fiona"), (f.Forecaster, f.Rationale, f.RecordedBy));
        var history = ledger.With(s => s.ResolutionHistory(id));
        Assert.Equal([nasty + " evidence", null], history.Select(r => r.Evidence));
        Assert.Equal(nasty + " reason", history[1].Reason);
        Assert.Equal("ok", ledger.With(s => s.IntegrityCheck()));
        using var accounts = LedgerStores.OpenAccounts(_db.Location);
        Assert.Equal(nasty + " reason", accounts.AuditLog().First(e => e.Action == "reresolve").Reason);
    }

    [Fact]
    public async Task An_oversize_body_is_413()
    {
        var huge = new string('x', (int)Api.LedgerApi.MaxBodyBytes + 10);
        var response = await _host.Client(_forecaster).PostAsync("/api/ledger/forecasts",
            new StringContent($$"""{"question": "war", "probabilities": [0.5], "rationale": "{{huge}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, new LedgerLocation(_db.Location).With(s => s.Counts()["forecasts"]));
    }

    [Fact]
    public async Task A_token_after_revocation_is_401()
    {
        var client = _host.Client(_forecaster);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ledger/questions")).StatusCode);
        using (var accounts = LedgerStores.OpenAccounts(_db.Location)) Assert.Equal(1, accounts.RevokeTokens("fiona"));
        var after = await client.GetAsync("/api/ledger/questions");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/ledger/questions", Body(Question))).StatusCode);
    }

    [Fact]
    public async Task Forecasts_are_the_signed_in_accounts_and_an_outlets_is_marked_as_entered_by_them()
    {
        await AddQuestion();
        var client = _host.Client(_forecaster);
        var mine = JsonDocument.Parse(await (await client.PostAsync("/api/ledger/forecasts", Body(new { question = "war", probabilities = new[] { 0.3 } }))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("fiona", "fiona"), (mine.GetProperty("forecaster").GetString(), mine.GetProperty("recorded_by").GetString()));
        // Another name needs its kind (an outlet's or pundit's forecast), and an account's name is its own only.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/ledger/forecasts", Body(new { question = "war", forecaster = "The Economist", probabilities = new[] { 0.2 } }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/ledger/forecasts", Body(new { question = "war", forecaster = "rita", forecaster_kind = "person", probabilities = new[] { 0.2 } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/ledger/forecasts", Body(new { question = "war", forecaster = "The Economist", forecaster_kind = "outlet", probabilities = new[] { 0.2 } }))).StatusCode);
        // recorded_by in the body is ignored: the server sets it.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/ledger/forecasts", Body(new { question = "war", forecaster = "Pundit P", forecaster_kind = "person", recorded_by = "rita", probabilities = new[] { 0.9 } }))).StatusCode);
        var ledger = new LedgerLocation(_db.Location);
        Assert.All(ledger.With(s => s.GetForecasts("war")), f => Assert.Equal("fiona", f.RecordedBy));
        Assert.Equal(ForecasterKind.Outlet, ledger.With(s => s.ListForecasters()).Single(f => f.Name == "The Economist").Kind);
    }

    [Fact]
    public async Task Resolving_and_re_resolving_leave_audit_records_who_when_why()
    {
        await AddQuestion();
        var resolver = _host.Client(_resolver);
        Assert.Equal(HttpStatusCode.Created, (await resolver.PostAsync("/api/ledger/questions/war/resolve", Body(new { outcome = "yes", evidence = "Reuters" }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await resolver.PostAsync("/api/ledger/questions/war/resolve", Body(new { outcome = "no" }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await resolver.PostAsync("/api/ledger/questions/war/resolve", Body(new { outcome = "no", reresolve = true }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await resolver.PostAsync("/api/ledger/questions/war/resolve", Body(new { outcome = "no", reresolve = true, reason = "report retracted" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await resolver.PostAsync("/api/ledger/questions/nope/resolve", Body(new { outcome = "no" }))).StatusCode);
        using var accounts = LedgerStores.OpenAccounts(_db.Location);
        var log = accounts.AuditLog().Where(e => e.Action is "resolve" or "reresolve").ToList();
        Assert.Equal(["reresolve", "resolve"], log.Select(e => e.Action));
        Assert.All(log, e => Assert.Equal(("rita", "war", "main"), (e.Actor, e.Subject, e.Team)));
        Assert.Equal("report retracted", log[0].Reason);
        Assert.Equal(["rita", "rita"], new LedgerLocation(_db.Location).With(s => s.ResolutionHistory("war")).Select(r => r.RecordedBy));
        var audit = await _host.Client(_newsroom).GetAsync("/api/audit");
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task Accounts_are_managed_over_the_API_by_admins_only_and_the_last_admin_stays()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client().GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client(_resolver).GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client(_viewer).PostAsync("/api/users/vic/role", Body(new { role = "admin" }))).StatusCode);
        var admin = _host.Client(_newsroom);
        var list = JsonDocument.Parse(await admin.GetStringAsync("/api/users")).RootElement;
        Assert.Equal(["fiona", "nora", "rita", "vic"], list.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        var created = await admin.PostAsync("/api/users", Body(new { name = "zed", role = "forecaster" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _host.Client(token).GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/users/zed/role", Body(new { role = "viewer" }))).StatusCode);
        using (var accounts = LedgerStores.OpenAccounts(_db.Location)) Assert.Equal(Role.Viewer, accounts.FindAccount("zed")!.Role);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/users/nobody/role", Body(new { role = "viewer" }))).StatusCode);
        // nora is the only admin: she cannot be demoted.
        var last = await admin.PostAsync("/api/users/nora/role", Body(new { role = "viewer" }));
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("last admin", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/users/zed/tokens/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client(token).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task An_admin_removes_an_account_its_token_and_session_end_and_its_forecasts_stay()
    {
        await AddQuestion();
        Assert.Equal(HttpStatusCode.Created, (await _host.Client(_forecaster).PostAsync("/api/ledger/forecasts", Body(new { question = "war", probabilities = new[] { 0.3 } }))).StatusCode);
        var browser = _host.Client();
        var page = await (await browser.GetAsync("/signin")).Content.ReadAsStringAsync();
        var antiforgery = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        FormUrlEncodedContent SignIn() => new(new Dictionary<string, string> { ["name"] = "fiona", ["password"] = "fiona-password", ["return"] = "/ledger", ["__RequestVerificationToken"] = antiforgery });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/signin", SignIn())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client().DeleteAsync("/api/users/fiona")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client(_resolver).DeleteAsync("/api/users/fiona")).StatusCode);
        var admin = _host.Client(_newsroom);
        var removed = await admin.DeleteAsync("/api/users/fiona?reason=" + Uri.EscapeDataString("left the desk"));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/users/fiona")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/users/nobody")).StatusCode);

        // Its token, its session and its password sign in no more; its forecast stays attributed to it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client(_forecaster).GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client(_forecaster).PostAsync("/api/ledger/forecasts", Body(new { question = "war", probabilities = new[] { 0.4 } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/signin", SignIn())).StatusCode);
        var users = JsonDocument.Parse(await admin.GetStringAsync("/api/users")).RootElement;
        Assert.Equal(["nora", "rita", "vic"], users.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        var kept = new LedgerLocation(_db.Location).With(s => s.GetForecasts("war")).Single();
        Assert.Equal(("fiona", "fiona"), (kept.Forecaster, kept.RecordedBy));
        // Nobody else records forecasts under the removed account's name.
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client(_resolver).PostAsync("/api/ledger/forecasts",
            Body(new { question = "war", forecaster = "fiona", forecaster_kind = "person", probabilities = new[] { 0.9 } }))).StatusCode);

        // nora is the only admin: she can be neither removed nor demoted.
        var last = await admin.DeleteAsync("/api/users/nora");
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("last admin and cannot be removed", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
        using var accounts = LedgerStores.OpenAccounts(_db.Location);
        var entry = accounts.AuditLog().First(e => e.Action == "user-remove");
        Assert.Equal(("api:nora", "fiona", "left the desk"), (entry.Actor, entry.Subject, entry.Reason));
    }

    [Fact]
    public async Task An_import_leaves_an_audit_record_per_resolution_it_stores()
    {
        const string file = """
            {"questions": [
              {"id": "q1", "title": "Q1?", "kind": "binary", "criteria": "c", "open_time": "2024-01-01", "close_time": "2024-02-01"},
              {"id": "q2", "title": "Q2?", "kind": "binary", "criteria": "c", "open_time": "2024-01-01", "close_time": "2024-02-01"}],
             "resolutions": [{"question": "q1", "outcome": "yes"}, {"question": "q2", "outcome": "no"}]}
            """;
        StringContent Import(string text) => new(text, Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client(_forecaster).PostAsync("/api/ledger/import?format=ledger", Import(file))).StatusCode);
        var imported = await _host.Client(_resolver).PostAsync("/api/ledger/import?format=ledger", Import(file));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        // A file whose resolution disagrees with the ledger's is refused whole, and leaves no record.
        var refused = await _host.Client(_resolver).PostAsync("/api/ledger/import?format=ledger", Import(file.Replace("\"no\"", "\"yes\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var accounts = LedgerStores.OpenAccounts(_db.Location);
        var log = accounts.AuditLog().Where(e => e.Action is "resolve" or "reresolve").OrderBy(e => e.Subject, StringComparer.Ordinal).ToList();
        Assert.Equal(["q1", "q2"], log.Select(e => e.Subject));
        Assert.All(log, e => Assert.Equal(("rita", "main", "import ledger: request body"), (e.Actor, e.Team, e.Reason)));
        Assert.Equal(["revision 1: resolved 1", "revision 1: resolved 0"], log.Select(e => e.Detail));
    }

    [Fact]
    public async Task Password_sign_in_needs_the_antiforgery_token_and_is_rate_limited()
    {
        var browser = _host.Client();
        var page = await (await browser.GetAsync("/signin")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        FormUrlEncodedContent Form(string password, bool withToken = true) => new(new Dictionary<string, string>
        {
            ["name"] = "fiona", ["password"] = password, ["return"] = "/ledger", [withToken ? "__RequestVerificationToken" : "x"] = token,
        });
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/signin", Form("fiona-password", withToken: false))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/signin", Form("wrong"))).StatusCode);
        var ok = await browser.PostAsync("/signin", Form("fiona-password"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/ledger", ok.Headers.Location!.OriginalString);
        var me = JsonDocument.Parse(await browser.GetStringAsync("/api/me")).RootElement;
        Assert.Equal(("fiona", "forecaster"), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/ledger")).StatusCode);
        // A changed password ends the sessions signed in with the old one, at once.
        using (var accounts = LedgerStores.OpenAccounts(_db.Location)) accounts.SetPassword("fiona", AccountService.HashPassword("a new password"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
        // Attempts beyond the limit per minute are refused before the password is checked.
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < AuthSetup.SignInAttemptsPerMinute + 2; i++) codes.Add((await browser.PostAsync("/signin", Form("wrong"))).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
    }
}

public sealed class SqliteTeamServerSecurityTests() : TeamServerSecurityTests(new SqliteTeamDatabase());

public sealed class PostgresTeamServerSecurityTests() : TeamServerSecurityTests(new PostgresTeamDatabase());
