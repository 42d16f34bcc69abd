using Brink.Accounts;
using Brink.Application;
using Brink.Ledger;
using Brink.Ledger.Scoring;
using Brink.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Brink.Web.Api;

/// <summary>
/// The ledger's routes. Contracts (issues 11 and 12): <c>POST /api/ledger/questions</c> and <c>POST /api/ledger/forecasts</c>
/// create (201), <c>POST /api/ledger/questions/{id}/resolve</c> resolves (201). With accounts on the server each route needs a
/// role (viewer reads, forecaster adds, resolver resolves); a missing or revoked token is 401, a role without the right 403,
/// and a question or team outside the caller's team 404. Each account reads and writes its team's ledger only.
/// </summary>
internal static class LedgerApi
{
    /// <summary>Largest JSON body a ledger route takes; larger ones answer 413.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    private const string TeamNote = " With accounts the ledger is the caller's team's; `team` (optional) must then be that team, else 404.";

    public static void Map(RouteGroupBuilder api)
    {
        var ledger = api.MapGroup("/ledger").WithTags("ledger");
        var viewer = AuthSetup.Policy(Role.Viewer);
        var forecaster = AuthSetup.Policy(Role.Forecaster);
        var resolver = AuthSetup.Policy(Role.Resolver);

        ledger.MapGet("/questions", (Scope scope) => scope.Run(store => ApiResults.Document(LedgerService.ListQuestions(store))))
            .WithName("ledger-questions").WithSummary("Questions with their state and number of forecasts").WithDescription(TeamNote).RequireAuthorization(viewer);
        ledger.MapGet("/questions/{id}", (string id, Scope scope) => scope.Run(store =>
            {
                if (store.GetQuestion(id) is not { } q) return NoQuestion(id);
                return ApiResults.Document(new QuestionDetailDocument(q, store.ResolutionHistory(id), store.GetForecasts(id).Count));
            }))
            .WithName("ledger-question").WithSummary("One question with its resolution history").WithDescription(TeamNote).RequireAuthorization(viewer).ProducesProblem(404);
        ledger.MapPost("/questions", ([FromBody] AddQuestionRequest request, Scope scope) =>
                scope.Run(store => ApiResults.Document(new QuestionAddedDocument(LedgerService.AddQuestion(store, request).Id), 201)))
            .WithName("ledger-add-question").WithSummary("Add a question (id, title, kind, criteria, close…)").RequireAuthorization(forecaster).ProducesProblem(400);
        ledger.MapPost("/forecasts", ([FromBody] AddForecastRequest request, Scope scope) => scope.Run(store =>
            {
                var attributed = scope.Attribute(request);
                var f = LedgerService.AddForecast(store, attributed);
                return ApiResults.Document(new ForecastRecordedDocument(f.Id, f.QuestionId, f.Forecaster, f.MadeAt, f.RecordedBy), 201);
            }))
            .WithName("ledger-add-forecast")
            .WithSummary("Record a forecast (binary: probabilities = [P(yes)])")
            .WithDescription("With accounts the forecast is the signed-in account's (forecaster may be left out). To record an outlet's or pundit's forecast " +
                "give its name as forecaster and forecaster_kind (outlet, person, crowd): it is stored under that name, marked as entered by you (recorded_by).")
            .RequireAuthorization(forecaster).ProducesProblem(400);
        ledger.MapPost("/resolutions", ([FromBody] ResolveRequest request, Scope scope) => scope.Run(store => scope.Resolve(store, request)))
            .WithName("ledger-resolve").WithSummary("Resolve a question (outcome: yes/no, an option, a number or a date; or ambiguous)")
            .RequireAuthorization(resolver).ProducesProblem(400);
        ledger.MapPost("/questions/{id}/resolve", (string id, [FromBody] ResolveRequest request, Scope scope) => scope.Run(store =>
                store.GetQuestion(id) is null ? NoQuestion(id) : scope.Resolve(store, request with { Question = id })))
            .WithName("ledger-resolve-question")
            .WithSummary("Resolve or re-resolve a question: {outcome, evidence} or {ambiguous: true}; re-resolving takes reresolve: true and a reason")
            .WithDescription("Needs the resolver role; leaves an audit record (who, when, why)." + TeamNote)
            .RequireAuthorization(resolver).ProducesProblem(400).ProducesProblem(404);
        ledger.MapPost("/import", async (HttpContext http, Scope scope, string? format, [FromQuery(Name = "skip_bad")] bool? skipBad) =>
            {
                string text;
                using (var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8)) text = await reader.ReadToEndAsync(http.RequestAborted);
                return scope.Run(store => Import(store, format ?? "ledger", text, skipBad ?? false));
            })
            .WithName("ledger-import")
            .WithSummary("Import a Brink ledger file (format=ledger, YAML or JSON as written by 'brink ledger export') or forecasts CSV (format=csv), all or nothing")
            .WithDescription("The body is the file, as 'brink ledger import ledger|csv' reads it (up to the server's body limit, 20 MiB). One transaction: " +
                "201 with the outcome once committed, 400 with every bad row located (line and field) and nothing written; skip_bad=true imports the good rows. " +
                "Needs the resolver role (a file may resolve questions)." + TeamNote)
            .RequireAuthorization(resolver).ProducesProblem(400);
        ledger.MapGet("/leaderboard", (Scope scope, string? metric, [FromQuery(Name = "min_questions")] int? minQuestions, int? top) => scope.Run(store =>
            {
                var m = LeaderboardMetric.Brier;
                if (metric is not null && !LedgerValidation.TryParse(metric, out m))
                    throw new LedgerException($"metric: '{metric}' is not one of {string.Join(", ", Enum.GetValues<LeaderboardMetric>().Select(x => LedgerValidation.Name(x)))}");
                return ApiResults.Document(LedgerService.Leaderboard(store, new LeaderboardRequest { Metric = m, MinQuestions = minQuestions ?? 1, Top = top ?? 30 }));
            }))
            .WithName("ledger-leaderboard").WithSummary("Forecasters ranked on the resolved questions (lower is better)").RequireAuthorization(viewer).ProducesProblem(400);

