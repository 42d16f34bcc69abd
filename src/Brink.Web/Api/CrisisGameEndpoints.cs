using System.Text.Json;
using Brink.Application;

namespace Brink.Web.Api;

/// <summary>
/// The textbook crisis games over HTTP: <c>POST /api/crisis/games/{game}</c> (optimism, bargain, audience, preventive, interaction) and
/// <c>POST /api/crisis/backtest</c> (synchronous) and its job <c>POST /api/jobs/crisis-backtest</c>. The body is the game's request record as JSON (snake_case fields, as every Brink document); the answer
/// is exactly the document <c>brink crisis GAME … --format json</c> prints; bad input answers 400 with located <c>diagnostics[]</c>.
/// </summary>
internal static class CrisisGameEndpoints
{
    /// <summary>The games, their request types and services.</summary>
    private static readonly Dictionary<string, (Type Request, Func<CrisisGameRequest, object> Run)> Games = new(StringComparer.Ordinal)
    {
        ["optimism"] = (typeof(OptimismRequest), r => CrisisGameService.OptimismDocumentOf((OptimismRequest)r)),
        ["bargain"] = (typeof(BargainRequest), r => CrisisGameService.Bargain((BargainRequest)r)),
        ["audience"] = (typeof(AudienceRequest), r => CrisisGameService.Audience((AudienceRequest)r)),
        ["preventive"] = (typeof(PreventiveRequest), r => CrisisGameService.Preventive((PreventiveRequest)r)),
        ["interaction"] = (typeof(InteractionRequest), r => CrisisGameService.Interaction((InteractionRequest)r)),
    };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/crisis/games/{game}", Game).WithName("crisis-game").WithTags("crisis")
            .WithSummary("A textbook crisis game (optimism, bargain, audience, preventive, interaction)")
            .WithDescription("The body is the game's request as JSON, fields as the CLI's options in snake_case: " +
                "optimism {p_a, p_b, cost_a, cost_b} or {sweep: true, p, cost_max[], max_gap, steps}; bargain {p, cost_a, cost_b_max}; " +
                "audience {p, cost_d, audience_cost, prior_resolved}; preventive {path[], cost_a, cost_b, discount (default 0.9)}; " +
                "interaction {payoffs_a[8], payoffs_b[8], lambda (optional)} in the order sq,nego,acq_a,acq_b,cap_a,cap_b,war_a,war_b. " +
                "Answers exactly the document `brink crisis GAME … --format json` prints.")
            .Accepts<JsonElement>("application/json").Produces(200, contentType: "application/json").ProducesProblem(400).ProducesProblem(404).ProducesProblem(413);

        api.MapPost("/crisis/backtest", Backtest).WithName("crisis-backtest").WithTags("crisis")
            .WithSummary("The crisis model's back-test on ICB crises and MIDs (synchronous; the job is POST /api/jobs/crisis-backtest)")
            .WithDescription("Body (optional): {cutoff (1980), folds (5), seed (42)}, as `brink crisis backtest`. The data are the server's " +
                "(shared/reference/crisis above its folder, or $BRINK_REFERENCE/crisis); `data` is not accepted over HTTP. Synchronous (about 15 s; " +
                "a client that goes away stops it): POST /api/jobs/crisis-backtest runs the same as a job with progress and cancellation. " +
                "Answers exactly the document `brink crisis backtest --format json` prints.")
            .Accepts<CrisisBacktestRequest>("application/json").Produces<CrisisBacktestDocument>().ProducesProblem(400).ProducesProblem(413);

