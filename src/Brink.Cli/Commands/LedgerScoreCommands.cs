using System.CommandLine;
using Brink.Application;
using Brink.Cli.Charts;
using Brink.Ledger;
using Brink.Ledger.Scoring;
using Brink.Store;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary><c>ledger score</c>, <c>ledger calibration</c>, <c>ledger leaderboard</c>: thin over <see cref="LedgerScorer"/>.</summary>
internal static class LedgerScoreCommands
{
    private sealed class Common
    {
        public readonly Option<string?> Source = new("--source") { Description = "Only questions from this origin (user, example, metaculus, gjp, forecastbench, ledger)." };
        public readonly Option<string[]> Forecaster = new("--forecaster") { Description = "Only this forecaster (repeat for several)." };
        public readonly Option<bool> TimeAveraged = new("--time-averaged") { Description = "Average each forecaster's scores over the open period (time-weighted) instead of scoring the last forecast before close." };
        public readonly Option<string> Baseline = new Option<string>("--baseline") { Description = "Relative scores against: none, uniform (0.5), base-rate, crowd-median.", DefaultValueFactory = _ => "uniform" }
            .AcceptOnlyFromAmong("none", "uniform", "base-rate", "crowd-median");
        public readonly Option<bool> AfterClose = new("--include-after-close") { Description = "Also use forecasts stamped after the close time." };

        public void AddTo(Command c) { c.Options.Add(Source); c.Options.Add(Forecaster); c.Options.Add(TimeAveraged); c.Options.Add(Baseline); c.Options.Add(AfterClose); }

        public ScoreReport Run(ILedgerStore store, ParseResult parse)
        {
            var options = new ScoreOptions
            {
                Selection = parse.GetValue(TimeAveraged) ? ForecastSelection.TimeAveraged : ForecastSelection.LastBeforeClose,
                Baseline = LedgerCli.Enum(parse.GetValue(Baseline), "--baseline", BaselineKind.Uniform),
                IncludeAfterClose = parse.GetValue(AfterClose),
            };
            var questions = store.LoadForScoring(parse.GetValue(Source), parse.GetValue(Forecaster));
            return LedgerScorer.Score(questions, options);
        }
    }

    public static void Add(Command ledger, CliContext context, Option<string?> db)
    {
        ledger.Subcommands.Add(Score(context, db));
        ledger.Subcommands.Add(CalibrationCommand(context, db));
        ledger.Subcommands.Add(Leaderboard(context, db));
    }

