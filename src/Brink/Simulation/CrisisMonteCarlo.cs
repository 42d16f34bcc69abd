using System.Collections.Immutable;
using Brink.Crisis;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Simulation;

/// <summary>One dyad's crisis outcome over the draws of <see cref="CrisisMonteCarlo.Run"/>.</summary>
/// <param name="Point">The crisis model on the point values (what <c>brink run --model crisis</c> prints).</param>
/// <param name="War">P(war) over the draws: mean, median, 5–95 % interval, histogram.</param>
/// <param name="Mean">Mean of each of the five probabilities over the draws.</param>
/// <param name="WarByCause">Mean P(war) by cause over the draws.</param>
/// <param name="HandedOver">Share of draws in which the EUM handed the dyad to the crisis model.</param>
/// <param name="MutualOptimism">Share of draws in which the two sides' win estimates left no split both prefer.</param>
public sealed record DyadCrisisDistribution(string Issue, string ActorA, string ActorB, CrisisOutcome Point, OutcomeSummary War, CrisisOutcome Mean,
    ImmutableDictionary<WarCause, double> WarByCause, double HandedOver, double MutualOptimism);

/// <summary>The overall crisis outcome (mean over dyads per draw) over the draws.</summary>
/// <param name="Point">Mean over dyads on the point values.</param>
/// <param name="PointAnyWar">P(at least one war) on the point values.</param>
/// <param name="War">Per draw the mean P(war) over dyads, summarised over the draws.</param>
/// <param name="AnyWar">Per draw P(at least one war) (dyads independent), summarised over the draws.</param>
/// <param name="HandedOver">Mean share of dyads handed to the crisis model.</param>
/// <param name="MutualOptimism">Mean share of dyads in mutual optimism.</param>
public sealed record CrisisOverallDistribution(int Dyads, CrisisOutcome Point, double PointAnyWar, OutcomeSummary War, OutcomeSummary AnyWar, CrisisOutcome Mean,
    ImmutableDictionary<WarCause, double> WarByCause, double HandedOver, double MutualOptimism);

