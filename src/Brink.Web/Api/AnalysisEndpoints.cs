using System.Globalization;
using Brink.Application;
using Brink.Web.Jobs;

namespace Brink.Web.Api;

/// <summary>
/// The crisis model, the what-if search and the DEU back-test over HTTP: <c>POST /api/crisis</c>, <c>POST /api/whatif</c>
/// (both synchronous: seconds at most on the bundled scenarios) and the back-test job <c>POST /api/jobs/backtest</c>. Each answers
/// exactly the document its CLI command prints with <c>--format json</c>; bad input answers 400 with located diagnostics.
/// </summary>
internal static class AnalysisEndpoints
{
    private const string ScenarioBodyNote = "The request body is the scenario: YAML (default), JSON or CSV, told apart by the `format` query parameter " +
        "(yaml, json, csv, tsv) or the Content-Type (application/yaml, application/json, text/csv). `name` (optional) is the file name used in messages.";

    public static void Map(RouteGroupBuilder api)
    {
        CrisisGameEndpoints.Map(api);
        api.MapPost("/crisis", Crisis).WithName("crisis").WithTags("scenarios")
            .WithSummary("The crisis model on a scenario's dyads")
            .WithDescription(ScenarioBodyNote + " Query: join (eum, the default: the EUM's quadrants pick the dyads, as `brink run --model crisis`; " +
                "none: every dyad, as `brink crisis scenario`), variant (the EUM variant, default paper), rounds, issue, " +
                "perspectives=true (each side's quadrant from the EUM on its own beliefs, as `brink run --model crisis --perspectives`). " +
                "threatsFromLedger=true: each actor's threat_record from this server's ledger, as --threats-from-ledger; the notices the CLI prints come as " +
                "`Brink-Notice` response headers (one per notice, percent-encoded UTF-8). " +
                "Answers exactly the document that command prints with --format json. `POST /api/run?model=crisis` answers the same as join=eum.")
            .ScenarioBody().Produces<CrisisDocument>().ProducesProblem(400).ProducesProblem(413);

        api.MapPost("/whatif", WhatIf).WithName("whatif").WithTags("scenarios")
            .WithSummary("The one change that moves a forecast closest to a target")
            .WithDescription(ScenarioBodyNote + " Query: target (required), model (default eum), variant, issue (default the first), actors (comma-separated), " +
                "max_position_change, max_salience_change, parameters (position,salience | position | salience), measure (mean|median), as `brink whatif`. " +
                "Answers exactly the document `brink whatif --format json` prints, with the bounds searched.")
            .ScenarioBody().Produces<Brink.Simulation.WhatIfResult>().ProducesProblem(400).ProducesProblem(413);

        api.MapPost("/jobs/backtest", StartBacktest).WithName("backtest").WithTags("jobs")
            .WithSummary("Start a DEU back-test job")
            .WithDescription("The request body is a file in the DEU layout (tab-separated, columns found by header name; e.g. deu3_dev.tsv). " +
                "Query: models (comma-separated; default every default model), capabilities (votes|gdp|equal), name (the file name in the document and messages). " +
                "Or multipart/form-data: part `data` the DEU file, `fit` (optional) the file learned models are fitted on (`--fit`; its name from the part's " +
                "file name or fit_name), `protocol` (optional) the protocol JSON (`--protocol`; default the built-in protocol, backtest/protocol.json). " +
                "Proposals in both files give the warning backtest-fit-overlap in the document. Answers 202 with the job's status; follow /api/jobs/{id}/events, cancel with " +
                "/api/jobs/{id}/cancel, fetch /api/jobs/{id}/result (the document of `brink backtest deu --format json`).")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var text = new Microsoft.OpenApi.OpenApiMediaType { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } };
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true, Description = "The DEU data file (tab-separated).",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["text/tab-separated-values"] = text },
                };
                return Task.CompletedTask;
            })
            .Produces<JobStatus>(202).ProducesProblem(400).ProducesProblem(413);
    }

    /// <summary><c>POST /api/run?model=crisis</c>: the crisis model is registered with kind <see cref="ModelKind.Crisis"/>, run by its own service.</summary>
    public static bool IsCrisisModel(string? model) => ModelRegistry.Find(model)?.Kind == ModelKind.Crisis;

    internal static async Task<IResult> Crisis(HttpRequest request, BrinkWebOptions options, LedgerApi.Scope ledger, string? join, string? variant, string? rounds,
        string? issue, bool? threatsFromLedger, bool? perspectives, CancellationToken cancel)
    {
        var (source, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        if (join is not (null or "eum" or "none"))
            return ApiResults.BadRequest("bad option", [Outcome.RequestError("join", $"join must be eum or none, got '{join}'")]);
        if (!TryInt(rounds, "rounds", new Brink.Models.ModelOptions().Rounds, out var r, out var bad)) return bad!;
        var crisis = new CrisisRequest { Scenario = source!, JoinEum = join != "none", Variant = variant, Rounds = r, Issue = issue, Perspectives = perspectives == true };
        if (threatsFromLedger == true)
        {
            if (crisis.Validate() is { Count: > 0 } problems) return ApiResults.BadRequest("bad options", problems);
            if (ServerThreats.Read(ledger, out var records) is { } ledgerProblem) return ledgerProblem;
            crisis = crisis with { ThreatRecords = records };
        }
        var outcome = CrisisService.Run(crisis, cancel);
        if (!outcome.Ok || outcome.Document is null) return ApiResults.BadRequest("invalid scenario or options", outcome.Diagnostics);
        // The document is the CLI's, byte for byte; the notices (e.g. the threat records taken from the ledger) travel as headers.
        return new NoticesResult(ApiResults.Document(outcome.Document), outcome.Notices);
    }

    private static async Task<IResult> WhatIf(HttpRequest request, BrinkWebOptions options, string? target, string? model, string? variant, string? issue,
        string? actors, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "max_position_change")] string? maxPosition,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "max_salience_change")] string? maxSalience, string? parameters, string? measure, CancellationToken cancel)
    {
        var (source, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        if (target is null) return ApiResults.BadRequest("bad option", [Outcome.RequestError("target", "give the target: the forecast value to approach (target=…)")]);
        if (!TryDouble(target, "target", out var t, out var bad)
            || !TryOptionalDouble(maxPosition, "max_position_change", out var maxPos, out bad)
            || !TryOptionalDouble(maxSalience, "max_salience_change", out var maxSal, out bad)) return bad!;
        Brink.Simulation.IssueField[] fields;
        switch (parameters)
        {
            case null or "position,salience" or "salience,position": fields = [Brink.Simulation.IssueField.Position, Brink.Simulation.IssueField.Salience]; break;
            case "position": fields = [Brink.Simulation.IssueField.Position]; break;
            case "salience": fields = [Brink.Simulation.IssueField.Salience]; break;
            default: return ApiResults.BadRequest("bad option", [Outcome.RequestError("parameters", $"parameters must be position,salience, position or salience, got '{parameters}'")]);
        }
        if (measure is not (null or "mean" or "median"))
            return ApiResults.BadRequest("bad option", [Outcome.RequestError("measure", $"measure must be mean or median, got '{measure}'")]);
        var whatIf = new WhatIfRequest
        {
            Scenario = source!, Target = t, Model = model ?? Brink.Simulation.ModelRunner.DefaultModel, Variant = variant, Issue = issue,
            Actors = actors is null ? [] : [actors], MaxPositionChange = maxPos, MaxSalienceChange = maxSal, Parameters = fields,
            Measure = measure == "median" ? Brink.Simulation.ForecastMeasure.Median : Brink.Simulation.ForecastMeasure.Mean,
        };
        var outcome = WhatIfService.Run(whatIf, cancellation: cancel);
        if (!outcome.Ok || outcome.Result is null) return ApiResults.BadRequest("invalid scenario or options", outcome.Diagnostics);
        return ApiResults.Document(outcome.Result);
    }

    private static async Task<IResult> StartBacktest(HttpRequest request, BrinkWebOptions options, JobManager manager, string? models, string? capabilities,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "fit_name")] string? fitName, CancellationToken cancel)
    {
        ScenarioSource? source, fit = null;
        string? protocol = null;
        var protocolName = "protocol.json";
        if (request.HasFormContentType)
        {
            // multipart/form-data: the DEU file in part `data`, optionally the --fit file in `fit` and the --protocol JSON in `protocol`.
            if (request.ContentLength is { } length && length > options.MaxBodyBytes)
                return ApiResults.Problem(413, "request body too large", $"larger than {options.MaxBodyBytes} bytes", [Outcome.RequestError("body", $"larger than {options.MaxBodyBytes} bytes")]);
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancel);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                return ApiResults.BadRequest("unreadable form", [Outcome.RequestError("body", $"the form cannot be read: {ex.Message}")]);
            }
            async Task<(string? Text, string? Name)> Part(string field)
            {
                if (form.Files.GetFile(field) is { } file)
                {
                    using var reader = new StreamReader(file.OpenReadStream(), new System.Text.UTF8Encoding(false));
                    return (await reader.ReadToEndAsync(cancel), string.IsNullOrWhiteSpace(file.FileName) ? null : Path.GetFileName(file.FileName));
                }
                return form.TryGetValue(field, out var value) && value.Count > 0 ? (value[0], null) : (null, null);
            }
            var (dataText, dataName) = await Part("data");
            if (dataText is null) return ApiResults.BadRequest("no DEU file", [Outcome.RequestError("data", "the form has no `data` part (the DEU file)")]);
            var name = request.Query["name"] is { Count: > 0 } n && !string.IsNullOrWhiteSpace(n[0]) ? n[0]!.Trim() : dataName ?? "deu.tsv";
            source = ScenarioSource.FromText(dataText, Brink.Scenarios.ScenarioFormat.Tsv, name);
            var (fitText, fitPartName) = await Part("fit");
            if (fitText is not null) fit = ScenarioSource.FromText(fitText, Brink.Scenarios.ScenarioFormat.Tsv, fitName ?? fitPartName ?? "fit.tsv");
            var (protocolText, protocolPartName) = await Part("protocol");
            protocol = protocolText;
            protocolName = protocolPartName ?? protocolName;
        }
        else
        {
            var (body, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel);
            if (problem is not null) return problem;
            source = request.Query.ContainsKey("name") ? body! : body! with { FileName = "deu.tsv" };
        }
        var backtest = new DeuBacktestRequest
        {
            Data = source!, Fit = fit, Models = models is null ? [] : [models], Capabilities = capabilities ?? "votes", ProtocolText = protocol, ProtocolName = protocolName,
        };
        // Options, protocol and files are checked before the job starts, so a file that is not in the DEU layout answers 400 at once.
        if (backtest.Validate() is { Count: > 0 } problems) return ApiResults.BadRequest("bad options", problems);
        if (BacktestService.Check(backtest) is { Count: > 0 } invalid) return ApiResults.BadRequest("invalid DEU file or protocol", invalid);
        var job = BacktestJobs.Start(manager, backtest);
        return Results.Text(BrinkJson.Serialize(job.Status()) + "\n", "application/json", System.Text.Encoding.UTF8, 202);
    }

    private static bool TryInt(string? text, string field, int fallback, out int value, out IResult? problem)
    {
        problem = null;
        value = fallback;
        if (text is null || int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        problem = ApiResults.BadRequest("bad option", [Outcome.RequestError(field, $"{field} must be a whole number, got '{text}'")]);
        return false;
    }

    private static bool TryDouble(string text, string field, out double value, out IResult? problem)
    {
        problem = null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)) return true;
        problem = ApiResults.BadRequest("bad option", [Outcome.RequestError(field, $"{field} must be a finite number, got '{text}'")]);
        return false;
    }

    private static bool TryOptionalDouble(string? text, string field, out double? value, out IResult? problem)
    {
        value = null;
        problem = null;
        if (text is null) return true;
        if (!TryDouble(text, field, out var v, out problem)) return false;
        value = v;
        return true;
    }
}

/// <summary>A result with the outcome's notices as <c>Brink-Notice</c> headers (percent-encoded: headers are ASCII).</summary>
internal sealed class NoticesResult(IResult inner, IReadOnlyList<string> notices) : IResult
{
    public const string Header = "Brink-Notice";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (notices.Count > 0) httpContext.Response.Headers[Header] = new Microsoft.Extensions.Primitives.StringValues([.. notices.Select(Uri.EscapeDataString)]);
        return inner.ExecuteAsync(httpContext);
    }
}

/// <summary>The DEU back-test as a job (the API's <c>POST /api/jobs/backtest</c> and the workbench's back-test page); its result is the document of <c>brink backtest deu --format json</c>.</summary>
internal static class BacktestJobs
{
    /// <summary>Starts the back-test; check the request first (<see cref="BacktestService.Check"/>). Progress counts models; a cancelled back-test keeps no result.</summary>
    public static Job Start(JobManager manager, DeuBacktestRequest request) =>
        manager.Start("backtest", (job, token) =>
        {
            var outcome = BacktestService.Run(request, job, token);
            return new JobOutcome(outcome.Document, outcome.Diagnostics, outcome.Notices);
        });
}