    private static Command Score(CliContext context, Option<string?> db)
    {
        var common = new Common();
        var byQuestion = new Option<bool>("--by-question") { Description = "Also list each question's score." };
        var format = LedgerCli.Format();
        var cmd = new Command("score", "Score every forecaster on the resolved questions.") { byQuestion, format };
        common.AddTo(cmd);
        cmd.SetAction(parse => LedgerCli.WithReadStore(context, parse, db, store =>
        {
            var report = common.Run(store, parse);
            if (LedgerCli.Json(parse, format))
            {
                JsonOutput.Write(context, ScoreDocument.From(report, parse.GetValue(byQuestion)));
                return ExitCodes.Ok;
            }
            var t = new Table().AddColumns("Forecaster", "Questions", "Brier", "Brier (sum, 0–2)", "Log", "RPS", "CRPS", "Interval", $"Δ Brier vs {parse.GetValue(common.Baseline)}");
            foreach (var f in report.Forecasters)
                t.AddRow(Markup.Escape(f.Forecaster), f.Questions.ToString(), LedgerCli.F(f.Brier), LedgerCli.F(f.BrierSum), LedgerCli.F(f.Log),
                    LedgerCli.F(f.RankedProbability), LedgerCli.F(f.Crps, "G4"), LedgerCli.F(f.IntervalScore, "G4"), LedgerCli.F(f.RelativeBrier, "+0.0000;-0.0000;0"));
            context.Console.Write(t);
            context.Out.WriteLine($"{(report.Options.Selection == ForecastSelection.LastBeforeClose ? "Last forecast at or before close" : "Time-averaged over the open period")}; " +
                "Brier normalised (0–1), Brier sum over options (0–2, GJP), log in nats; lower is better. Δ < 0 beats the baseline.");
            if (parse.GetValue(byQuestion))
            {
                var qt = new Table().AddColumns("Question", "Forecaster", "Brier", "Log", "RPS", "CRPS");
                foreach (var s in report.Scores)
                    qt.AddRow(Markup.Escape(s.QuestionId), Markup.Escape(s.Forecaster), LedgerCli.F(s.Brier), LedgerCli.F(s.Log), LedgerCli.F(s.RankedProbability), LedgerCli.F(s.Crps, "G4"));
                context.Console.Write(qt);
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command CalibrationCommand(CliContext context, Option<string?> db)
    {
        var common = new Common();
        var bins = new Option<int>("--bins") { Description = "Number of equal-width probability bins.", DefaultValueFactory = _ => 10 };
        var chart = OptionChecks.OutputFile(new Option<string?>("--chart") { Description = "Write a calibration chart to this file (.png or .svg)." });
        var format = LedgerCli.Format();
        var cmd = new Command("calibration", "Calibration table (bin centre, count, observed frequency, Wilson 95% interval) and chart.") { bins, chart, format };
        common.AddTo(cmd);
        cmd.SetAction(parse => LedgerCli.WithReadStore(context, parse, db, store =>
        {
            var n = parse.GetValue(bins);
            if (n is < 1 or > 100) throw new UsageException("--bins: give 1 to 100");
            var path = parse.GetValue(chart);
            if (path is not null && !(path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)))
                throw new UsageException($"--chart: '{path}' must end in .png or .svg");
            var report = common.Run(store, parse);
            var table = Calibration.Build(LedgerScorer.CalibrationEvents(report.Scores), n);
            var who = parse.GetValue(common.Forecaster) is { Length: > 0 } fs ? string.Join(", ", fs) : "all forecasters";
            if (path is not null)
            {
                CalibrationChart.Save(table, $"Calibration: {who}" + (parse.GetValue(common.Source) is { } src ? $" ({src})" : ""), path);
                context.Error.WriteLine($"Wrote {path}");
            }
            if (LedgerCli.Json(parse, format)) { JsonOutput.Write(context, table); return ExitCodes.Ok; }
            var t = new Table().AddColumns("Bin", "Centre", "Count", "Mean forecast", "Observed", "Wilson 95%");
            foreach (var b in table.Bins)
                t.AddRow($"{b.Lower:0.00}–{b.Upper:0.00}", LedgerCli.F(b.Centre, "0.00"), b.Count.ToString(), LedgerCli.F(b.MeanForecast, "0.000"),
                    LedgerCli.F(b.ObservedFrequency, "0.000"), $"{b.WilsonLow:0.000}–{b.WilsonHigh:0.000}");
            context.Console.Write(t);
            context.Out.WriteLine($"{table.Events} events ({who}); each binary question is one event, each option of a multiple-choice question one more.");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Leaderboard(CliContext context, Option<string?> db)
    {
        var common = new Common();
        var metric = new Option<string>("--metric") { Description = "brier, brier-sum, log, ranked-probability, crps, interval-score or relative-brier.", DefaultValueFactory = _ => "brier" };
        var min = new Option<int>("--min-questions") { Description = "Leave out forecasters with fewer questions scored.", DefaultValueFactory = _ => 1 };
        var top = new Option<int>("--top") { Description = "Show at most this many (0 = all).", DefaultValueFactory = _ => 30 };
        var format = LedgerCli.Format();
        var cmd = new Command("leaderboard", "Rank forecasters (lower is better) with the number of questions scored.") { metric, min, top, format };
        common.AddTo(cmd);
        cmd.SetAction(parse => LedgerCli.WithReadStore(context, parse, db, store =>
        {
            var m = LedgerCli.Enum(parse.GetValue(metric), "--metric", LeaderboardMetric.Brier);
            var report = common.Run(store, parse);
            var rows = LedgerScorer.Leaderboard(report, m, parse.GetValue(min));
            if (parse.GetValue(top) > 0) rows = rows.Take(parse.GetValue(top)).ToList();
            if (LedgerCli.Json(parse, format)) { JsonOutput.Write(context, new LeaderboardDocument(m, rows)); return ExitCodes.Ok; }
            var t = new Table().AddColumns("#", "Forecaster", "Questions", LedgerValidation.Name(m), $"Δ Brier vs {parse.GetValue(common.Baseline)}");
            foreach (var r in rows) t.AddRow(r.Rank.ToString(), Markup.Escape(r.Forecaster), r.Questions.ToString(), LedgerCli.F(r.Score), LedgerCli.F(r.Relative, "+0.0000;-0.0000;0"));
            context.Console.Write(t);
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