/// <summary>The result of <see cref="CrisisMonteCarlo.Run"/>.</summary>
public sealed record CrisisMonteCarloResult(string EumVariant, ulong Seed, int DrawsRequested, int DrawsCompleted, ImmutableArray<string> Inputs,
    ImmutableArray<DyadCrisisDistribution> Dyads, CrisisOverallDistribution Overall)
{
    /// <summary>True when the run was cancelled; the summaries then cover the completed draws only.</summary>
    public bool Partial => DrawsCompleted < DrawsRequested;
    /// <summary>Uncertain inputs naming an actor or issue the scenario does not have.</summary>
    public ImmutableArray<string> IgnoredInputs { get; init; } = [];
    /// <summary>Problems the crisis model found in the point-value scenario.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = [];
    /// <summary>The crisis analysis's warnings on the point values (defaults taken, how dyads were chosen), which hold for every draw.</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Monte Carlo of the crisis model joined to the EUM (design §4.3, §5): every draw samples all of the
/// scenario's uncertain inputs (capability, positions, saliences, risk, audience cost, resolve, war
/// cost) by inversion from the per-draw stream <see cref="DrawRandom"/>(seed, 0, draw), slot j taking
/// the j-th uniform as <see cref="DrawSource"/> does (rank correlations by Iman–Conover), builds the
/// perturbed scenario, runs the EUM per issue and <see cref="CrisisAnalysis"/>, and summarises per dyad
/// and overall. Per-draw results are stored by draw index and reduced in draw order, so a seed gives
/// bit-identical results whatever the thread count.
/// </summary>
public static class CrisisMonteCarlo
{
    // Per dyad: war, settlement, cap A, cap B, status quo, 4 causes, handed over, mutual optimism.
    private const int DyadWidth = 11;
    private const int OverallWidth = 12;
    private static readonly WarCause[] Causes = Enum.GetValues<WarCause>();

    /// <summary>Runs <paramref name="draws"/> draws of the crisis analysis.</summary>
    /// <param name="bins">Bins of the P(war) histograms.</param>
    /// <param name="noise">Global noise for capabilities, positions and saliences without a distribution (as <see cref="IssueTemplate.WithNoise"/>).</param>
    /// <exception cref="ArgumentException">Unknown EUM variant, invalid options or inconsistent rank correlations.</exception>
    public static CrisisMonteCarloResult Run(Scenario scenario, int draws, ulong seed, int threads, string eumVariant, CrisisOptions options,
        Action<int>? progress = null, double noise = 0, ModelOptions? modelOptions = null, int chunkSize = 8, int bins = 20, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be a finite number ≥ 0");
        var variant = ModelCatalog.Find("eum", eumVariant).Variant;
        var eumOptions = modelOptions ?? new ModelOptions();
        Func<SpatialIssue, EumResult> eum = input => (EumResult)ModelCatalog.Run("eum", variant, input, eumOptions);

        var point = CrisisAnalysis.Run(scenario, eum, options);
        var slots = Slots(scenario, noise, out var ignored);
        var (columns, target) = CorrelationMatrix(slots, scenario.Correlations);
        var source = DrawSource.Create([.. slots.Select(s => s.Distribution)], columns, target, draws, seed, threads);

        var d = point.Dyads.Length;
        var width = d * DyadWidth + OverallWidth;
        var values = new double[draws * width];
        var done = ParallelDraws.Run(draws, chunkSize, threads, () => new double[slots.Count], (row, start, end) =>
        {
            for (var k = start; k < end; k++)
            {
                source.Fill(k, row);
                var result = CrisisAnalysis.Run(Apply(scenario, slots, row), eum, options);
                if (result.Dyads.Length != d) throw new InvalidOperationException("the number of dyads changed between draws");
                Store(result, values.AsSpan(k * width, width));
            }
        }, null, cancellation, progress);

        var completed = ParallelDraws.CompletedIndices(done, draws, chunkSize);
        var column = new double[completed.Length];
        ReadOnlySpan<double> Column(int c)
        {
            for (var i = 0; i < completed.Length; i++) column[i] = values[completed[i] * width + c];
            return column;
        }
        double Mean(int c)
        {
            if (completed.Length == 0) return double.NaN;
            double sum = 0;
            foreach (var v in Column(c)) sum += v;
            return sum / completed.Length;
        }
        CrisisOutcome MeanOutcome(int at) => new(Mean(at), Mean(at + 1), Mean(at + 2), Mean(at + 3), Mean(at + 4));
        ImmutableDictionary<WarCause, double> MeanCauses(int at) => Causes.ToImmutableDictionary(c => c, c => Mean(at + 5 + (int)c));

        var dyads = ImmutableArray.CreateBuilder<DyadCrisisDistribution>(d);
        for (var k = 0; k < d; k++)
        {
            var p = point.Dyads[k];
            var at = k * DyadWidth;
            dyads.Add(new DyadCrisisDistribution(p.Issue, p.ActorA, p.ActorB, p.Outcome, OutcomeSummary.From(Column(at), bins), MeanOutcome(at), MeanCauses(at),
                Mean(at + 9), Mean(at + 10)));
        }
        var o = d * DyadWidth;
        var overall = new CrisisOverallDistribution(d, point.Overall.Mean, point.Overall.ProbabilityAnyWar, OutcomeSummary.From(Column(o), bins),
            OutcomeSummary.From(Column(o + 11), bins), MeanOutcome(o), MeanCauses(o), Mean(o + 9), Mean(o + 10));
        return new CrisisMonteCarloResult(variant, seed, draws, completed.Length, [.. slots.Select(s => s.Name)], dyads.MoveToImmutable(), overall)
        {
            IgnoredInputs = ignored,
            Diagnostics = point.Diagnostics,
            Warnings = point.Warnings,
        };
    }

    private static void Store(CrisisAnalysisResult r, Span<double> row)
    {
        for (var k = 0; k < r.Dyads.Length; k++)
        {
            var x = r.Dyads[k];
            var at = k * DyadWidth;
            Put(row[at..], x.Outcome, x.WarByCause);
            row[at + 9] = x.HandedOver ? 1 : 0;
            row[at + 10] = x.MutualOptimism ? 1 : 0;
        }
        var o = r.Dyads.Length * DyadWidth;
        Put(row[o..], r.Overall.Mean, r.Overall.WarByCause);
        var n = r.Dyads.Length;
        row[o + 9] = n == 0 ? 0 : (double)r.Overall.HandedOver / n;
        var optimism = 0;
        foreach (var x in r.Dyads) if (x.MutualOptimism) optimism++;
        row[o + 10] = n == 0 ? 0 : (double)optimism / n;
        row[o + 11] = r.Overall.ProbabilityAnyWar;
    }

    private static void Put(Span<double> row, CrisisOutcome outcome, IReadOnlyDictionary<WarCause, double> causes)
    {
        row[0] = outcome.War;
        row[1] = outcome.Settlement;
        row[2] = outcome.CapitulationA;
        row[3] = outcome.CapitulationB;
        row[4] = outcome.StatusQuo;
        foreach (var c in Causes) row[5 + (int)c] = causes.TryGetValue(c, out var v) ? v : 0;
    }

    /// <summary>One varied number of the scenario: an actor index, a parameter, the issue (null = every issue the actor takes part in).</summary>
    internal sealed record ScenarioSlot(ParameterRef Target, int Actor, Distribution Distribution)
    {
        public string Name => Target.ToString();
    }

    /// <summary>
    /// The varied numbers in draw order: the scenario's uncertain inputs (the first distribution for a
    /// number wins), then, with noise &gt; 0, every capability, position and salience left without one.
    /// </summary>
    internal static List<ScenarioSlot> Slots(Scenario scenario, double noise, out ImmutableArray<string> ignored)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Actors.Length; i++) index.TryAdd(scenario.Actors[i].Id, i);
        var slots = new List<ScenarioSlot>();
        var skipped = new List<string>();
        var taken = new HashSet<(int, ActorParameter, string?)>();
        foreach (var u in scenario.Uncertain)
        {
            var t = u.Target;
            var onStance = t.Parameter is ActorParameter.Position or ActorParameter.Salience;
            if (!index.TryGetValue(t.ActorId, out var actor)
                || (onStance && t.IssueId is not null && !scenario.Actors[actor].Stances.ContainsKey(t.IssueId)))
            {
                skipped.Add(t.ToString());
                continue;
            }
            var issue = onStance ? t.IssueId : null;
            if (!taken.Add((actor, t.Parameter, issue))) continue;
            slots.Add(new ScenarioSlot(t with { IssueId = issue }, actor, u.Distribution));
        }
        if (noise > 0)
        {
            for (var i = 0; i < scenario.Actors.Length; i++)
            {
                var a = scenario.Actors[i];
                if (!taken.Contains((i, ActorParameter.Capability, null)))
                    slots.Add(new ScenarioSlot(new ParameterRef(a.Id, ActorParameter.Capability), i,
                        IssueTemplate.NoiseDistribution(IssueField.Capability, a.Capability, noise, 0, 1)));
            }
            foreach (var issue in scenario.Issues)
            {
                var spatial = SpatialIssue.From(scenario, issue.Id);
                for (var i = 0; i < scenario.Actors.Length; i++)
                {
                    var a = scenario.Actors[i];
                    if (!a.Stances.TryGetValue(issue.Id, out var stance)) continue;
                    foreach (var (parameter, field, value) in new[] { (ActorParameter.Position, IssueField.Position, stance.Position), (ActorParameter.Salience, IssueField.Salience, stance.Salience) })
                    {
                        if (taken.Contains((i, parameter, issue.Id)) || taken.Contains((i, parameter, null))) continue;
                        slots.Add(new ScenarioSlot(new ParameterRef(a.Id, parameter, issue.Id), i,
                            IssueTemplate.NoiseDistribution(field, value, noise, spatial.ScaleMin, spatial.ScaleMax)));
                    }
                }
            }
        }
        ignored = [.. skipped];
        return slots;
    }

    /// <summary>The slots that take part in a rank correlation and their target Spearman matrix (as <see cref="InputSampler.CorrelationMatrix(IssueTemplate, IReadOnlyList{InputCorrelation})"/>).</summary>
    private static (int[] Columns, double[,] Target) CorrelationMatrix(List<ScenarioSlot> slots, IReadOnlyList<InputCorrelation> correlations) =>
        InputSampler.CorrelationMatrix(correlations, r => slots.FindIndex(s => s.Target.ActorId == r.ActorId && s.Target.Parameter == r.Parameter
            && (s.Target.IssueId == r.IssueId || s.Target.IssueId is null || r.IssueId is null)));

    /// <summary>The scenario with every slot set to its drawn value.</summary>
    internal static Scenario Apply(Scenario scenario, List<ScenarioSlot> slots, ReadOnlySpan<double> row)
    {
        if (slots.Count == 0) return scenario;
        var actors = scenario.Actors.ToBuilder();
        for (var k = 0; k < slots.Count; k++)
        {
            var s = slots[k];
            var v = row[k];
            var a = actors[s.Actor];
            actors[s.Actor] = s.Target.Parameter switch
            {
                ActorParameter.Capability => a with { Capability = v },
                ActorParameter.Risk => a with { Risk = v },
                ActorParameter.AudienceCost => a with { AudienceCost = v },
                ActorParameter.Resolve => a with { Resolve = v },
                ActorParameter.WarCost => a with { WarCost = v },
                ActorParameter.Position => a with { Stances = SetStance(a.Stances, s.Target.IssueId, st => st with { Position = v }) },
                _ => a with { Stances = SetStance(a.Stances, s.Target.IssueId, st => st with { Salience = v }) },
            };
        }
        return scenario with { Actors = actors.ToImmutable() };
    }

    private static ImmutableDictionary<string, Stance> SetStance(ImmutableDictionary<string, Stance> stances, string? issue, Func<Stance, Stance> change)
    {
        if (issue is not null) return stances.SetItem(issue, change(stances[issue]));
        var b = stances.ToBuilder();
        foreach (var (id, st) in stances) b[id] = change(st);
        return b.ToImmutable();
    }
}
