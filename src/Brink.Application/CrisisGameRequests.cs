using System.Collections.Immutable;
using Brink.Crisis;
using Brink.Crisis.History;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// Problems of a textbook-game request: each is located at the request's JSON field (snake_case, as in an HTTP body) and its message
/// names the CLI option (as <c>brink crisis …</c> prints it).
/// </summary>
public abstract record CrisisGameRequest
{
    public abstract IReadOnlyList<(string Field, string Message)> Problems();

    public IReadOnlyList<Diagnostic> Validate() => [.. Problems().Select(p => Outcome.RequestError(p.Field, p.Message))];

    /// <exception cref="ArgumentException">The request has problems.</exception>
    internal void ThrowIfInvalid()
    {
        if (Problems() is { Count: > 0 } problems) throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)), "request");
    }

    /// <summary>Adds (field, message) unless the message is null.</summary>
    protected static void Add(List<(string, string)> problems, string field, string? message)
    {
        if (message is not null) problems.Add((field, message));
    }

    /// <summary>The value, or a "… is required" problem (null).</summary>
    protected static bool Required(List<(string, string)> problems, string field, string option, double? value, string? hint = null)
    {
        if (value is not null) return true;
        problems.Add((field, $"{option} is required{hint}."));
        return false;
    }
}

/// <summary><c>brink crisis optimism</c> (single case): war iff p^A − p^B &gt; c_A + c_B (Fearon 1995). With <see cref="Sweep"/> the sweep fields apply (<see cref="MisperceptionSweepRequest"/>).</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record OptimismRequest : CrisisGameRequest
{
    [System.Text.Json.Serialization.JsonPropertyName("p_a")]
    public double? PA { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("p_b")]
    public double? PB { get; init; }
    public double? CostA { get; init; }
    public double? CostB { get; init; }
    /// <summary>Sweep P(war) over the gap instead (as <c>--sweep</c>); the fields below are then used.</summary>
    public bool Sweep { get; init; }
    public double P { get; init; } = 0.5;
    public IReadOnlyList<double> CostMax { get; init; } = [0.1, 0.2, 0.4];
    public double MaxGap { get; init; } = 1;
    public int Steps { get; init; } = 50;

    public MisperceptionSweepRequest SweepRequest() => new() { P = P, CostMax = CostMax, MaxGap = MaxGap, Steps = Steps };

    public override IReadOnlyList<(string Field, string Message)> Problems()
    {
        if (Sweep) return SweepRequest().Problems();
        var problems = new List<(string, string)>();
        const string hint = " (or use --sweep)";
        var ok = Required(problems, "p_a", "--p-a", PA, hint) & Required(problems, "p_b", "--p-b", PB, hint)
            & Required(problems, "cost_a", "--cost-a", CostA, hint) & Required(problems, "cost_b", "--cost-b", CostB, hint);
        if (!ok) return problems;
        Add(problems, "p_a", CrisisGuard.Probability("--p-a", PA!.Value));
        Add(problems, "p_b", CrisisGuard.Probability("--p-b", PB!.Value));
        Add(problems, "cost_a", CrisisGuard.NonNegative("--cost-a", CostA!.Value));
        Add(problems, "cost_b", CrisisGuard.NonNegative("--cost-b", CostB!.Value));
        return problems;
    }
}

/// <summary>The document of <c>brink crisis optimism --format json</c> (single case).</summary>
public sealed record OptimismDocument([property: System.Text.Json.Serialization.JsonPropertyName("p_a")] double PA,
    [property: System.Text.Json.Serialization.JsonPropertyName("p_b")] double PB, double CostA, double CostB, double Gap, double Threshold, double Margin, bool War, string? Cause);

/// <summary><c>brink crisis bargain</c>: Fearon (1995) bargaining with B's war cost uniform on [0, c̄].</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record BargainRequest : CrisisGameRequest
{
    public double? P { get; init; }
    public double? CostA { get; init; }
    public double? CostBMax { get; init; }

    public override IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (Required(problems, "p", "--p", P)) Add(problems, "p", CrisisGuard.Probability("--p", P!.Value));
        if (Required(problems, "cost_a", "--cost-a", CostA)) Add(problems, "cost_a", CrisisGuard.NonNegative("--cost-a", CostA!.Value));
        if (Required(problems, "cost_b_max", "--cost-b-max", CostBMax)) Add(problems, "cost_b_max", CrisisGuard.Positive("--cost-b-max", CostBMax!.Value));
        return problems;
    }
}