        api.MapGet("/me", (HttpContext context, AuthState auth) => ApiResults.Document(new SignedInDocument(
            auth.On,
            auth.On ? context.User.Identity?.Name : null,
            BrinkClaims.RoleOf(context.User) is { } r ? AccountNames.Name(r) : null,
            auth.On ? BrinkClaims.TeamOf(context.User) : null)))
            .WithName("me").WithTags("accounts").WithSummary("Who the request is signed in as (and whether this server has accounts)").RequireAuthorization(viewer);
        api.MapGet("/audit", (LedgerLocation server, int? limit) => Scope.Guard(() =>
            {
                using var accounts = LedgerStores.OpenAccounts(server.Path);
                return ApiResults.Document(accounts.AuditLog(Math.Clamp(limit ?? 100, 1, 10_000)));
            }))
            .WithName("audit").WithTags("accounts").WithSummary("The audit log, newest first (admin)").RequireAuthorization(AuthSetup.Policy(Role.Admin));
        MapUsers(api);
    }

    /// <summary>An account as <c>GET /api/users</c> lists it (never a password hash or a token).</summary>
    internal sealed record UserDocument(string Name, string Role, string Team, bool Password, int ValidTokens, int RevokedTokens, DateTimeOffset CreatedAt);

    /// <summary>A new account and its first API token (shown once).</summary>
    internal sealed record NewUserDocument(UserDocument Account, string Token);

    internal sealed record AddUserRequest(string Name, string Role, string? Team);

    internal sealed record SetRoleRequest(string Role);

    internal sealed record RevokedDocument(string Name, int Revoked);

    /// <summary>Account management for admins: the routes of <c>brink user list|add|role|remove|revoke</c>.</summary>
    private static void MapUsers(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("accounts").RequireAuthorization(AuthSetup.Policy(Role.Admin));
        static string Actor(HttpContext c) => "api:" + (c.User.Identity?.Name ?? "?");
        static UserDocument Doc(Account a, IReadOnlyList<ApiToken> tokens) => new(a.Name, AccountNames.Name(a.Role), a.Team, a.PasswordHash is not null,
            tokens.Count(t => t.Account == a.Name && t.RevokedAt is null), tokens.Count(t => t.Account == a.Name && t.RevokedAt is not null), a.CreatedAt);
        users.MapGet("", (LedgerLocation server) => Scope.Guard(() =>
            {
                using var store = LedgerStores.OpenAccounts(server.Path);
                var tokens = store.ListTokens();
                return ApiResults.Document(store.ListAccounts().Select(a => Doc(a, tokens)).ToList());
            }))
            .WithName("users").WithSummary("The accounts with role, team, whether a password is set and their token counts (admin)");
        users.MapPost("", ([FromBody] AddUserRequest request, LedgerLocation server, HttpContext http) => Scope.Guard(() =>
            {
                var (account, token) = AccountService.AddUser(server.Path, request.Name, AccountNames.ParseRole(request.Role), request.Team ?? AccountNames.MainTeam, null, Actor(http));
                using var store = LedgerStores.OpenAccounts(server.Path);
                return ApiResults.Document(new NewUserDocument(Doc(account, store.ListTokens(account.Name)), token), 201);
            }))
            .WithName("user-add").WithSummary("Create an account (API token only; a password is set with 'brink user password'): 201 with its first token, shown once (admin)").ProducesProblem(400);
        users.MapPost("/{name}/role", (string name, [FromBody] SetRoleRequest request, LedgerLocation server, HttpContext http) => Scope.Guard(() =>
            {
                var role = AccountNames.ParseRole(request.Role);
                using var store = LedgerStores.OpenAccounts(server.Path);
                try
                {
                    if (AccountAdministration.SetRole(store, name, role, Actor(http)) is not { } change) return NoUser(name);
                    return ApiResults.Document(Doc(change.After, store.ListTokens(name)));
                }
                catch (LastAdminException e)
                {
                    return ApiResults.Problem(409, "the last admin", e.Message, [Outcome.RequestError("role", e.Message)]);
                }
            }))
            .WithName("user-role").WithSummary("Change an account's role; 409 for the last admin (admin)").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        users.MapDelete("/{name}", (string name, string? reason, LedgerLocation server, HttpContext http) => Scope.Guard(() =>
            {
                using var store = LedgerStores.OpenAccounts(server.Path);
                try
                {
                    return AccountAdministration.Remove(store, name, Actor(http), reason) is null ? NoUser(name) : Results.NoContent();
                }
                catch (LastAdminException e)
                {
                    return ApiResults.Problem(409, "the last admin", e.Message, [Outcome.RequestError("name", e.Message)]);
                }
            }))
            .WithName("user-remove")
            .WithSummary("Remove an account: 204; its tokens answer 401 at once, its forecasts stay attributed to it; 404 for an unknown name, 409 for the last admin (admin)")
            .WithDescription("Nothing stored is deleted: the account is marked removed (see 'brink user list'), its name stays taken. `reason` (optional) goes into the audit log.")
            .Produces(204).ProducesProblem(404).ProducesProblem(409);
        users.MapPost("/{name}/tokens/revoke", (string name, LedgerLocation server, HttpContext http) => Scope.Guard(() =>
            {
                using var store = LedgerStores.OpenAccounts(server.Path);
                if (store.FindAccount(name) is not { } account) return NoUser(name);
                var n = store.RevokeTokens(name);
                store.Audit(new AuditEntry(DateTimeOffset.UtcNow, Actor(http), "token-revoke", account.Team, name, null, $"{n} token(s)"));
                return ApiResults.Document(new RevokedDocument(name, n));
            }))
            .WithName("user-revoke").WithSummary("Revoke all of an account's API tokens; they answer 401 at once (admin)").ProducesProblem(404);
    }

    private static IResult NoUser(string name) =>
        ApiResults.Problem(404, "not found", $"no account '{name}'", [Outcome.RequestError("name", $"no account '{name}'")]);

    /// <summary>Refuses ledger bodies over <see cref="MaxBodyBytes"/> with 413 before they are read.</summary>
    public static void UseBodyLimit(WebApplication app) => app.Use(async (context, next) =>
    {
        // An import is a whole file: it has the server's body limit (BrinkWebOptions.MaxBodyBytes), not the ledger routes' 1 MiB.
        if (context.Request.Path.StartsWithSegments("/api/ledger") && !context.Request.Path.StartsWithSegments("/api/ledger/import"))
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await ApiResults.Problem(413, "request too large", $"a ledger request body may be at most {MaxBodyBytes / 1024} KiB", []).ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxBodyBytes;
        }
        await next(context);
    });

    /// <summary>The files <c>brink ledger import ledger|csv</c> takes, read from the request body and written in one transaction.</summary>
    private static IResult Import(ILedgerStore store, string format, string text, bool skipBad)
    {
        var batch = format switch
        {
            "ledger" => Brink.Ledger.Import.LedgerDocument.Read(new StringReader(text), "request body"),
            "csv" => Brink.Ledger.Import.ForecastCsvImporter.Read(new StringReader(text), "request body", store.GetQuestion),
            _ => throw new LedgerException($"format: '{format}' is not one of ledger, csv"),
        };
        var outcome = store.Import(batch, skipBad);
        if (!outcome.Committed)
            return ApiResults.BadRequest($"import refused: {outcome.Problems.Count(p => p.Severity == Brink.Scenarios.Severity.Error)} bad row(s), nothing was imported (skip_bad=true imports the good rows)", outcome.Problems);
        return ApiResults.Document(outcome, 201);
    }

    private static IResult NoQuestion(string id) =>
        ApiResults.Problem(404, "not found", $"no question '{id}' in this ledger", [Outcome.RequestError("id", $"no question '{id}' in this ledger")]);

    /// <summary>The caller's ledger (its team's) and who is writing: bound per request from the query's <c>team</c> and the signed-in account.</summary>
    internal sealed class Scope
    {
        private readonly HttpContext _context;
        private readonly AuthState _auth;
        private readonly LedgerLocation _server;
        private readonly string? _problem;

        private Scope(HttpContext context, AuthState auth, LedgerLocation server)
        {
            _context = context;
            _auth = auth;
            _server = server;
            var asked = context.Request.Query["team"].ToString() is { Length: > 0 } t ? t : null;
            if (auth.On)
            {
                var own = BrinkClaims.TeamOf(context.User) ?? AccountNames.MainTeam;
                if (asked is not null && asked != own) _problem = $"no team '{asked}' here (or not yours)";
                var me = context.User.Identity?.Name;
                Location = server with { Team = own, ResolutionAudit = me is null ? null : r => AccountService.ResolutionAudit(me, own, r) };
            }
            else
            {
                if (asked is not null && AccountNames.CheckTeam(asked) is { } bad) _problem = bad;
                Location = server with { Team = asked };
            }
        }

        public LedgerLocation Location { get; }

        private string? User => _auth.On ? _context.User.Identity?.Name : null;

        public static ValueTask<Scope?> BindAsync(HttpContext context) =>
            ValueTask.FromResult<Scope?>(new Scope(context, context.RequestServices.GetRequiredService<AuthState>(), context.RequestServices.GetRequiredService<LedgerLocation>()));

        public IResult Run(Func<ILedgerStore, IResult> body) =>
            _problem is { } p ? ApiResults.Problem(404, "not found", p, [Outcome.RequestError("team", p)]) : Guard(() => Location.With(body));

        /// <summary>User mistakes 400; a database that is down or busy 503 with the reason; any other storage failure 500 with its message.</summary>
        public static IResult Guard(Func<IResult> body)
        {
            try
            {
                return body();
            }
            catch (LedgerException ex)
            {
                return ApiResults.BadRequest("ledger: " + ex.Message, [Outcome.RequestError("ledger", ex.Message)]);
            }
            catch (LedgerStorageException ex)
            {
                return StorageProblem(ex);
            }
        }

        public static IResult StorageProblem(LedgerStorageException ex) => ex.Failure switch
        {
            StorageFailure.Unavailable or StorageFailure.Busy => ApiResults.Problem(503, "storage unavailable", ex.Message + "; nothing was written, try again", []),
            StorageFailure.RuleViolation => ApiResults.Problem(409, "refused by the database", ex.Message, []),
            _ => ApiResults.Problem(500, "storage error", ex.Message, []),
        };

        /// <summary>A forecast as the signed-in account's, or another forecaster's marked as entered by it.</summary>
        public AddForecastRequest Attribute(AddForecastRequest request) => ForecastAttribution.Attribute(request, User, name =>
        {
            using var accounts = LedgerStores.OpenAccounts(_server.Path);
            return accounts.FindAccount(name, includeRemoved: true);
        });

        /// <summary>Resolves; with accounts the store (see <see cref="LedgerLocation.ResolutionAudit"/>) writes the audit record in the same transaction.</summary>
        public IResult Resolve(ILedgerStore store, ResolveRequest request)
        {
            var r = LedgerService.Resolve(store, request with { RecordedBy = User });
            return ApiResults.Document(new ResolutionRecordedDocument(r.QuestionId, r.Revision, r.State, r.Value, r.RecordedBy), 201);
        }
    }
}
