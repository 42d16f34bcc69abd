using System.CommandLine;
using Brink.Cli.Commands;
using Brink.Ledger;
using Brink.Store;

namespace Brink.Cli;

/// <summary>
/// <c>--record QUESTION [--db PATH]</c> for <c>brink run</c> and <c>brink simulate</c>: each model's
/// forecast goes into the ledger under the forecaster <c>model:MODEL/VARIANT</c>, with the Brink
/// version, scenario hash and seed as provenance, so models are scored like people.
/// </summary>
public static class ModelRecording
{
    public static Option<string?> RecordOption() => new("--record")
    {
        Description = "Record each model's forecast on this ledger question (numeric: the forecast distribution; binary with a threshold: P(outcome ≤ threshold)).",
    };

    /// <summary>One model's forecast to record: a point forecast is one sample, a simulation many.</summary>
    public sealed record Entry(string Model, string Variant, IReadOnlyList<double> Samples);

    /// <summary>Records every entry in the ledger; user errors (unknown question, wrong kind) exit 2 with a message.</summary>
    public static int Record(CliContext context, ParseResult parse, Option<string?> db, string questionId, string scenarioFile,
        IEnumerable<Entry> entries, long? seed, string what)
    {
        var hash = LedgerRecorder.ScenarioHash(File.ReadAllBytes(scenarioFile));
        return LedgerCli.WithStore(context, parse, db, store =>
        {
            foreach (var entry in entries)
            {
                var forecaster = $"model:{entry.Model}/{entry.Variant}";
                var provenance = new ForecastProvenance(VersionCommand.Version, $"{entry.Model}/{entry.Variant}", hash, seed,
                    $"{what} of {Path.GetFileName(scenarioFile)}");
                LedgerRecorder.RecordModelForecast(store, questionId, forecaster, entry.Samples, provenance);
                context.Error.WriteLine($"recorded {forecaster} on question '{questionId}' ({entry.Samples.Count} sample{(entry.Samples.Count == 1 ? "" : "s")})");
            }
            return ExitCodes.Ok;
        });
    }

    /// <summary>Records one model probability of "yes" on a binary question (e.g. the crisis model's P(war)).</summary>
    public static int RecordProbability(CliContext context, ParseResult parse, Option<string?> db, string questionId, string scenarioFile,
        string model, string variant, double probability, long? seed, string what)
    {
        var hash = LedgerRecorder.ScenarioHash(File.ReadAllBytes(scenarioFile));
        return LedgerCli.WithStore(context, parse, db, store =>
        {
            var q = store.GetQuestion(questionId) ?? throw new LedgerException($"no question '{questionId}' in the ledger");
            if (q.Kind != QuestionKind.Binary)
                throw new LedgerException($"question '{q.Id}' is {LedgerValidation.Name(q.Kind)}; model:{model} records a probability on a binary question");
            var forecaster = $"model:{model}/{variant}";
            var provenance = new ForecastProvenance(VersionCommand.Version, $"{model}/{variant}", hash, seed, $"{what} of {Path.GetFileName(scenarioFile)}");
            LedgerRecorder.RecordModelProbabilities(store, questionId, forecaster, [probability], provenance);
            context.Error.WriteLine($"recorded {forecaster} on question '{questionId}' (P = {probability.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)})");
            return ExitCodes.Ok;
        });
    }
}
