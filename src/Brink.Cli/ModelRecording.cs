using System.CommandLine;
using Brink.Application;
using Brink.Cli.Commands;

namespace Brink.Cli;

/// <summary>
/// <c>--record QUESTION [--db PATH]</c> for <c>brink run</c> and <c>brink simulate</c>: a thin mapping onto
/// <see cref="ModelForecastRecorder"/> (forecaster <c>model:MODEL/VARIANT</c>, provenance: version, scenario hash, seed).
/// </summary>
public static class ModelRecording
{
    public static Option<string?> RecordOption() => new("--record")
    {
        Description = "Record each model's forecast on this ledger question (numeric: the forecast distribution; binary with a threshold: P(outcome ≤ threshold)).",
    };

    /// <summary>Records every entry in the ledger; user errors (unknown question, wrong kind) exit 2 with a message.</summary>
    public static int Record(CliContext context, ParseResult parse, Option<string?> db, string questionId, string scenarioFile,
        IEnumerable<ModelForecastRecorder.Entry> entries, long? seed, string what) =>
        LedgerCli.WithStore(context, parse, db, store =>
        {
            foreach (var r in ModelForecastRecorder.Record(store, questionId, ScenarioSource.FromFile(scenarioFile), entries, seed, what, VersionCommand.Version))
                context.Error.WriteLine($"recorded {r.Forecaster} on question '{questionId}' ({r.Samples} sample{(r.Samples == 1 ? "" : "s")})");
            return ExitCodes.Ok;
        });

    /// <summary>Records one model probability of "yes" on a binary question (e.g. the crisis model's P(war)).</summary>
    public static int RecordProbability(CliContext context, ParseResult parse, Option<string?> db, string questionId, string scenarioFile,
        string model, string variant, double probability, long? seed, string what) =>
        LedgerCli.WithStore(context, parse, db, store =>
        {
            var r = ModelForecastRecorder.RecordProbability(store, questionId, ScenarioSource.FromFile(scenarioFile), model, variant, probability, seed, what, VersionCommand.Version);
            context.Error.WriteLine($"recorded {r.Forecaster} on question '{questionId}' (P = {probability.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)})");
            return ExitCodes.Ok;
        });
}