/// <summary>The document of <c>brink crisis bargain --format json</c>.</summary>
public sealed record BargainDocument(double P, double CostA, double CostBMax, double Demand, double PWar, double RangeLow, double RangeHigh,
    double ExpectedUtilityA, string Method);

/// <summary><c>brink crisis audience</c>: the tying-hands game with audience costs (Fearon 1994, 1997).</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record AudienceRequest : CrisisGameRequest
{
    public double? P { get; init; }
    public double? CostD { get; init; }
    public double? AudienceCost { get; init; }
    public double? PriorResolved { get; init; }

    public override IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (Required(problems, "p", "--p", P)) Add(problems, "p", CrisisGuard.Probability("--p", P!.Value));
        if (Required(problems, "cost_d", "--cost-d", CostD)) Add(problems, "cost_d", CrisisGuard.NonNegative("--cost-d", CostD!.Value));
        if (Required(problems, "audience_cost", "--audience-cost", AudienceCost)) Add(problems, "audience_cost", CrisisGuard.NonNegative("--audience-cost", AudienceCost!.Value));
        if (Required(problems, "prior_resolved", "--prior-resolved", PriorResolved)) Add(problems, "prior_resolved", CrisisGuard.Probability("--prior-resolved", PriorResolved!.Value));
        return problems;
    }
}

/// <summary><c>brink crisis preventive</c>: shifting power and the commitment problem (Fearon 1995).</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record PreventiveRequest : CrisisGameRequest
{
    /// <summary>A's probability of winning in each period.</summary>
    public IReadOnlyList<double> Path { get; init; } = [];
    public double? CostA { get; init; }
    public double? CostB { get; init; }
    public double Discount { get; init; } = 0.9;

    public override IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (Path.Count == 0) Add(problems, "path", "--path needs at least one probability.");
        for (var i = 0; i < Path.Count; i++) Add(problems, $"path[{i}]", CrisisGuard.Probability($"--path[{i + 1}]", Path[i]));
        if (Required(problems, "cost_a", "--cost-a", CostA)) Add(problems, "cost_a", CrisisGuard.NonNegative("--cost-a", CostA!.Value));
        if (Required(problems, "cost_b", "--cost-b", CostB)) Add(problems, "cost_b", CrisisGuard.NonNegative("--cost-b", CostB!.Value));
        Add(problems, "discount", CrisisGuard.Probability("--discount", Discount));
        return problems;
    }
}

/// <summary><c>brink crisis interaction</c>: the international interaction game (Bueno de Mesquita &amp; Lalman 1992).</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record InteractionRequest : CrisisGameRequest
{
    /// <summary>The order of the eight outcomes in <see cref="PayoffsA"/> and <see cref="PayoffsB"/>.</summary>
    public const string Order = "sq,nego,acq_a,acq_b,cap_a,cap_b,war_a,war_b";

    public IReadOnlyList<double> PayoffsA { get; init; } = [];
    public IReadOnlyList<double> PayoffsB { get; init; } = [];
    /// <summary>Logit quantal-response precision λ ≥ 0; null = backward induction only.</summary>
    public double? Lambda { get; init; }

    public override IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        foreach (var (field, option, values) in new[] { ("payoffs_a", "--payoffs-a", PayoffsA), ("payoffs_b", "--payoffs-b", PayoffsB) })
        {
            if (values.Count != 8) Add(problems, field, $"{option} needs 8 comma-separated numbers, got {values.Count}.");
            else
            {
                // Located at the entry and named by its outcome (the page's payoff table sends what is not a number as NaN; no NaN is printed).
                var names = Order.Split(',');
                for (var i = 0; i < values.Count; i++)
                    if (!double.IsFinite(values[i])) Add(problems, $"{field}[{i}]", $"{option}: entry {i + 1} ({names[i]}) must be a finite number.");
            }
        }
        if (Lambda is { } l) Add(problems, "lambda", CrisisGuard.NonNegative("--lambda", l));
        return problems;
    }

    /// <summary>The short name of an outcome, as in <see cref="Order"/>.</summary>
    public static string ShortName(InteractionOutcome o) => o switch
    {
        InteractionOutcome.StatusQuo => "sq",
        InteractionOutcome.Negotiation => "nego",
        InteractionOutcome.AcquiescenceA => "acq_a",
        InteractionOutcome.AcquiescenceB => "acq_b",
        InteractionOutcome.CapitulationA => "cap_a",
        InteractionOutcome.CapitulationB => "cap_b",
        InteractionOutcome.WarA => "war_a",
        _ => "war_b",
    };
}

