using Brink.Application;
using Brink.Ledger;
using Brink.Ledger.Scoring;
using Brink.Store;
using Brink.Web.Jobs;
using Microsoft.AspNetCore.Mvc;

namespace Brink.Web.Api;

/// <summary>
/// The HTTP API. Contracts (issue 11): <c>POST /api/validate</c> → <c>{valid, diagnostics[]}</c>; <c>POST /api/run</c> →
/// exactly the document of <c>brink run --format json</c>; bad input → 400 problem details with <c>diagnostics[]</c>
/// (file, line, column, path, message); too large → 413; internal → 500 without a stack trace.
/// Every route only maps HTTP onto an application-layer request.
/// </summary>
internal static class ApiEndpoints
{
    private const string ScenarioBodyNote = "The request body is the scenario: YAML (default), JSON or CSV, told apart by the `format` query parameter " +
        "(yaml, json, csv, tsv) or the Content-Type (application/yaml, application/json, text/csv). `name` (optional) is the file name used in messages.";

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");

        api.MapPost("/validate", Validate).WithName("validate").WithTags("scenarios")
            .WithSummary("Validate a scenario").WithDescription(ScenarioBodyNote + " Answers {valid, diagnostics[], summary}; 200 whether valid or not.")
            .ScenarioBody().Produces<ValidationDocument>()
            .ProducesProblem(413);

        api.MapPost("/run", Run).WithName("run").WithTags("scenarios")
            .WithSummary("Run the models on a scenario")
            .WithDescription(ScenarioBodyNote + " Query: model, variant, rounds, issue, as `brink run`. Answers exactly the document `brink run --format json` prints " +
                "(model=crisis: the crisis document of `brink run --model crisis --format json`, as POST /api/crisis; " +
                "model=smp: the document of `brink run --model smp --format json` with KTAB's default parameters). " +
                "perspectives=true (`brink run --perspectives`): the EUM from each actor's own view (its beliefs about the others; variant default paper), " +
                "answering exactly the document of `brink run --perspectives --format json` (schema PerspectivesDocument): per issue the true-inputs forecast, " +
                "each actor's expected forecast with its gap and the beliefs used, the colliding dyads (each side expects to challenge the other and win) " +
                "and the beliefs the EUM cannot use; with model=crisis each side's EUM quadrant comes from its own view.")
            .ScenarioBody().Produces<RunDocument>().PerspectivesSchema()
            .ProducesProblem(400).ProducesProblem(413);

        api.MapGet("/models", () => ApiResults.Document(ModelRegistry.Documents()))
            .Produces<IReadOnlyList<ModelDocument>>().WithName("models").WithTags("scenarios").WithSummary("The models and their variants");

        api.MapGet("/scenarios", (IScenarioCatalog catalog) => ApiResults.Document(catalog.Names()))
            .WithName("scenarios").WithTags("scenarios").WithSummary("Names of the bundled scenarios");
        api.MapGet("/scenarios/{name}", (string name, IScenarioCatalog catalog) =>
                catalog.Text(name) is { } text ? Results.Text(text, "application/yaml") : NotFound($"no bundled scenario '{name}'", "name"))
            .WithName("scenario").WithTags("scenarios").WithSummary("A bundled scenario's YAML");

        AnalysisEndpoints.Map(api);