        api.MapPost("/jobs/crisis-backtest", StartBacktest).WithName("crisis-backtest-job").WithTags("jobs", "crisis")
            .WithSummary("Start a crisis back-test job (ICB crises and MIDs)")
            .WithDescription("Body (optional): {cutoff (1980), folds (5), seed (42)}, as `brink crisis backtest` and POST /api/crisis/backtest; the server's data. " +
                "Bad options answer 400 at once. Answers 202 with the job's status (stages: reading the data, then one step per score); follow " +
                "/api/jobs/{id}/events, cancel with /api/jobs/{id}/cancel (a cancelled back-test keeps no partial result), fetch /api/jobs/{id}/result " +
                "(exactly the document `brink crisis backtest --format json` prints).")
            .Accepts<CrisisBacktestRequest>("application/json").Produces<Brink.Web.Jobs.JobStatus>(202).ProducesProblem(400).ProducesProblem(413);
    }

    private static async Task<IResult> Game(string game, HttpRequest request, BrinkWebOptions options, CancellationToken cancel)
    {
        if (!Games.TryGetValue(game, out var entry))
            return ApiResults.Problem(StatusCodes.Status404NotFound, "unknown game", $"no crisis game '{game}': one of {string.Join(", ", Games.Keys)}",
                [Outcome.RequestError("game", $"no crisis game '{game}': one of {string.Join(", ", Games.Keys)}")]);
        var (body, problem) = await ReadAsync(request, entry.Request, options.MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        var typed = (CrisisGameRequest)body!;
        if (typed.Validate() is { Count: > 0 } diagnostics) return ApiResults.BadRequest("invalid request", diagnostics);
        return ApiResults.Document(entry.Run(typed));
    }

    private static async Task<IResult> Backtest(HttpRequest request, BrinkWebOptions options, CancellationToken cancel)
    {
        var (typed, problem) = await ReadBacktestAsync(request, options, cancel);
        if (problem is not null) return problem;
        var document = await Task.Run(() => CrisisGameService.Backtest(typed!, cancellation: cancel), cancel);
        return ApiResults.Document(document);
    }

    /// <summary><c>POST /api/jobs/crisis-backtest</c>: the request is read and checked before the job starts (bad options answer 400 at once).</summary>
    private static async Task<IResult> StartBacktest(HttpRequest request, BrinkWebOptions options, Brink.Web.Jobs.JobManager manager, CancellationToken cancel)
    {
        var (typed, problem) = await ReadBacktestAsync(request, options, cancel);
        if (problem is not null) return problem;
        var job = manager.Start("crisis-backtest", (job, token) => new Brink.Web.Jobs.JobOutcome(CrisisGameService.Backtest(typed!, job, token), [], []));
        return ApiResults.Document(job.Status(), StatusCodes.Status202Accepted);
    }

    /// <summary>The back-test request of the body (empty = the defaults), refused with a located 400 when it names a data folder or has problems.</summary>
    private static async Task<(CrisisBacktestRequest? Request, IResult? Problem)> ReadBacktestAsync(HttpRequest request, BrinkWebOptions options, CancellationToken cancel)
    {
        var (body, problem) = await ReadAsync(request, typeof(CrisisBacktestRequest), options.MaxBodyBytes, cancel, allowEmpty: true);
        if (problem is not null) return (null, problem);
        var typed = (CrisisBacktestRequest?)body ?? new CrisisBacktestRequest();
        if (typed.Data is not null)
            return (null, ApiResults.BadRequest("invalid request", [Outcome.RequestError("data", "data is not accepted over HTTP: the server's reference data are used")]));
        if (typed.Validate() is { Count: > 0 } diagnostics) return (null, ApiResults.BadRequest("invalid request", diagnostics));
        return (typed, null);
    }

    /// <summary>The body as a request record; a 400 (malformed JSON, located at its line) or 413 otherwise.</summary>
    private static async Task<(object? Body, IResult? Problem)> ReadAsync(HttpRequest request, Type type, long maxBytes, CancellationToken cancel, bool allowEmpty = false)
    {
        if (request.ContentLength > maxBytes)
            return (null, ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "request too large", $"the body is over {maxBytes} bytes", []));
        using var reader = new StreamReader(request.Body);
        var buffer = new char[maxBytes + 1 > 1 << 20 ? 1 << 20 : maxBytes + 1];
        var text = new System.Text.StringBuilder();
        int n;
        while ((n = await reader.ReadAsync(buffer, cancel)) > 0)
        {
            text.Append(buffer, 0, n);
            if (text.Length > maxBytes)
                return (null, ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "request too large", $"the body is over {maxBytes} bytes", []));
        }
        if (text.Length == 0 || string.IsNullOrWhiteSpace(text.ToString()))
            return allowEmpty ? (null, null) : (null, ApiResults.BadRequest("invalid request", [Outcome.RequestError("", "the body must be the game's request as a JSON object")]));
        try
        {
            var value = JsonSerializer.Deserialize(text.ToString(), type, BrinkJson.Options);
            return value is null
                ? (null, ApiResults.BadRequest("invalid request", [Outcome.RequestError("", "the body must be the game's request as a JSON object")]))
                : (value, null);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            var path = e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "";
            return (null, ApiResults.BadRequest("malformed JSON", [new Brink.Scenarios.Diagnostic(Outcome.RequestFile, line, column, path,
                e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                    ? $"the body is not a valid request: unknown field '{path}'"
                    : $"the body is not a valid request: malformed JSON or a value of the wrong type{(path.Length > 0 ? $" at '{path}'" : "")} (numbers, lists of numbers, true/false)")]));
        }
    }
}
