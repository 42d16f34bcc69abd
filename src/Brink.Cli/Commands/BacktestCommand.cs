using System.CommandLine;
using System.Globalization;
using Brink.Application;
using Brink.Backtest;
using Brink.Cli.Charts;
using Brink.Cli.Rendering;
using Brink.Scenarios;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink backtest deu FILE</c>: runs every model on every DEU issue with an outcome and scores it
/// (design §7). Thin: loading, fitting, cross-validation and scoring live in Brink.Backtest.
/// </summary>
public sealed class BacktestCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var command = new Command("backtest", "Back-test forecasting models on real decisions with known outcomes.");
        command.Subcommands.Add(BuildDeu(context));
        command.Subcommands.Add(BuildRefit(context));
        return command;
    }

    /// <summary>
    /// <c>brink backtest refit DEVFILE --out DIR</c>: refits the shipped models (procedural, influence,
    /// choice) on the DEU III development file with the built-in protocol and writes NAME.json into DIR,
    /// byte for byte what ships in src/Brink/Backtest/Fitted (a test checks this).
    /// </summary>
    private static Command BuildRefit(CliContext context)
    {
        var file = new Argument<string>("DEVFILE") { Description = "The DEU III development file (../shared/reference/deu/deu3_dev.tsv)." };
        var outDir = new Option<string>("--out") { Description = "Directory to write procedural.json, influence.json and choice.json into (src/Brink/Backtest/Fitted to update the shipped files).", Required = true };
        var command = new Command("refit", "Refit the shipped DEU models on the development file and write their parameter files.") { file, outDir };
        command.SetAction(parse =>
        {
            var diagnostics = new List<Diagnostic>();
            var notices = new List<string>();
            var loaded = BacktestService.Cases(ScenarioSource.FromFile(parse.GetValue(file)!), DeuCapabilities.Votes, diagnostics, notices);
            ScenarioInput.Print(context, diagnostics, notices, "brink: ");
            if (loaded is not { } cases) return ExitCodes.BadInput;
            var dir = parse.GetValue(outDir)!;
            try
            {
                Directory.CreateDirectory(dir);
                foreach (var (name, text) in FittedModels.Refit(cases, BacktestProtocol.Default))
                {
                    var path = Path.Combine(dir, name + ".json");
                    File.WriteAllText(path, text);
                    context.Out.WriteLine($"wrote {path}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"brink backtest refit: error: --out {dir}: {ex.Message}");
                return ExitCodes.BadInput;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command BuildDeu(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A file in the DEU layout (tab-separated, columns found by header name)." };
        var models = new Option<string[]>("--models")
        {
            Description = $"Models to run, comma-separated (default: {string.Join(", ", BacktestModels.All.Select(m => m.Name))}; also {string.Join(", ", BacktestModels.Named.Select(m => m.Name))}).",
            AllowMultipleArgumentsPerToken = true,
        };
        var capabilities = new Option<string>("--capabilities") { Description = "Actor capabilities: votes (Council votes by treaty regime), gdp, or equal.", DefaultValueFactory = _ => "votes" };
        capabilities.AcceptOnlyFromAmong("votes", "gdp", "equal");
        var fit = new Option<string?>("--fit") { Description = "Fit learned models on this DEU file only and evaluate them on FILE (default: grouped cross-validation on FILE)." };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var outDir = OptionChecks.OutputDirectory(new Option<string?>("--out") { Description = "Directory for per-issue forecasts (CSV), fitted parameters (JSON) and a chart (PNG, SVG)." });
        var protocolFile = new Option<string?>("--protocol") { Description = "Protocol JSON (folds, seeds, bootstrap); default: the built-in protocol, identical to backtest/protocol.json." };

        var command = new Command("deu", "Back-test on DEU data (Decision-making in the European Union): MAE, median AE, RMSE, share within 10/20 points, overall and by procedure and voting rule, with proposal-bootstrap intervals.")
        {
            file, models, capabilities, fit, format, outDir, protocolFile,
        };
        command.SetAction(parse => Execute(context, new Settings(
            parse.GetValue(file)!, parse.GetValue(models) ?? [], parse.GetValue(capabilities)!, parse.GetValue(fit),
            parse.GetValue(format)!, parse.GetValue(outDir), parse.GetValue(protocolFile))));
        return command;
    }

    private sealed record Settings(string File, string[] Models, string Capabilities, string? Fit, string Format, string? Out, string? Protocol);

    /// <summary>A thin mapping onto <see cref="BacktestService"/>: options in, tables or the JSON document (and the --out files) out.</summary>
    private static int Execute(CliContext context, Settings s)
    {
        var request = new DeuBacktestRequest
        {
            Data = ScenarioSource.FromFile(s.File), Fit = s.Fit is null ? null : ScenarioSource.FromFile(s.Fit), Models = s.Models,
            Capabilities = s.Capabilities, ProtocolPath = s.Protocol,
        };
        // A progress bar on a terminal (stderr); nothing when stderr is piped or redirected.
        var outcome = BacktestService.Run(request, new SimulationCli.Progress(context), context.Cancellation);
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink: ");
        if (!outcome.Ok || outcome.Report is not { } report) return ExitCodes.BadInput;
        if (s.Out is not null) WriteOutputs(context, report, s.Out, s.File);
        if (s.Format == "json") JsonOutput.Write(context, outcome.Document!);
        else WriteTables(context, report, s.File);
        return ExitCodes.Ok;
    }

    private static string F(double v, string fmt = "0.00") => double.IsFinite(v) ? v.ToString(fmt, CultureInfo.InvariantCulture) : "–";
    private static string Ci(Interval i, string fmt = "0.00") => $"[{F(i.Low, fmt)}, {F(i.High, fmt)}]";
    private static string Signed(double v, string fmt = "0.00") =>
        !double.IsFinite(v) ? "–" : (Math.Round(v, fmt.Length - 2) >= 0 ? "+" : "-") + Math.Abs(v).ToString(fmt, CultureInfo.InvariantCulture);
    private static string SignedCi(Interval i, string fmt = "0.00") => $"[{Signed(i.Low, fmt)}, {Signed(i.High, fmt)}]";

    /// <summary>The tables of <c>brink backtest deu</c> (also drawn by <c>brink sweep backtest deu --format table</c>).</summary>
    internal static void WriteTables(CliContext context, BacktestReport report, string file)
    {
        var all = report.Models[0].Overall;
        var fitNote = report.FitSource is null
            ? $"learned models: {report.Protocol.Folds}-fold cross-validation grouped by proposal, seeds {string.Join(",", report.Protocol.CvSeeds)}"
            : $"learned models fitted on {report.FitSource} only";
        context.Console.MarkupLineInterpolated($"[bold]DEU back-test[/] {file}: {all.Stats.N} issues with an outcome, {all.Proposals} proposals; capabilities {report.Capabilities}; {fitNote}.");
        context.Console.MarkupLineInterpolated($"Intervals: {report.Protocol.ConfidenceLevel:P0} percentile bootstrap over proposals, {report.Protocol.BootstrapReplicates} replicates, seed {report.Protocol.BootstrapSeed}.");
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "model", "evaluation", "n", "MAE", "95% CI", "median AE", "RMSE", "≤10", "≤20", $"ΔMAE vs {report.Baseline}", "95% CI", "gain" })
            table.AddColumn(new TableColumn(h));
        foreach (var m in report.Models)
        {
            var o = m.Overall;
            var c = o.VsBaseline;
            AddRow(table, m.Model, m.Evaluation, o.Stats.N.ToString(CultureInfo.InvariantCulture), F(o.Stats.Mae), Ci(o.MaeInterval), F(o.Stats.MedianAbsoluteError),
                F(o.Stats.Rmse), F(o.Stats.Within10 * 100, "0") + "%", F(o.Stats.Within20 * 100, "0") + "%",
                c is null ? "" : Signed(c.MaeDifference), c is null ? "" : SignedCi(c.DifferenceInterval),
                c is null ? "" : Signed(c.Improvement * 100, "0.0") + "%");
        }
        context.Console.Write(table);
        var groups = new Table().Border(TableBorder.Simple).AddColumn("MAE by group");
        foreach (var g in report.Models[0].Groups.Skip(1)) groups.AddColumn($"{g.Group} (n={g.Stats.N})");
        foreach (var m in report.Models)
            AddRow(groups, [m.Model, .. m.Groups.Skip(1).Select(g => $"{F(g.Stats.Mae)} {Ci(g.MaeInterval, "0.0")}" + (g.VsBaseline is { } c ? $" Δ{Signed(c.MaeDifference, "0.0")}" : ""))]);
        context.Console.Write(groups);
        Rendering.WarningOutput.Write(context.Console, report.Warnings);
    }

    private static void AddRow(Table table, params string[] cells) => table.AddRow([.. cells.Select(c => new Text(c))]);

    private static readonly string[] ForecastColumns = ["proposal", "issue", "line", "procedure", "voting_rule", "reference_point", "outcome"];

    private static void WriteOutputs(CliContext context, BacktestReport report, string dir, string file)
    {
        Directory.CreateDirectory(dir);
        var text = CsvOutput.ToText(csv =>
        {
            foreach (var h in ForecastColumns) csv.WriteField(h);
            foreach (var m in report.Models) csv.WriteField(m.Model);
            csv.NextRecord();
            for (var i = 0; i < report.Cases.Length; i++)
            {
                var c = report.Cases[i];
                foreach (var v in new[] { c.Proposal, c.IssueId, c.Line.ToString(CultureInfo.InvariantCulture), c.Procedure, c.VotingRule,
                             c.ReferencePoint?.ToString(CultureInfo.InvariantCulture) ?? "", c.Outcome.ToString(CultureInfo.InvariantCulture) })
                    csv.WriteField(v);
                foreach (var f in report.Forecasts) csv.WriteField(f[i]?.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
                csv.NextRecord();
            }
        }, Environment.NewLine);
        File.WriteAllText(Path.Combine(dir, "forecasts.csv"), text);
        foreach (var f in report.Fitted)
            File.WriteAllText(Path.Combine(dir, $"fitted_{f.Name}.json"),
                f.Export(report.Capabilities, report.FitSource ?? file, report.FitIssues).ToJson());
        BacktestChart.Save(report, Path.Combine(dir, "backtest_mae"));
        context.Error.WriteLine($"brink: wrote {Path.Combine(dir, "forecasts.csv")}, backtest_mae.png/.svg and {report.Fitted.Length} fitted parameter file(s) to {dir}.");
    }
}