        var jobs = api.MapGroup("/jobs").WithTags("jobs");
        jobs.MapPost("/simulate", StartSimulate).WithName("simulate")
            .WithSummary("Start a Monte Carlo job")
            .WithDescription(ScenarioBodyNote + " Query: draws, seed, model (comma-separated), variant, issue, noise, bins, shocks, as `brink simulate`; " +
                "model=smp: the spatial model of politics, every draw perturbing all dimensions of the negotiation together (`brink simulate --model smp`); " +
                "model=crisis (alone): the crisis model joined to the EUM, as `brink simulate --model crisis` (variant = the EUM variant), with " +
                "threatsFromLedger=true setting each actor's threat_record from this server's ledger (`--threats-from-ledger`; the notices are in the job's notices[]). " +
                "Answers 202 with the job's status; follow /api/jobs/{id}/events, fetch /api/jobs/{id}/result (the document of `brink simulate --format json`).")
            .ScenarioBody().Produces<JobStatus>(202).ProducesProblem(400).ProducesProblem(413);
        jobs.MapPost("/sensitivity", StartSensitivity).WithName("sensitivity")
            .WithSummary("Start a sensitivity job (tornado, Morris, Sobol)")
            .WithDescription(ScenarioBodyNote + " Query: model (default eum), variant, issue (default the first), samples, trajectories, seed, measure (mean|median), " +
                "as `brink sensitivity`. Answers 202 with the job's status; the result is the document of `brink sensitivity --format json`.")
            .ScenarioBody().Produces<JobStatus>(202).ProducesProblem(400).ProducesProblem(413);
        jobs.MapPost("/sweep", StartSweep).WithName("sweep")
            .WithSummary("Start a sweep on the server's cluster (brink serve --cluster URL)")
            .WithDescription("Body: the sweep as JSON, snake_case as every Brink document (PascalCase is accepted too): {\"kind\": \"simulate\"|\"sensitivity\"|\"whatif\"|\"backtest\", " +
                "\"simulate\"|\"sensitivity\"|\"what_if\"|\"backtest\": the request (scenario and DEU files as text), \"chunk_size\": N} (docs/cluster.md). " +
                "Checked as the single-machine command checks it (400 before any work), then run on the cluster's silos; progress in chunks. " +
                "The result is the document of the single-machine command with --format json. Cancel stops the sweep on the cluster and keeps no " +
                "partial result (the job ends cancelled; /result answers 400 \"job cancelled\"). 404 when the server has no cluster.")
            .Produces<JobStatus>(202).ProducesProblem(400).ProducesProblem(404).ProducesProblem(413);
        jobs.MapGet("/{id}", (string id, JobManager manager) => manager.Find(id) is { } job ? ApiResults.Document(job.Status()) : NoJob(id))
            .WithName("job").WithSummary("A job's status and progress");
        jobs.MapGet("/{id}/events", Events).WithName("job-events")
            .WithSummary("Progress as server-sent events").WithDescription("`event: progress` with the status document while it runs (every 250 ms and when a stage starts), then one `event: done`.");
        jobs.MapPost("/{id}/cancel", (string id, JobManager manager) =>
            {
                if (manager.Find(id) is not { } job) return NoJob(id);
                job.Cancel();
                return ApiResults.Document(job.Status(), 202);
            }).WithName("job-cancel").WithSummary("Cancel a job (simulate jobs keep the completed draws as a partial result; other kinds keep none)")
            .WithDescription("Answers 202 with the job's status. A cancelled Monte Carlo job (POST /api/jobs/simulate) keeps the completed draws: " +
                "its status and result say partial: true, and /result answers the partial document. " + NoPartialKinds + " keep no partial result: " +
                "they end cancelled and /result answers 400 \"job cancelled\" with a diagnostic that says so.");
        jobs.MapGet("/{id}/result", (string id, JobManager manager) =>
            {
                if (manager.Find(id) is not { } job) return NoJob(id);
                if (job.State == JobState.Running)
                    return ApiResults.Problem(409, "job still running", $"job {id} is still running; follow /api/jobs/{id}/events", []);
                if (job.Outcome?.Document is not { } document)
                    return job.State == JobState.Cancelled ? Cancelled(job)
                        : ApiResults.BadRequest($"job {id} has no result", job.Outcome?.Diagnostics ?? []);
                return ApiResults.Document(document);
            }).WithName("job-result").WithSummary("The document of a finished job")
            .WithDescription("200: the job's document (a cancelled simulate job: the partial document). 409 while the job runs. 400 when it has none: " +
                "a failed job (its diagnostics), or a cancelled job that keeps no partial result (" + NoPartialKinds + "): title \"job cancelled\".");