/// <summary>The document of <c>brink crisis interaction --format json</c>; <see cref="QuantalResponse"/> is null without λ.</summary>
public sealed record InteractionDocument(InteractionDocument.BackwardInductionDoc BackwardInduction, InteractionDocument.QuantalResponseDoc? QuantalResponse)
{
    public sealed record BackwardInductionDoc(InteractionOutcome Outcome, double ExpectedUtilityA, double ExpectedUtilityB, IReadOnlyList<InteractionNode> Nodes);

    /// <summary><see cref="Outcomes"/>: P(outcome) keyed by the short names, in the order of <see cref="InteractionRequest.Order"/>.</summary>
    public sealed record QuantalResponseDoc(double Lambda, IReadOnlyDictionary<string, double> Outcomes, double ExpectedUtilityA, double ExpectedUtilityB,
        IReadOnlyList<InteractionNode> Nodes);
}

/// <summary><c>brink crisis backtest</c>: the crisis model's P(violence) and P(war) against the base rate on held-out ICB crises and MIDs.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record CrisisBacktestRequest : CrisisGameRequest
{
    /// <summary>The data files the folder must hold.</summary>
    public static readonly IReadOnlyList<string> Files = ["icb1v14.csv", "icb2v14.csv", "MIDA_4.01.csv", "MIDB_4.01.csv", "NMC_v4_0.csv"];

    /// <summary>Folder with <see cref="Files"/>; null = <see cref="DefaultFolder"/>.</summary>
    public string? Data { get; init; }
    public int Cutoff { get; init; } = 1980;
    public int Folds { get; init; } = 5;
    public int Seed { get; init; } = 42;

    /// <summary>The folder used: <see cref="Data"/>, else shared/reference/crisis found above the current folder, or $BRINK_REFERENCE/crisis.</summary>
    public string? Folder() => Data ?? DefaultFolder();

    public override IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (Folder() is not { } folder)
        {
            problems.Add(("data", "no data folder found; pass --data DIR (a folder with " + string.Join(", ", Files) + ")."));
            return problems;
        }
        var missing = Files.Where(f => !File.Exists(System.IO.Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
        {
            problems.Add(("data", $"{folder}: missing {string.Join(", ", missing)}."));
            return problems;
        }
        if (Folds < 2) problems.Add(("folds", $"--folds must be at least 2 (got {Folds})."));
        return problems;
    }

    public static string? DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable("BRINK_REFERENCE") is { Length: > 0 } env && Directory.Exists(System.IO.Path.Combine(env, "crisis")))
            return System.IO.Path.Combine(env, "crisis");
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "reference", "crisis");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>
/// The document of <c>brink crisis backtest --format json</c>: the core's <see cref="BacktestReport"/>, with each score's
/// <c>parameters</c> written in ordinal key order (the core keeps them in a hash dictionary, whose order is not stable).
/// </summary>
public sealed record CrisisBacktestDocument(ImmutableArray<HistoryCoverage> Coverage, IReadOnlyList<CrisisBacktestDocument.ScoreDoc> Scores, BacktestOptions Options)
{
    public sealed record ScoreDoc(string Source, HistoryOutcome Outcome, SplitKind Split, string Model, int Train, int Test, double TestFrequency,
        double Brier, double BrierBaseRate, double BrierSkill, double LogLoss, ImmutableArray<CalibrationBin> Calibration,
        ImmutableSortedDictionary<string, double> Parameters);

    public static CrisisBacktestDocument From(BacktestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.Coverage, [.. report.Scores.Select(s => new ScoreDoc(s.Source, s.Outcome, s.Split, s.Model, s.Train, s.Test, s.TestFrequency,
            s.Brier, s.BrierBaseRate, s.BrierSkill, s.LogLoss, s.Calibration, s.Parameters.ToImmutableSortedDictionary(StringComparer.Ordinal)))], report.Options);
    }
}

