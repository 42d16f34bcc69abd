using System.CommandLine;
using Brink.Application;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary><c>brink crisis backtest</c>: the crisis model's P(violence) and P(war) against the base rate on ICB crises and MIDs it was not fitted on.</summary>
internal sealed class CrisisBacktestCommand : ICrisisSubcommand
{
    public Command Build(CliContext context)
    {
        var data = new Option<string?>("--data") { Description = "Folder with icb1v14.csv, icb2v14.csv, MIDA_4.01.csv, MIDB_4.01.csv, NMC_v4_0.csv (default: shared/reference/crisis found above the current folder, or $BRINK_REFERENCE/crisis)." };
        var cutoff = new Option<int>("--cutoff") { Description = "Temporal split: train on crises before this year.", DefaultValueFactory = _ => 1980 };
        var folds = new Option<int>("--folds") { Description = "Number of cross-validation folds (≥ 2).", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fold shuffle.", DefaultValueFactory = _ => 42 };
        var format = CrisisCli.Format();
        var command = new Command("backtest", "Brier score and calibration of crisis-model probabilities on held-out ICB crises and MIDs.") { data, cutoff, folds, seed, format };
        command.SetAction(parse =>
        {
            var request = new CrisisBacktestRequest { Data = parse.GetValue(data), Cutoff = parse.GetValue(cutoff), Folds = parse.GetValue(folds), Seed = parse.GetValue(seed) };
            if (CrisisCli.Invalid(context, "backtest", request.Problems())) return ExitCodes.BadInput;
            // A progress bar on a terminal (stderr); nothing when stderr is piped or redirected.
            var report = CrisisGameService.Backtest(request, new SimulationCli.Progress(context), context.Cancellation);
            if (parse.GetValue(format) == "json") { JsonOutput.Write(context, report); return ExitCodes.Ok; }

            var coverage = new Table().Title("Data used").AddColumns("source", "records", "with outcome", "usable", "note");
            foreach (var c in report.Coverage) coverage.AddRow(c.Source, c.Records.ToString(), c.WithOutcome.ToString(), c.Usable.ToString(), Markup.Escape(c.Note));
            context.Console.Write(coverage);
            var table = new Table().Title($"Held-out scores (temporal: train < {report.Options.CutoffYear}; k-fold: {report.Options.Folds} folds, seed {report.Options.Seed})")
                .AddColumns("source", "outcome", "split", "model", "n test", "freq", "Brier", "Brier base", "skill", "log loss");
            foreach (var s in report.Scores)
                table.AddRow(s.Source, s.Outcome.ToString().ToLowerInvariant(), s.Split.ToString().ToLowerInvariant(), s.Model, s.Test.ToString(),
                    CrisisCli.Show(Math.Round(s.TestFrequency, 3)), CrisisCli.Show(Math.Round(s.Brier, 4)), CrisisCli.Show(Math.Round(s.BrierBaseRate, 4)),
                    CrisisCli.Show(Math.Round(s.BrierSkill, 3)), CrisisCli.Show(Math.Round(s.LogLoss, 4)));
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