        LedgerApi.Map(api);
    }

    private static async Task<IResult> Validate(HttpRequest request, BrinkWebOptions options, CancellationToken cancel)
    {
        var (source, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        return ApiResults.Document(ValidateService.Validate(new ValidateRequest([source!])).Document());
    }

    private static async Task<IResult> Run(HttpRequest request, BrinkWebOptions options, LedgerApi.Scope ledger, string? model, string? variant, string? rounds,
        string? issue, bool? threatsFromLedger, bool? perspectives, CancellationToken cancel)
    {
        if (AnalysisEndpoints.IsCrisisModel(model))
            return await AnalysisEndpoints.Crisis(request, options, ledger, null, variant, rounds, issue, threatsFromLedger, perspectives, cancel);
        var (source, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        if (threatsFromLedger == true)
            return ApiResults.BadRequest("bad option", [Outcome.RequestError("threatsFromLedger", $"--threats-from-ledger applies to --model {ModelRegistry.CrisisModel}")]);
        if (!TryInt(rounds, "rounds", new Brink.Models.ModelOptions().Rounds, out var r, out var bad)) return bad!;
        if (perspectives == true)
        {
            if (model is not null && !model.Equals("eum", StringComparison.OrdinalIgnoreCase))
                return ApiResults.BadRequest("bad option", [Outcome.RequestError("perspectives",
                    "--perspectives runs the EUM; leave out --model or use --model eum (or --model crisis, whose hand-off then reads each side's own view)")]);
            var views = PerspectivesService.Run(new PerspectivesRequest { Scenario = source!, Variant = variant, Rounds = r, Issue = issue }, cancel);
            if (!views.Ok || views.Document is null) return ApiResults.BadRequest("invalid scenario or options", views.Diagnostics);
            return ApiResults.Document(views.Document);
        }
        if (ModelRegistry.IsSmp(model))
        {
            // The SMP stops by its own rule (KTAB's max turns and δ ratio); a rounds value would be silently ignored.
            if (rounds is not null)
                return ApiResults.BadRequest("invalid options", [Outcome.RequestError("rounds", "rounds applies to the EUM; model=smp stops by its own rule (KTAB's stopping rule and maximum turns)")]);
            var smp = SmpRunService.Run(new SmpRunRequest { Scenario = source!, Variant = variant, Issue = issue }, cancel);
            if (!smp.Ok || smp.Document is null) return ApiResults.BadRequest("invalid scenario or options", smp.Diagnostics);
            return ApiResults.Document(smp.Document);
        }
        var outcome = RunService.Run(new RunRequest { Scenario = source!, Model = model, Variant = variant, Rounds = r, Issue = issue }, cancel);
        if (!outcome.Ok || outcome.Document is null) return ApiResults.BadRequest("invalid scenario or options", outcome.Diagnostics);
        return ApiResults.Document(outcome.Document);
    }

    private static async Task<IResult> StartSimulate(HttpRequest request, BrinkWebOptions options, JobManager manager, LedgerApi.Scope ledger, string? draws,
        string? seed, string? model, string? variant, string? issue, string? noise, string? bins, bool? shocks, bool? threatsFromLedger, CancellationToken cancel)
    {
        var (source, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        if (!TryInt(draws, "draws", 1000, out var n, out var bad) || !TryInt(bins, "bins", 20, out var b, out bad)) return bad!;
        if (!ulong.TryParse(seed ?? "1", out var s)) return ApiResults.BadRequest("bad option", [Outcome.RequestError("seed", $"seed must be a whole number ≥ 0, got '{seed}'")]);
        double? noiseValue = null;
        if (noise is not null)
        {
            if (!double.TryParse(noise, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                return ApiResults.BadRequest("bad option", [Outcome.RequestError("noise", $"noise must be a number, got '{noise}'")]);
            noiseValue = v;
        }
        var names = (model ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Any(ModelRegistry.IsCrisis))
        {
            if (names.Length > 1)
                return ApiResults.BadRequest("bad option", [Outcome.RequestError("model", $"--model {ModelRegistry.CrisisModel} runs alone (it runs the EUM itself)")]);
            if (shocks == true)
                return ApiResults.BadRequest("bad option", [Outcome.RequestError("shocks", $"--shocks does not apply to --model {ModelRegistry.CrisisModel}")]);
            var crisis = new CrisisSimulateRequest { Scenario = source!, Draws = n, Seed = s, Bins = b, Noise = noiseValue, Issue = issue, Variant = variant };
            if (crisis.Validate() is { Count: > 0 } crisisProblems) return ApiResults.BadRequest("bad options", crisisProblems);
            var crisisLoad = ScenarioInputs.Load(source!, issue);
            if (!crisisLoad.Ok) return ApiResults.BadRequest("invalid scenario", crisisLoad.Diagnostics);
            if (issue is not null && crisisLoad.Scenario!.FindIssue(issue) is null)
                return ApiResults.BadRequest("bad option",
                    [Outcome.RequestError("issue", $"{source!.FileName}: --issue: {crisisLoad.Scenario.UnknownIssueMessage(issue)}")]);
            if (threatsFromLedger == true)
            {
                if (ServerThreats.Read(ledger, out var records) is { } ledgerProblem) return ledgerProblem;
                crisis = crisis with { ThreatRecords = records };
            }
            var crisisJob = SimulationJobs.Start(manager, crisis);
            return Results.Text(BrinkJson.Serialize(crisisJob.Status()) + "\n", "application/json", System.Text.Encoding.UTF8, 202);
        }
        if (threatsFromLedger == true)
            return ApiResults.BadRequest("bad option", [Outcome.RequestError("threatsFromLedger", $"--threats-from-ledger applies to --model {ModelRegistry.CrisisModel}")]);
        var simulate = new SimulateRequest
        {
            Scenario = source!, Draws = n, Seed = s, Bins = b, Noise = noiseValue, Issue = issue, Variant = variant, Shocks = shocks ?? false,
            Models = model is null ? [] : [model],
        };
        // Options and scenario are checked before the job starts, so bad input answers 400 at once: the request's own checks, then every
        // check the run makes before its first draw (the scenario, an unknown issue, models, size limits, correlations).
        var problems = simulate.Validate();
        if (problems.Count > 0) return ApiResults.BadRequest("bad options", problems);
        if (SimulateService.Prepare(simulate).Failure is { } failure) return ApiResults.BadRequest("invalid scenario or options", failure.Diagnostics);
        var job = SimulationJobs.Start(manager, simulate);
        return Results.Text(BrinkJson.Serialize(job.Status()) + "\n", "application/json", System.Text.Encoding.UTF8, 202);
    }

    private static async Task<IResult> StartSensitivity(HttpRequest request, BrinkWebOptions options, JobManager manager, string? model, string? variant,
        string? issue, string? samples, string? trajectories, string? seed, string? measure, CancellationToken cancel)
    {
        var (source, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        var defaults = new Brink.Simulation.SensitivityOptions();
        if (!TryInt(samples, "samples", defaults.SobolSamples, out var n, out var bad) || !TryInt(trajectories, "trajectories", defaults.MorrisTrajectories, out var t, out bad)) return bad!;
        if (!ulong.TryParse(seed ?? "1", out var s)) return ApiResults.BadRequest("bad option", [Outcome.RequestError("seed", $"seed must be a whole number ≥ 0, got '{seed}'")]);
        if (measure is not (null or "mean" or "median"))
            return ApiResults.BadRequest("bad option", [Outcome.RequestError("measure", $"measure must be mean or median, got '{measure}'")]);
        var sensitivity = new SensitivityRequest
        {
            Scenario = source!, Model = model ?? Brink.Simulation.ModelRunner.DefaultModel, Variant = variant, Issue = issue,
            Options = defaults with
            {
                SobolSamples = n,
                MorrisTrajectories = t,
                Seed = s,
                Measure = measure == "median" ? Brink.Simulation.ForecastMeasure.Median : Brink.Simulation.ForecastMeasure.Mean,
            },
        };
        var problems = sensitivity.Validate();
        if (problems.Count > 0) return ApiResults.BadRequest("bad options", problems);
        var load = ScenarioInputs.Load(source!);
        if (!load.Ok) return ApiResults.BadRequest("invalid scenario", load.Diagnostics);
        var job = manager.Start("sensitivity", (job, token) =>
        {
            var outcome = SensitivityService.Run(sensitivity, job, cancellation: token);
            return new JobOutcome(outcome.Result is { } r ? SensitivityDocument.Of(r, []) : null, outcome.Diagnostics, outcome.Notices);
        });
        return Results.Text(BrinkJson.Serialize(job.Status()) + "\n", "application/json", System.Text.Encoding.UTF8, 202);
    }

    private static async Task<IResult> StartSweep(HttpRequest request, BrinkWebOptions options, JobManager manager, CancellationToken cancel)
    {
        if (options.Sweeps is not { } sweeps)
            return ApiResults.Problem(404, "no cluster", "this server runs no sweeps: start it with brink serve --cluster postgres://… (docs/cluster.md)", []);
        var (body, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        var spec = body!.Text ?? "";
        var problems = sweeps.Check(spec);
        if (problems.Count > 0) return ApiResults.BadRequest("sweep refused", problems);
        var job = manager.Start("sweep", (job, token) =>
        {
            var outcome = sweeps.Run(spec, job, token);
            object? document = outcome.Document is { } d ? System.Text.Json.JsonDocument.Parse(d).RootElement.Clone() : null;
            return new JobOutcome(document, outcome.Diagnostics, outcome.SweepId is { } id ? [$"sweep {id}", .. outcome.Notices] : outcome.Notices,
                Cancelled: outcome.Cancelled);
        });
        return Results.Text(BrinkJson.Serialize(job.Status()) + "\n", "application/json", System.Text.Encoding.UTF8, 202);
    }

    private static async Task Events(string id, JobManager manager, HttpContext context, CancellationToken cancel)
    {
        if (manager.Find(id) is not { } job)
        {
            await NoJob(id).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            while (true)
            {
                var stageStarted = job.StageStarted;
                var status = job.Status();
                var running = status.State == JobState.Running;
                var json = System.Text.Json.JsonSerializer.Serialize(status, BrinkJson.Line);
                await context.Response.WriteAsync($"event: {(running ? "progress" : "done")}\ndata: {json}\n\n", cancel);
                await context.Response.Body.FlushAsync(cancel);
                if (!running) return;
                // Every 250 ms, at once when a stage starts, and when the job ends.
                await Task.WhenAny(job.Completion, stageStarted, Task.Delay(250, cancel));
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away; the job goes on.
        }
    }

    private static bool TryInt(string? text, string field, int fallback, out int value, out IResult? problem)
    {
        problem = null;
        value = fallback;
        if (text is null || int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value)) return true;
        problem = ApiResults.BadRequest("bad option", [Outcome.RequestError(field, $"{field} must be a whole number, got '{text}'")]);
        return false;
    }

    /// <summary>The job kinds whose cancellation keeps no partial result (only the Monte Carlo of POST /api/jobs/simulate keeps its completed draws).</summary>
    private const string NoPartialKinds = "Sensitivity, backtest, crisis-backtest and sweep jobs";

    /// <summary>400 for a cancelled job without a document: what was cancelled and that nothing of it is kept.</summary>
    private static IResult Cancelled(Job job)
    {
        var what = job.Kind switch
        {
            "backtest" => "back-test",
            "crisis-backtest" => "crisis back-test",
            "sensitivity" => "sensitivity analysis",
            _ => job.Kind,
        };
        var message = job.Kind == "simulate"
            ? $"simulate cancelled before any draw completed; there is no partial result (job {job.Id})"
            : $"{what} cancelled; a cancelled {what} keeps no partial result (job {job.Id})";
        return ApiResults.Problem(StatusCodes.Status400BadRequest, "job cancelled", message,
            [Outcome.RequestError("id", message), .. job.Outcome?.Diagnostics ?? []]);
    }

    private static IResult NotFound(string message, string field) => ApiResults.Problem(404, "not found", message, [Outcome.RequestError(field, message)]);

    private static IResult NoJob(string id) => NotFound($"no job '{id}' (jobs live in memory until the server stops)", "id");
}

/// <summary>
/// Documents the scenario body in OpenAPI without restricting the Content-Type (an <c>Accepts</c> would answer 415
/// to clients that send YAML as text/plain or form data).
/// </summary>
internal static class ScenarioBodyMetadata
{
    public static RouteHandlerBuilder ScenarioBody(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var text = new Microsoft.OpenApi.OpenApiMediaType { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } };
            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = true,
                Description = "The scenario (YAML, JSON or CSV).",
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                {
                    ["application/yaml"] = text, ["application/json"] = text, ["text/csv"] = text,
                },
            };
            return Task.CompletedTask;
        });
}

/// <summary>The 200 answer of <c>POST /api/run</c> in OpenAPI: the run document, or with <c>perspectives=true</c> the perspectives document.</summary>
internal static class PerspectivesMetadata
{
    public static RouteHandlerBuilder PerspectivesSchema(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancel) =>
        {
            if (operation.Responses is null || !operation.Responses.TryGetValue("200", out var ok) || ok.Content is null) return;
            if (!ok.Content.TryGetValue("application/json", out var media) || media.Schema is not { } run) return;
            var views = await context.GetOrCreateSchemaAsync(typeof(PerspectivesDocument), null, cancel);
            var smp = await context.GetOrCreateSchemaAsync(typeof(SmpDocument), null, cancel);
            var crisis = await context.GetOrCreateSchemaAsync(typeof(CrisisDocument), null, cancel);
            media.Schema = new Microsoft.OpenApi.OpenApiSchema
            {
                Description = "RunDocument; with perspectives=true PerspectivesDocument (the document of `brink run --perspectives --format json`); " +
                              "with model=smp SmpDocument (`brink run --model smp --format json`); with model=crisis CrisisDocument (`brink run --model crisis --format json`)",
                OneOf = [run, views, smp, crisis],
            };
        });
}

/// <summary>Simulation jobs, shared by the API and the workbench.</summary>
internal static class SimulationJobs
{
    public static Job Start(JobManager manager, SimulateRequest request) =>
        manager.Start("simulate", (job, cancel) =>
        {
            var outcome = SimulateService.Run(request, job, cancellation: cancel);
            return new JobOutcome(outcome.Report, outcome.Diagnostics, outcome.Notices, outcome.Partial);
        });

    /// <summary>The crisis Monte Carlo (<c>model=crisis</c>); its result is the document of <c>brink simulate --model crisis --format json</c>.</summary>
    public static Job Start(JobManager manager, CrisisSimulateRequest request) =>
        manager.Start("simulate", (job, cancel) =>
        {
            var outcome = CrisisSimulateService.Run(request, job, cancellation: cancel);
            return new JobOutcome(outcome.Document, outcome.Diagnostics, outcome.Notices, outcome.Partial);
        });
}

/// <summary><c>threatsFromLedger=true</c>: the follow-through records of this server's ledger (the one <c>brink serve --db</c> opened, the caller's team).</summary>
internal static class ServerThreats
{
    /// <summary>Null when read (then <paramref name="records"/> holds them), else the problem to answer.</summary>
    public static IResult? Read(LedgerApi.Scope ledger, out IReadOnlyList<Brink.Ledger.ActorThreatRecord> records)
    {
        IReadOnlyList<Brink.Ledger.ActorThreatRecord> read = [];
        var result = ledger.Run(store =>
        {
            read = CrisisService.ThreatRecordsOf(store);
            return Results.Empty;
        });
        records = read;
        return ReferenceEquals(result, Results.Empty) ? null : result;
    }
}