/// <summary>The textbook games computed from their requests (CLI, HTTP and the crisis page alike).</summary>
public static class CrisisGameService
{
    /// <exception cref="ArgumentException">The request has problems (<see cref="CrisisGameRequest.Validate"/>).</exception>
    public static OptimismDocument Optimism(OptimismRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ThrowIfInvalid();
        var r = MutualOptimism.Solve(request.PA!.Value, request.PB!.Value, request.CostA!.Value, request.CostB!.Value);
        return new OptimismDocument(r.PA, r.PB, request.CostA.Value, request.CostB.Value, r.Gap, r.Threshold, r.Margin, r.War, r.War ? "misperception" : null);
    }

    /// <summary>The document of an optimism request: the single case, or the sweep when <see cref="OptimismRequest.Sweep"/>.</summary>
    public static object OptimismDocumentOf(OptimismRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Sweep ? CrisisGames.Sweep(request.SweepRequest()) : Optimism(request);
    }

    /// <exception cref="ArgumentException">The request has problems.</exception>
    public static BargainDocument Bargain(BargainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ThrowIfInvalid();
        double p = request.P!.Value, ca = request.CostA!.Value, cb = request.CostBMax!.Value;
        var s = FearonBargaining.UniformPrivateCost(p, ca, cb);
        return new BargainDocument(p, ca, cb, s.Demand, s.ProbabilityWar, s.Range.Low, s.Range.High, s.ExpectedUtility, s.Method);
    }

    /// <exception cref="ArgumentException">The request has problems.</exception>
    public static AudienceDocument Audience(AudienceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ThrowIfInvalid();
        return CrisisGameDocuments.Audience(request.P!.Value, request.CostD!.Value, request.AudienceCost!.Value, request.PriorResolved!.Value);
    }

    /// <exception cref="ArgumentException">The request has problems.</exception>
    public static PreventiveDocument Preventive(PreventiveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ThrowIfInvalid();
        var powers = request.Path;
        double ca = request.CostA!.Value, cb = request.CostB!.Value, d = request.Discount;
        var r = ShiftingPower.Solve(powers, ca, cb, d);
        bool? inequality = powers.Count == 2 && powers[0] >= powers[1] ? ShiftingPower.DecliningSideFights(powers[0], powers[1], ca, d) : null;
        return CrisisGameDocuments.Preventive(powers, ca, cb, d, r, inequality);
    }

    /// <exception cref="ArgumentException">The request has problems.</exception>
    public static InteractionDocument Interaction(InteractionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ThrowIfInvalid();
        var pa = InteractionPayoffs.FromList(request.PayoffsA);
        var pb = InteractionPayoffs.FromList(request.PayoffsB);
        var bi = InteractionGame.BackwardInduction(pa, pb);
        var qre = request.Lambda is { } lam ? InteractionGame.QuantalResponse(pa, pb, lam) : null;
        var outcomes = Enum.GetValues<InteractionOutcome>();
        return new InteractionDocument(
            new(bi.Modal, bi.ExpectedUtilityA, bi.ExpectedUtilityB, bi.Nodes),
            qre is null ? null : new(qre.Lambda!.Value, outcomes.ToDictionary(InteractionRequest.ShortName, o => qre.Outcomes[o]), qre.ExpectedUtilityA, qre.ExpectedUtilityB, qre.Nodes));
    }

    /// <summary>Loads the data and runs the back-test (seconds: five CSV files and a grid fit per fold).</summary>
    /// <exception cref="ArgumentException">The request has problems.</exception>
    /// <param name="request">The back-test's options and data folder.</param>
    /// <param name="progress">Two stages: reading the five files (one step), then one step per score (the CLI's bar, the job's progress).</param>
    /// <param name="cancellation">Checked between scores (the HTTP job's Cancel); a cancelled run keeps nothing.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static CrisisBacktestDocument Backtest(CrisisBacktestRequest request, IProgressRunner? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ThrowIfInvalid();
        progress ??= IProgressRunner.None;
        var data = progress.Run("crisis backtest: reading ICB, MID and NMC data", 1, step =>
        {
            var loaded = CrisisBacktest.Load(request.Folder()!);
            step(1);
            return loaded;
        });
        cancellation.ThrowIfCancellationRequested();
        var options = new BacktestOptions { CutoffYear = request.Cutoff, Folds = request.Folds, Seed = request.Seed };
        var steps = CrisisBacktest.Steps(data);
        var report = progress.Run($"crisis backtest: {steps} scores", steps, step => CrisisBacktest.Run(data, options, null, step, cancellation));
        return CrisisBacktestDocument.From(report);
    }
}
