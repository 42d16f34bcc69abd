using System.Globalization;
using System.Text;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Application.Report;

/// <summary>
/// Writes a run as one self-contained HTML document: styles inline, charts as inline SVG, no script, no
/// font, image or link that would load anything; source addresses are printed as text.
/// </summary>
public static class RunReportHtml
{
    /// <summary>Most explained moves listed per issue (a large scenario has thousands; the rest are counted).</summary>
    public const int MaxMoves = 200;

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; font-size: 14px; line-height: 1.45; color: #1d1d1f; max-width: 1000px; margin: 24px auto; padding: 0 16px; }
        h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 3px; margin-top: 28px; } h3 { font-size: 16px; margin-bottom: 6px; }
        table { border-collapse: collapse; margin: 6px 0 12px; } th, td { border: 1px solid #d0d0d0; padding: 3px 7px; vertical-align: top; text-align: left; }
        th { background: #f3f3f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.meta th { width: 150px; } code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; background: #f5f5f7; padding: 1px 3px; }
        .question { font-style: italic; } .warn { color: #8a4b00; } .muted { color: #666; } .ev { font-size: 12px; color: #444; margin-top: 2px; }
        .ev .quote { font-style: italic; } .url { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; color: #333; }
        figure { margin: 8px 0 16px; } figure svg { max-width: 100%; height: auto; } ol.moves li { margin: 2px 0; }
        section.issue { break-before: auto; } @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
        """;

    /// <summary>The report of a run of the bargaining models.</summary>
    public static string Write(RunOutcome run, RunRequest request, string brinkVersion, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(request);
        var doc = run.Document ?? throw new ArgumentException("the run has no document", nameof(run));
        var result = run.Result ?? throw new ArgumentException("the run has no result", nameof(run));
        var scenario = result.Scenario;
        var html = new StringBuilder();
        WriteHeader(html, doc.Scenario, scenario, request, brinkVersion, at,
            $"{request.Model ?? "every bargaining model"}, variant {request.Variant ?? "each model's default"}, EUM rounds {doc.Options.Rounds}",
            ReportService.Command(request));
        WriteWarnings(html, doc.Issues.SelectMany(i => i.Models.SelectMany(m => m.Warnings.Select(w => new ReportWarning(i.Issue, m.Model, m.Variant, w.Code, w.Message, w.Actors)))), run);
        var forecasts = result.Issues.ToDictionary(i => i.Issue.Id, StringComparer.Ordinal);
        foreach (var issue in doc.Issues) WriteIssue(html, issue, forecasts[issue.Issue], scenario);
        WriteFooter(html, scenario, brinkVersion, at);
        return html.ToString();
    }

    /// <summary>
    /// The report of a run of the spatial model of politics (<c>--model smp</c>): per issue (package) its dimensions, the forecast per
    /// dimension, when and why the model stopped, the warnings, the positions by turn (one panel per dimension), for two dimensions the
    /// path in their plane, and the inputs with their sources.
    /// </summary>
    public static string WriteSmp(SmpRunOutcome run, ReportRequest request, string brinkVersion, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(request);
        var doc = run.Document ?? throw new ArgumentException("the run has no document", nameof(run));
        var scenario = run.Scenario ?? throw new ArgumentException("the run has no scenario", nameof(run));
        var html = new StringBuilder();
        var parameters = string.Join(", ", doc.Options.Parameters.Select(p => $"{p.Key} {p.Value}"));
        WriteHeader(html, doc.Scenario, scenario, request.Run, brinkVersion, at,
            $"{ModelRegistry.SmpModel} (KTAB's spatial model of politics, all dimensions of an issue together), variant {doc.Options.Variant}; {parameters}; " +
            $"seed {doc.Options.Seed}; stops after {doc.Options.MinTurns} to {doc.Options.MaxTurns} turns, when a turn moves the actors less than " +
            $"{N(doc.Options.MinDeltaRatio)} of the first turn's move",
            ReportService.Command(request.Run, request.Smp));
        WriteWarnings(html, doc.Issues.SelectMany(i => i.Models.SelectMany(m => m.Warnings.Select(w => new ReportWarning(i.Issue, m.Model, m.Variant, w.Code, w.Message, [])))), run);
        foreach (var issue in doc.Issues) WriteSmpIssue(html, issue, doc.Options, scenario);
        WriteFooter(html, scenario, brinkVersion, at);
        return html.ToString();
    }

    private static void WriteHeader(StringBuilder html, RunDocument.ScenarioDoc doc, Scenario scenario, RunRequest request, string brinkVersion, DateTimeOffset at,
        string models, string reportCommand)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<meta name=\"generator\" content=\"Brink {E(brinkVersion)}\">\n<title>{E(doc.Title)}: Brink report</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");

        html.Append($"<header>\n<h1>{E(doc.Title)}</h1>\n");
        if (doc.Question is { } question) html.Append($"<p class=\"question\">{E(question)}</p>\n");
        html.Append("<table class=\"meta\">\n");
        Row(html, "Scenario file", E(Path.GetFileName(doc.File ?? request.Scenario.FileName)));
        if (doc.AsOf is { } asOf) Row(html, "As of", E(asOf));
        Row(html, "Report made", $"{E(at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))} by Brink {E(brinkVersion)}");
        Row(html, "Models", E(models + (request.Issue is { } only ? $", issue {only}" : "")));
        Row(html, "Same report from the command line", $"<code>{E(reportCommand)}</code>");
        Row(html, "Same run as JSON", $"<code>{E(RunCommandLine(reportCommand))}</code>");
        if (scenario.CapabilityScale is { } capabilityScale) Row(html, "Capability scale", E(capabilityScale));
        html.Append("</table>\n</header>\n");
    }

    private static void WriteFooter(StringBuilder html, Scenario scenario, string brinkVersion, DateTimeOffset at)
    {
        WriteSources(html, scenario);
        html.Append($"<footer class=\"muted\"><p>Made by Brink {E(brinkVersion)} on {E(at.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}. " +
            "The forecasts are the models' answers to the inputs above, which are the scenario author's readings of the sources; read the warnings before trusting them.</p></footer>\n");
        html.Append("</body>\n</html>\n");
    }

    private static string RunCommandLine(string reportCommand) =>
        reportCommand.Replace("brink report", "brink run", StringComparison.Ordinal) is var line && line.LastIndexOf(" -o ", StringComparison.Ordinal) is var cut and >= 0
            ? line[..cut] + " --format json"
            : line;

    /// <summary>One model warning as the warnings section lists it.</summary>
    private sealed record ReportWarning(string Issue, string Model, string Variant, string Code, string Message, IReadOnlyList<string> Actors);

    private static void WriteWarnings(StringBuilder html, IEnumerable<ReportWarning> warnings, Outcome run)
    {
        html.Append("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
        var items = warnings.ToList();
        var scenarioWarnings = run.Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();
        if (items.Count == 0 && scenarioWarnings.Count == 0 && run.Notices.Count == 0)
            html.Append("<p>None: no model fell back, defaulted an input or cycled.</p>\n");
        else
        {
            html.Append("<ul class=\"warnings\">\n");
            foreach (var w in items)
                html.Append($"<li class=\"warn\" data-code=\"{E(w.Code)}\"><b>{E(w.Issue)}, {E(w.Model)} ({E(w.Variant)})</b>: {E(w.Message)}" +
                    (w.Actors.Count > 0 ? $" <span class=\"muted\">(actors: {E(string.Join(", ", w.Actors))})</span>" : "") + $" <span class=\"muted\">[{E(w.Code)}]</span></li>\n");
            foreach (var d in scenarioWarnings)
                html.Append($"<li class=\"warn\"><b>scenario</b>, line {d.Line}{(d.FieldPath.Length > 0 ? ", " + E(d.FieldPath) : "")}: {E(d.Message)}</li>\n");
            foreach (var notice in run.Notices) html.Append($"<li class=\"muted\">{E(notice)}</li>\n");
            html.Append("</ul>\n");
        }
        html.Append("</section>\n");
    }

    private static void WriteSmpIssue(StringBuilder html, SmpDocument.IssueDoc issue, SmpDocument.OptionsDoc options, Scenario scenario)
    {
        html.Append($"<section class=\"issue\" id=\"issue-{E(issue.Issue)}\" data-model=\"{E(ModelRegistry.SmpModel)}\">\n<h2>Issue {E(issue.Issue)}</h2>\n");
        if (issue.Description is { } description) html.Append($"<p>{E(description)}</p>\n");
        html.Append($"<h3>Dimensions ({issue.Dimensions.Count})</h3>\n<table class=\"dimensions\">\n<tr><th>Dimension</th><th>Label</th><th>Scale</th></tr>\n");
        foreach (var d in issue.Dimensions)
            html.Append($"<tr data-dimension=\"{E(d.Id)}\"><td>{E(d.Id)}</td><td>{E(d.Label ?? "")}</td><td class=\"num\">{N(d.ScaleMin)} to {N(d.ScaleMax)}</td></tr>\n");
        html.Append("</table>\n");
        foreach (var model in issue.Models)
        {
            html.Append($"<h3>Forecast per dimension ({E(model.Model)}, {E(model.Variant)})</h3>\n" +
                "<p class=\"muted\">The actors' positions after the last turn, weighted by capability × salience on each dimension.</p>\n" +
                "<table class=\"smp-forecasts\">\n<tr><th>Dimension</th><th>Mean</th><th>Median</th></tr>\n");
            foreach (var f in model.Forecast)
                html.Append($"<tr data-dimension=\"{E(f.Dimension)}\"><td>{E(f.Dimension)}</td><td class=\"num\">{N(f.Mean)}</td><td class=\"num\">{N(f.Median)}</td></tr>\n");
            html.Append("</table>\n");
            html.Append(model.Converged
                ? $"<p class=\"stop\" data-converged=\"true\">Converged: stopped after turn {model.StoppingTurn} ({E(model.StopReason)}).</p>\n"
                : $"<p class=\"stop warn\" data-converged=\"false\"><b>Did not converge</b>: cut at turn {model.StoppingTurn} of at most {options.MaxTurns} ({E(model.StopReason)}); " +
                  "the final positions are where the run was cut, not an equilibrium.</p>\n");
            if (model.Warnings.Count > 0)
            {
                html.Append("<ul class=\"warnings\">\n");
                foreach (var w in model.Warnings) html.Append($"<li class=\"warn\" data-code=\"{E(w.Code)}\">{E(w.Message)} <span class=\"muted\">[{E(w.Code)}]</span></li>\n");
                html.Append("</ul>\n");
            }
            var panels = ReportCharts.SmpTrajectories(issue, model);
            html.Append($"<h3>Positions by turn, one panel per dimension ({E(model.Model)}, {E(model.Variant)})</h3>\n<p class=\"muted\">Turn 0: the actors' starting positions.</p>\n");
            for (var k = 0; k < panels.Count; k++)
                html.Append($"<figure class=\"chart\" data-chart=\"smp-trajectory\" data-dimension=\"{E(issue.Dimensions[k].Id)}\">{panels[k]}</figure>\n");
            if (ReportCharts.SmpPath(issue, model) is { } path)
                html.Append($"<h3>The paths in the plane of the two dimensions ({E(model.Model)}, {E(model.Variant)})</h3>\n" +
                    $"<p class=\"muted\">x: {E(issue.Dimensions[0].Id)}, y: {E(issue.Dimensions[1].Id)}; ○ an actor's start, ● its end, ✕ the forecast (mean on each dimension).</p>\n" +
                    $"<figure class=\"chart\" data-chart=\"smp-path\">{path}</figure>\n");
        }
        WriteSmpInputs(html, issue, scenario);
        html.Append("</section>\n");
    }

    /// <summary>Capability, and per dimension position and salience, with the source and quote behind each number.</summary>
    private static void WriteSmpInputs(StringBuilder html, SmpDocument.IssueDoc issue, Scenario scenario)
    {
        // A package's dimension is the scenario issue package.dimension; a one-dimensional issue is its own one dimension.
        var byDimension = issue.Dimensions
            .Select(d => scenario.Issues.FirstOrDefault(i => i.Package == issue.Issue && i.Dimension == d.Id)?.Id ?? d.Id)
            .Select(id => ScenarioInputTable.Of(scenario, id).ToDictionary(r => r.Actor, StringComparer.Ordinal)).ToList();
        html.Append("<h3>Inputs and their sources</h3>\n<table class=\"inputs\">\n<tr><th>Actor</th><th>Capability</th>");
        foreach (var d in issue.Dimensions) html.Append($"<th>{E(d.Id)}: position</th><th>{E(d.Id)}: salience (0–1)</th>");
        html.Append("</tr>\n");
        foreach (var actor in issue.Actors)
        {
            var rows = byDimension.Select(rows => rows.GetValueOrDefault(actor.Name)).ToList();
            html.Append($"<tr data-actor=\"{E(rows.FirstOrDefault(r => r is not null)?.ActorId ?? actor.Name)}\"><td>{E(actor.Name)}</td>");
            html.Append(rows.FirstOrDefault(r => r is not null) is { } first ? Cell(first.Capability) : Plain(actor.Capability));
            for (var k = 0; k < rows.Count; k++)
                html.Append(rows[k] is { } row ? Cell(row.Position) + Cell(row.Salience) : Plain(actor.Position[k]) + Plain(actor.Salience[k]));
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    /// <summary>A number the model read with no scenario field behind it to cite (e.g. a salience it rescaled).</summary>
    private static string Plain(double value) => $"<td><span class=\"num\">{N(value)}</span><div class=\"ev muted\">no source given</div></td>";

    /// <summary>Follower display name → leader display name: the leader it follows with the largest weight (ties: the first listed).</summary>
    private static Dictionary<string, string> LeaderNames(Scenario scenario) =>
        scenario.Relations
            .Where(r => string.Equals(r.Kind, Brink.Models.Influence.InfluenceNetwork.FollowsKind, StringComparison.OrdinalIgnoreCase) && r.Weight > 0)
            .GroupBy(r => r.From, StringComparer.Ordinal)
            .Where(g => scenario.FindActor(g.Key) is not null && scenario.FindActor(g.MaxBy(r => r.Weight)!.To) is not null)
            .ToDictionary(g => scenario.FindActor(g.Key)!.DisplayName, g => scenario.FindActor(g.MaxBy(r => r.Weight)!.To)!.DisplayName, StringComparer.Ordinal);

    private static void WriteIssue(StringBuilder html, RunDocument.IssueDoc issue, IssueForecasts forecasts, Scenario scenario)
    {
        html.Append($"<section class=\"issue\" id=\"issue-{E(issue.Issue)}\">\n<h2>Issue {E(issue.Issue)}</h2>\n");
        if (issue.Description is { } description) html.Append($"<p>{E(description)}</p>\n");
        var statusQuo = issue.StatusQuo is { } sq ? $"; status quo {N(sq)}{EvidenceText(ScenarioInputTable.EvidenceFor(scenario, $"issues[{issue.Issue}].status_quo"))}" : "";
        html.Append($"<p>Scale {N(issue.ScaleMin)} to {N(issue.ScaleMax)}{statusQuo}.</p>\n");
        if (forecasts.Issue.Labels is { IsDefaultOrEmpty: false } labels)
        {
            html.Append("<table class=\"labels\"><tr><th>Point</th><th>Meaning</th></tr>\n");
            foreach (var l in labels) html.Append($"<tr><td class=\"num\">{N(l.Value)}</td><td>{E(l.Label)}</td></tr>\n");
            html.Append("</table>\n");
        }

        html.Append("<h3>Forecasts, the models side by side</h3>\n<table class=\"forecasts\">\n<tr><th>Model</th><th>Variant</th><th>Mean</th><th>Median</th><th>Before any move</th><th>Warnings</th></tr>\n");
        foreach (var m in issue.Models)
            html.Append($"<tr data-model=\"{E(m.Model)}\"><td>{E(m.Model)}</td><td>{E(m.Variant)}</td><td class=\"num\">{N(m.Forecast.Mean)}</td><td class=\"num\">{N(m.Forecast.Median)}</td>" +
                $"<td class=\"num\">{(m.Initial is { } initial ? N(initial.Mean) : "–")}</td><td class=\"warn\">{E(string.Join("; ", m.Warnings.Select(w => w.Code)))}</td></tr>\n");
        html.Append("</table>\n");
        html.Append("<h3>The forecasts on the issue's scale</h3>\n<p class=\"muted\">● mean, ◇ median; dotted: the actors' starting positions; dashed: the status quo.</p>\n");
        html.Append($"<figure class=\"chart\" data-chart=\"forecasts\">{ReportCharts.Forecasts(issue)}</figure>\n");

        // Influence coupled with the EUM (--model influence --variant eum-…): positions by round, followers under their leader.
        var leaderOf = LeaderNames(scenario);
        foreach (var coupled in issue.Models.Where(m => m.Model == "influence" && m.Rounds is { Count: > 0 }))
            if (ReportCharts.Trajectories(issue, coupled, leaderOf) is { } chart)
                html.Append($"<h3>Positions by round ({E(coupled.Model)}, {E(coupled.Variant)}), followers under their leader</h3>\n" +
                    $"<p class=\"muted\">↳ thin, open markers: an actor that follows the thick line of its colour (the leader it follows with the largest weight).</p>\n" +
                    $"<figure class=\"chart\" data-chart=\"followers\">{chart}</figure>\n");

        // Each EUM variant of the run (--variant all runs several): its positions by round and its moves.
        foreach (var eum in issue.Models.Where(m => m.Model == "eum" && m.Rounds is { Count: > 0 }))
        {
            if (ReportCharts.Trajectories(issue, eum) is not { } trajectory) continue;
            html.Append($"<h3>Positions by round ({E(eum.Model)}, {E(eum.Variant)})</h3>\n<figure class=\"chart\" data-chart=\"trajectories\">{trajectory}</figure>\n");
            if (forecasts.Results.OfType<EumResult>().FirstOrDefault(r => r.Variant == eum.Variant) is { } eumResult)
            {
                var moves = EumMove.Of(eumResult, forecasts.Input);
                html.Append($"<h3>The moves explained ({moves.Count})</h3>\n");
                if (moves.Count == 0) html.Append("<p>Nobody moved.</p>\n");
                else
                {
                    html.Append("<ol class=\"moves\">\n");
                    foreach (var move in moves.Take(MaxMoves))
                        html.Append($"<li>round {move.Round}: {E(move.Actor)} {N(move.From)} → {N(move.To)}: {E(move.Why)}</li>\n");
                    html.Append("</ol>\n");
                    if (moves.Count > MaxMoves) html.Append($"<p class=\"muted\">… and {moves.Count - MaxMoves} more moves (brink run --format json has every round).</p>\n");
                }
            }
        }

        html.Append("<h3>Inputs and their sources</h3>\n<table class=\"inputs\">\n<tr><th>Actor</th><th>Capability</th><th>Position</th><th>Salience (0–1)</th></tr>\n");
        foreach (var row in ScenarioInputTable.Of(scenario, issue.Issue))
            html.Append($"<tr data-actor=\"{E(row.ActorId)}\"><td>{E(row.Actor)}</td>{Cell(row.Capability)}{Cell(row.Position)}{Cell(row.Salience)}</tr>\n");
        html.Append("</table>\n</section>\n");
    }

    private static string Cell(InputNumber number)
    {
        var text = new StringBuilder($"<td><span class=\"num\">{N(number.Value)}</span>");
        if (number.Distribution is { } d) text.Append($" <span class=\"muted\">({E(d)})</span>");
        foreach (var e in number.Evidence)
        {
            text.Append("<div class=\"ev\">");
            if (e.SourceId is { } id) text.Append($"source <b>{E(id)}</b>");
            if (e.Judgement) text.Append(e.SourceId is null ? "the author's judgement" : "; the author's judgement");
            if (e.Quote is { } q) text.Append($": <span class=\"quote\">“{E(q)}”</span>");
            if (e.Note is { } note) text.Append($" <span class=\"muted\">({E(note)})</span>");
            text.Append("</div>");
        }
        if (number.Evidence.Count == 0) text.Append("<div class=\"ev muted\">no source given</div>");
        return text.Append("</td>").ToString();
    }

    private static string EvidenceText(IReadOnlyList<EvidenceDoc> evidence) =>
        evidence.Count == 0 ? "" : " (" + string.Join("; ", evidence.Select(e => E(e.Summary()))) + ")";

    private static void WriteSources(StringBuilder html, Scenario scenario)
    {
        html.Append("<section id=\"sources\">\n<h2>Sources</h2>\n");
        if (scenario.Sources.IsDefaultOrEmpty)
        {
            html.Append("<p>The scenario names no sources.</p>\n</section>\n");
            return;
        }
        html.Append("<table class=\"sources\">\n<tr><th>Id</th><th>Source</th></tr>\n");
        foreach (var s in scenario.Sources)
        {
            html.Append($"<tr id=\"source-{E(s.Id)}\"><td><b>{E(s.Id)}</b></td><td>{E(s.Title ?? "")}{(s.Date is { } date ? $" ({E(date)})" : "")}");
            // The address as text: the report links to nothing, so it opens and prints without the network.
            if (s.Url is { } url) html.Append($"<div class=\"url\">{E(url)}</div>");
            if (s.Quote is { } quote) html.Append($"<div class=\"ev\"><span class=\"quote\">“{E(quote)}”</span></div>");
            if (s.Note is { } note) html.Append($"<div class=\"ev muted\">{E(note)}</div>");
            html.Append("</td></tr>\n");
        }
        html.Append("</table>\n</section>\n");
    }

    private static void Row(StringBuilder html, string header, string cellHtml) => html.Append($"<tr><th>{E(header)}</th><td>{cellHtml}</td></tr>\n");

    private static string E(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static string N(double x) => double.IsFinite(x) ? x.ToString("0.###", CultureInfo.InvariantCulture) : "–";
}
