using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Brink.Files;
using Brink.Scenarios;

namespace Brink.Backtest;

/// <summary>
/// Everything that fixes a back-test's randomness and resampling, kept in the repository
/// (<c>backtest/protocol.json</c>) so anyone can rerun it on another DEU file: grouped K-fold
/// cross-validation by proposal repeated over seeds, the inner folds and penalty grid used to tune
/// learned models inside each training set, and the proposal bootstrap for intervals.
/// </summary>
public sealed record BacktestProtocol
{
    /// <summary>Outer folds; proposals (<c>prnr</c>) are assigned whole to a fold.</summary>
    public int Folds { get; init; } = 10;
    /// <summary>One repetition of the grouped K-fold per seed; each issue's forecast is the mean of its out-of-fold forecasts.</summary>
    public ImmutableArray<int> CvSeeds { get; init; } = [1, 2, 3];
    /// <summary>Folds of the inner cross-validation that tunes a learner's penalty on the training proposals only.</summary>
    public int InnerFolds { get; init; } = 5;
    /// <summary>Candidate ridge penalties for the influence model's log-weights.</summary>
    public ImmutableArray<double> InfluencePenalties { get; init; } = [3, 10, 30, 100, 300];
    /// <summary>Candidate ridge penalties for the position-choice model's coefficients.</summary>
    public ImmutableArray<double> ChoicePenalties { get; init; } = [1, 10];
    /// <summary>Bootstrap replicates (proposals resampled with replacement).</summary>
    public int BootstrapReplicates { get; init; } = 2000;
    /// <summary>Seed of the proposal bootstrap (Brink's own generator, so intervals do not depend on the runtime).</summary>
    public int BootstrapSeed { get; init; } = 20261123;
    /// <summary>Level of the percentile intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The protocol in the repository's <c>backtest/protocol.json</c>: 10 folds × 3 seeds, 5 inner folds, 2000 bootstrap replicates, 95 % intervals.</summary>
    public static BacktestProtocol Default { get; } = new();

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads a protocol file; problems are reported, never thrown.</summary>
    public static LoadResult<BacktestProtocol> Load(string path)
    {
        if (!InputFile.TryReadText(path, InputLimits.MaxInputBytes, out var text, out var error)) return new(null, [error!]);
        return Parse(text, path);
    }

    /// <summary>Reads a protocol from its JSON text; <paramref name="path"/> names it in the diagnostics. Problems are reported, never thrown.</summary>
    public static LoadResult<BacktestProtocol> Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var p = JsonSerializer.Deserialize<BacktestProtocol>(text, Json);
            if (p is null) return new(null, [new Diagnostic(path, 1, 1, "", "empty protocol")]);
            var problems = p.Validate(path);
            return new(problems.Count == 0 ? p : null, problems);
        }
        catch (JsonException e)
        {
            return new(null, [new Diagnostic(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e.Path ?? "", e.Message)]);
        }
    }

    /// <summary>The protocol as indented snake_case JSON, the format <see cref="Parse"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private List<Diagnostic> Validate(string path)
    {
        var d = new List<Diagnostic>();
        if (Folds < 2) d.Add(new(path, 0, 0, "folds", "must be at least 2"));
        if (InnerFolds < 2) d.Add(new(path, 0, 0, "inner_folds", "must be at least 2"));
        if (CvSeeds.IsDefaultOrEmpty) d.Add(new(path, 0, 0, "cv_seeds", "needs at least one seed"));
        if (InfluencePenalties.IsDefaultOrEmpty || InfluencePenalties.Any(x => !(x >= 0))) d.Add(new(path, 0, 0, "influence_penalties", "needs non-negative values"));
        if (ChoicePenalties.IsDefaultOrEmpty || ChoicePenalties.Any(x => !(x >= 0))) d.Add(new(path, 0, 0, "choice_penalties", "needs non-negative values"));
        if (BootstrapReplicates < 100) d.Add(new(path, 0, 0, "bootstrap_replicates", "must be at least 100"));
        if (ConfidenceLevel is <= 0 or >= 1) d.Add(new(path, 0, 0, "confidence_level", "must be in (0, 1)"));
        return d;
    }
}
