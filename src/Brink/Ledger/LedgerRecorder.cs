namespace Brink.Ledger;

/// <summary>
/// How Brink's own models keep score, whatever store holds the ledger: a model run records its forecast on a ledger
/// question under the forecaster <c>model:MODEL/VARIANT</c> (kind <see cref="ForecasterKind.Model"/>), with provenance
/// (Brink version, model, scenario hash, seed, what ran) so the forecast can be reproduced.
/// Used by <c>brink run … --record QUESTION</c>, <c>brink simulate … --record QUESTION</c> and the crisis commands.
/// </summary>
public static class LedgerRecorder
{
    /// <summary>Samples kept in the ledger per forecast; larger sets are thinned to evenly spaced order statistics.</summary>
    public const int MaxStoredSamples = 2000;

    /// <summary>The forecaster name of a model variant: <c>model:MODEL/VARIANT</c>.</summary>
    public static string ModelForecaster(string model, string variant) => $"model:{model}/{variant}";

    /// <summary>The provenance of one model run: <paramref name="what"/> names the command (e.g. "brink run"), <paramref name="scenarioFile"/> the input.</summary>
    public static ForecastProvenance Provenance(string brinkVersion, string model, string variant, byte[] scenario, string scenarioFile, long? seed, string what) =>
        new(brinkVersion, $"{model}/{variant}", ScenarioHash(scenario), seed, $"{what} of {System.IO.Path.GetFileName(scenarioFile)}");

    /// <summary>
    /// Records a model's distribution for a question.
    /// <list type="bullet">
    /// <item>Numeric or date question: the samples are stored (thinned to <see cref="MaxStoredSamples"/> order statistics if more).</item>
    /// <item>Binary question with a <see cref="Question.Threshold"/>: the forecast is P(X ≤ threshold), the share of samples at or below it.</item>
    /// </list>
    /// Throws <see cref="LedgerException"/> if the question is unknown or of another kind.
    /// </summary>
    public static Forecast RecordModelForecast(ILedgerStore db, string questionId, string forecaster, IReadOnlyList<double> samples,
        ForecastProvenance provenance, string? rationale = null)
    {
        var q = db.GetQuestion(questionId) ?? throw new LedgerException($"no question '{questionId}' in the ledger");
        if (samples.Count == 0) throw new LedgerException("a model forecast needs at least one sample");
        Forecast f;
        if (q.Kind is QuestionKind.Numeric or QuestionKind.Date)
            f = Base(db, q, forecaster, provenance, rationale) with { Samples = Thin(samples) };
        else if (q.Kind == QuestionKind.Binary && q.Threshold is { } x)
            f = Base(db, q, forecaster, provenance, rationale ?? $"P(X ≤ {x}) from {samples.Count} samples")
                with
            { Probabilities = [samples.Count(s => s <= x) / (double)samples.Count] };
        else
            throw new LedgerException($"question '{q.Id}' is {LedgerValidation.Name(q.Kind)}" +
                (q.Kind == QuestionKind.Binary ? " without a threshold; record a probability instead" : "; record probabilities instead"));
        return db.AddForecast(f, ForecasterKind.Model);
    }

    /// <summary>Records a model's probabilities for a binary (one value, P(yes)) or multiple-choice (one per option) question.</summary>
    public static Forecast RecordModelProbabilities(ILedgerStore db, string questionId, string forecaster, IReadOnlyList<double> probabilities,
        ForecastProvenance provenance, string? rationale = null)
    {
        var q = db.GetQuestion(questionId) ?? throw new LedgerException($"no question '{questionId}' in the ledger");
        return db.AddForecast(Base(db, q, forecaster, provenance, rationale) with { Probabilities = [.. probabilities] }, ForecasterKind.Model);
    }

    /// <summary>Records one model probability of "yes"; the question must be binary (e.g. the crisis model's P(war)).</summary>
    public static Forecast RecordModelProbabilityOfYes(ILedgerStore db, string questionId, string model, string variant, double probability,
        ForecastProvenance provenance)
    {
        var q = db.GetQuestion(questionId) ?? throw new LedgerException($"no question '{questionId}' in the ledger");
        if (q.Kind != QuestionKind.Binary)
            throw new LedgerException($"question '{q.Id}' is {LedgerValidation.Name(q.Kind)}; model:{model} records a probability on a binary question");
        return RecordModelProbabilities(db, questionId, ModelForecaster(model, variant), [probability], provenance);
    }

    /// <summary>A stable hash of a scenario file's bytes (SHA-256, hex), for <see cref="ForecastProvenance.ScenarioHash"/>.</summary>
    public static string ScenarioHash(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    private static Forecast Base(ILedgerStore db, Question q, string forecaster, ForecastProvenance provenance, string? rationale)
    {
        if (!forecaster.StartsWith("model:", StringComparison.Ordinal))
            throw new LedgerException($"model forecasters are named 'model:MODEL/VARIANT', not '{forecaster}'");
        return new Forecast { QuestionId = q.Id, Forecaster = forecaster, MadeAt = db.Clock.UtcNow, Provenance = provenance, Rationale = rationale };
    }

    private static double[] Thin(IReadOnlyList<double> samples)
    {
        var sorted = samples.ToArray();
        if (sorted.Length <= MaxStoredSamples) return sorted;
        Array.Sort(sorted);
        var kept = new double[MaxStoredSamples];
        for (var i = 0; i < MaxStoredSamples; i++)
            kept[i] = sorted[(int)((i + 0.5) * sorted.Length / MaxStoredSamples)];
        return kept;
    }
}
