using Brink.Application;
using Brink.Application.Report;

namespace Brink.Web.Api;

/// <summary>
/// <c>POST /api/report?format=html|pdf</c>: the body and the run options of <c>/api/run</c> (the scenario's own format is
/// <c>scenario_format</c> here, since <c>format</c> names the report's), answered with the report of
/// <c>brink report</c> as a download.
/// </summary>
internal static class ReportEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/report", Report).WithName("report").WithTags("scenarios")
            .WithSummary("Run the models and export the run as a self-contained HTML report or a PDF")
            .WithDescription("Body: the scenario, as for /api/run (YAML by default; its format by Content-Type or `scenario_format` = yaml, json, csv, tsv). " +
                "Query: `format` = html (default) or pdf, and model, variant, rounds, issue as /api/run (model=smp: the spatial model of politics over each negotiation's dimensions, " +
                "with a trajectory panel per dimension and the 2-D path for two). Answers text/html or application/pdf as an attachment; " +
                "the HTML loads nothing (styles inline, charts as inline SVG, source addresses as text). A PDF needs headless Chromium on the server: without it 503.")
            .ScenarioBody().Produces(200, contentType: "text/html").Produces(200, contentType: "application/pdf")
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(503);
    }

    private static async Task<IResult> Report(HttpRequest request, BrinkWebOptions options, string? format, string? model, string? variant, string? rounds,
        string? issue, CancellationToken cancel)
    {
        if (format is not (null or "html" or "pdf"))
            return ApiResults.BadRequest("bad option", [Outcome.RequestError("format", $"format must be html or pdf, got '{format}' (the scenario's own format is scenario_format)")]);
        var (source, problem) = await ScenarioBody.ReadAsync(request, options.MaxBodyBytes, cancel, formatQuery: "scenario_format");
        if (problem is not null) return problem;
        var r = new Brink.Models.ModelOptions().Rounds;
        if (rounds is not null && !int.TryParse(rounds, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out r))
            return ApiResults.BadRequest("bad option", [Outcome.RequestError("rounds", $"rounds must be a whole number, got '{rounds}'")]);
        var reportFormat = format == "pdf" ? ReportFormat.Pdf : ReportFormat.Html;
        var run = new RunRequest { Scenario = source!, Model = model, Variant = variant, Rounds = r, Issue = issue };
        ReportOutcome outcome;
        try
        {
            outcome = ReportService.Make(new ReportRequest { Run = run, Format = reportFormat, BrinkVersion = BrinkWebHost.Version }, cancel);
        }
        catch (PdfUnavailableException ex)
        {
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "PDF export unavailable", ex.Message, [Outcome.RequestError("format", ex.Message)]);
        }
        if (!outcome.Ok || outcome.Html is null) return ApiResults.BadRequest("invalid scenario or options", outcome.Diagnostics);
        var name = ReportFileName(source!.FileName, reportFormat);
        return outcome.Pdf is { } pdf
            ? Results.File(pdf, "application/pdf", name)
            : Results.File(System.Text.Encoding.UTF8.GetBytes(outcome.Html), "text/html; charset=utf-8", name);
    }

    /// <summary>The download's name: the scenario's file name with the report's extension.</summary>
    public static string ReportFileName(string scenarioFile, ReportFormat format)
    {
        var stem = Path.GetFileNameWithoutExtension(scenarioFile);
        if (string.IsNullOrWhiteSpace(stem)) stem = "scenario";
        return $"{stem}-report.{(format == ReportFormat.Pdf ? "pdf" : "html")}";
    }
}
