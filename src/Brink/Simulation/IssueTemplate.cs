using System.Collections.Immutable;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Simulation;

/// <summary>The per-actor numbers of one issue that a simulation can vary.</summary>
public enum IssueField
{
    /// <summary>Capability c_i.</summary>
    Capability,
    /// <summary>Position x_i on the issue's scale.</summary>
    Position,
    /// <summary>Salience s_i in [0, 1].</summary>
    Salience,
    /// <summary>The EUM's risk exponent r_i (only where the scenario fixes or ranges it).</summary>
    Risk,
}

/// <summary>
/// One varied input: which actor's which number, the reference it came from and the distribution
/// it is drawn from.
/// </summary>
public sealed record InputSlot(ParameterRef Target, IssueField Field, int Actor, Distribution Distribution)
{
    /// <summary>Readable name, e.g. <c>germany.position</c>.</summary>
    public string Name => $"{Target.ActorId}.{Field.ToString().ToLowerInvariant()}";
}

/// <summary>
/// Mutable per-thread copy of one issue's actor arrays, overwritten for every draw so the hot loop
/// allocates nothing. <see cref="Risk"/> holds NaN where the risk exponent is left to the model.
/// </summary>
public sealed class IssueBuffer
{
    internal IssueBuffer(int count)
    {
        Capability = new double[count];
        Position = new double[count];
        Salience = new double[count];
        Risk = new double[count];
    }

    /// <summary>c_i per actor for this draw.</summary>
    public double[] Capability { get; }
    /// <summary>x_i per actor for this draw, on the issue's scale.</summary>
    public double[] Position { get; }
    /// <summary>s_i per actor for this draw, in [0, 1].</summary>
    public double[] Salience { get; }
    /// <summary>r_i per actor for this draw; NaN where the model computes it.</summary>
    public double[] Risk { get; }
    /// <summary>Number of actors n.</summary>
    public int Count => Position.Length;
}

/// <summary>
/// One issue of a scenario compiled to flat arrays plus the list of inputs that vary (design §5).
/// Applying a draw copies the base arrays into an <see cref="IssueBuffer"/> and overwrites the
/// varied slots, so a draw never re-parses or rebuilds the immutable <see cref="Scenario"/>.
/// </summary>
public sealed class IssueTemplate
{
    private readonly double[] _capability, _position, _salience, _risk;

    private IssueTemplate(string issueId, ImmutableArray<string> actorIds, ImmutableArray<string> actorNames,
        double[] capability, double[] position, double[] salience, double[] risk,
        double scaleMin, double scaleMax, double? statusQuo, string? decisionRule,
        ImmutableArray<InputSlot> slots, ImmutableArray<string> ignored)
    {
        IssueId = issueId;
        ActorIds = actorIds;
        ActorNames = actorNames;
        _capability = capability;
        _position = position;
        _salience = salience;
        _risk = risk;
        ScaleMin = scaleMin;
        ScaleMax = scaleMax;
        StatusQuo = statusQuo;
        DecisionRule = decisionRule;
        Slots = slots;
        Ignored = ignored;
    }

    /// <summary>The issue's id in the scenario.</summary>
    public string IssueId { get; }
    /// <summary>Ids of the actors with a stance on the issue, in scenario order (the index of every array).</summary>
    public ImmutableArray<string> ActorIds { get; }
    /// <summary>Display names of those actors.</summary>
    public ImmutableArray<string> ActorNames { get; }
    /// <summary>Lower end of the issue's scale.</summary>
    public double ScaleMin { get; }
    /// <summary>Upper end of the issue's scale.</summary>
    public double ScaleMax { get; }
    /// <summary>The issue's status quo, when the scenario gives one.</summary>
    public double? StatusQuo { get; }
    /// <summary>The scenario's decision rule as free text, carried for reporting.</summary>
    public string? DecisionRule { get; }
    /// <summary>The inputs drawn in every Monte Carlo draw, in a fixed order (the order of the draw vector).</summary>
    public ImmutableArray<InputSlot> Slots { get; }
    /// <summary>Uncertain inputs of the scenario this issue does not use (other issues, crisis parameters).</summary>
    public ImmutableArray<string> Ignored { get; }
    /// <summary>Number of actors n.</summary>
    public int Count => ActorIds.Length;
    /// <summary>The global noise given to numbers without a distribution (<see cref="WithNoise"/>); 0 when none.</summary>
    public double Noise { get; private set; }
    /// <summary>Point values of the capabilities (before any draw).</summary>
    public ReadOnlySpan<double> BaseCapability => _capability;
    /// <summary>Point values of the positions.</summary>
    public ReadOnlySpan<double> BasePosition => _position;
    /// <summary>Point values of the saliences.</summary>
    public ReadOnlySpan<double> BaseSalience => _salience;
    /// <summary>Point values of the risk exponents (NaN where the model computes them).</summary>
    public ReadOnlySpan<double> BaseRisk => _risk;

    /// <summary>
    /// Compiles one issue of a scenario. Uncertain inputs become slots; a position or salience
    /// reference without an issue id applies to this issue. With <paramref name="noise"/> &gt; 0
    /// every capability, position and salience that has no distribution of its own gets a
    /// truncated-normal one (see <see cref="NoiseDistribution(IssueField, double, double, double, double)"/>).
    /// </summary>
    public static IssueTemplate From(Scenario scenario, string issueId, double noise = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var issue = SpatialIssue.From(scenario, issueId);
        var actors = scenario.Actors.Where(a => a.Stances.ContainsKey(issueId)).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < actors.Count; i++) index[actors[i].Id] = i;

        var slots = new List<InputSlot>();
        var ignored = new List<string>();
        var taken = new HashSet<(int, IssueField)>();
        foreach (var u in scenario.Uncertain)
        {
            var field = ToField(u.Target.Parameter);
            var onThisIssue = u.Target.IssueId is null || u.Target.IssueId == issueId;
            var isStanceField = field is IssueField.Position or IssueField.Salience;
            if (field is null || !index.TryGetValue(u.Target.ActorId, out var actor) || (isStanceField && !onThisIssue)
                || (!isStanceField && u.Target.IssueId is not null && u.Target.IssueId != issueId))
            {
                ignored.Add(u.Target.ToString());
                continue;
            }
            if (!taken.Add((actor, field.Value))) continue; // a second distribution for the same number: the first wins
            slots.Add(new InputSlot(u.Target, field.Value, actor, u.Distribution));
        }
        var template = Build(issue, [.. actors.Select(a => a.Id)], [.. slots], [.. ignored]);
        return noise > 0 ? template.WithNoise(noise) : template;
    }

    /// <summary>Compiles a model input built in code, with the given varied inputs.</summary>
    public static IssueTemplate From(SpatialIssue issue, IEnumerable<InputSlot>? slots = null, IEnumerable<string>? actorIds = null) =>
        Build(issue, actorIds?.ToImmutableArray() ?? issue.Actors, [.. slots ?? []], []);

    private static IssueTemplate Build(SpatialIssue issue, ImmutableArray<string> ids, ImmutableArray<InputSlot> slots, ImmutableArray<string> ignored)
    {
        var n = issue.Count;
        var risk = new double[n];
        for (var i = 0; i < n; i++) risk[i] = i < issue.Risk.Length && issue.Risk[i] is { } r ? r : double.NaN;
        return new IssueTemplate(issue.IssueId, ids, issue.Actors, [.. issue.Capability], [.. issue.Position], [.. issue.Salience], risk,
            issue.ScaleMin, issue.ScaleMax, issue.StatusQuo, issue.DecisionRule, slots, ignored);
    }

    /// <summary>The same issue with a different list of varied inputs.</summary>
    public IssueTemplate WithSlots(IEnumerable<InputSlot> slots) =>
        new(IssueId, ActorIds, ActorNames, _capability, _position, _salience, _risk, ScaleMin, ScaleMax, StatusQuo, DecisionRule, [.. slots], Ignored) { Noise = Noise };

    /// <summary>
    /// Global noise for plain tables without ranges: every capability, position and salience that
    /// has no distribution gets one (see <see cref="NoiseDistribution(IssueField, double, double, double, double)"/>).
    /// </summary>
    public IssueTemplate WithNoise(double noise)
    {
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be a finite number ≥ 0");
        if (noise == 0) return this;
        var slots = Slots.ToList();
        var taken = Slots.Select(s => (s.Actor, s.Field)).ToHashSet();
        foreach (var field in (ReadOnlySpan<IssueField>)[IssueField.Capability, IssueField.Position, IssueField.Salience])
            for (var i = 0; i < Count; i++)
                if (!taken.Contains((i, field)))
                    slots.Add(new InputSlot(new ParameterRef(ActorIds[i], ToParameter(field), field == IssueField.Capability ? null : IssueId), field, i, NoiseDistribution(field, i, noise)));
        var noisy = WithSlots(slots);
        noisy.Noise = noise;
        return noisy;
    }

    /// <summary>
    /// The distribution global noise gives one number: a normal centred on the point value,
    /// truncated to the number's domain, with standard deviation noise × (scale width) for
    /// positions, noise for saliences (on [0,1]) and noise × value for capabilities.
    /// </summary>
    public Distribution NoiseDistribution(IssueField field, int actor, double noise) => NoiseDistribution(field, field switch
    {
        IssueField.Position => _position[actor],
        IssueField.Salience => _salience[actor],
        IssueField.Capability => _capability[actor],
        _ => _risk[actor],
    }, noise, ScaleMin, ScaleMax);

    /// <summary>The global-noise distribution of one number with point value <paramref name="value"/> on an issue scale [min, max].</summary>
    public static Distribution NoiseDistribution(IssueField field, double value, double noise, double scaleMin, double scaleMax) => field switch
    {
        IssueField.Position => new TruncatedNormalDistribution(value, noise * (scaleMax - scaleMin), scaleMin, scaleMax),
        IssueField.Salience => new TruncatedNormalDistribution(value, noise, 0, 1),
        IssueField.Capability => new TruncatedNormalDistribution(value, noise * value, 0, double.MaxValue),
        _ => new TruncatedNormalDistribution(value, noise, 0.5, 2),
    };

    /// <summary>The same issue without actor <paramref name="actor"/> (slots on that actor are dropped).</summary>
    public IssueTemplate WithoutActor(int actor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actor);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actor, Count);
        static double[] Drop(double[] a, int k) => [.. a[..k], .. a[(k + 1)..]];
        var slots = Slots.Where(s => s.Actor != actor).Select(s => s.Actor > actor ? s with { Actor = s.Actor - 1 } : s);
        return new IssueTemplate(IssueId, ActorIds.RemoveAt(actor), ActorNames.RemoveAt(actor), Drop(_capability, actor), Drop(_position, actor),
            Drop(_salience, actor), Drop(_risk, actor), ScaleMin, ScaleMax, StatusQuo, DecisionRule, [.. slots], Ignored)
        { Noise = Noise };
    }

    /// <summary>A fresh buffer holding the point values.</summary>
    public IssueBuffer CreateBuffer()
    {
        var buffer = new IssueBuffer(Count);
        Reset(buffer);
        return buffer;
    }

    /// <summary>Restores the point values.</summary>
    public void Reset(IssueBuffer buffer)
    {
        _capability.CopyTo(buffer.Capability, 0);
        _position.CopyTo(buffer.Position, 0);
        _salience.CopyTo(buffer.Salience, 0);
        _risk.CopyTo(buffer.Risk, 0);
    }

    /// <summary>Point values, then slot k set to <paramref name="values"/>[k] (the order of <see cref="Slots"/>).</summary>
    public void Apply(IssueBuffer buffer, ReadOnlySpan<double> values)
    {
        Reset(buffer);
        var slots = Slots.AsSpan();
        for (var k = 0; k < slots.Length; k++) Set(buffer, slots[k].Field, slots[k].Actor, values[k]);
    }

    /// <summary>Sets one number in a buffer.</summary>
    public static void Set(IssueBuffer buffer, IssueField field, int actor, double value)
    {
        switch (field)
        {
            case IssueField.Capability: buffer.Capability[actor] = value; break;
            case IssueField.Position: buffer.Position[actor] = value; break;
            case IssueField.Salience: buffer.Salience[actor] = value; break;
            default: buffer.Risk[actor] = value; break;
        }
    }

    /// <summary>Reads one number from a buffer.</summary>
    public static double Get(IssueBuffer buffer, IssueField field, int actor) => field switch
    {
        IssueField.Capability => buffer.Capability[actor],
        IssueField.Position => buffer.Position[actor],
        IssueField.Salience => buffer.Salience[actor],
        _ => buffer.Risk[actor],
    };

    /// <summary>The immutable model input for the buffer's current values (for models that take a <see cref="SpatialIssue"/>).</summary>
    public SpatialIssue ToSpatialIssue(IssueBuffer buffer)
    {
        var risk = new double?[Count];
        for (var i = 0; i < risk.Length; i++) risk[i] = double.IsNaN(buffer.Risk[i]) ? null : buffer.Risk[i];
        return new SpatialIssue
        {
            IssueId = IssueId,
            Actors = ActorNames,
            Capability = ImmutableArray.Create(buffer.Capability),
            Position = ImmutableArray.Create(buffer.Position),
            Salience = ImmutableArray.Create(buffer.Salience),
            Risk = ImmutableArray.Create(risk),
            ScaleMin = ScaleMin,
            ScaleMax = ScaleMax,
            StatusQuo = StatusQuo,
            DecisionRule = DecisionRule,
        };
    }

    /// <summary>The point-value model input.</summary>
    public SpatialIssue ToSpatialIssue() => ToSpatialIssue(CreateBuffer());

    private static IssueField? ToField(ActorParameter p) => p switch
    {
        ActorParameter.Capability => IssueField.Capability,
        ActorParameter.Position => IssueField.Position,
        ActorParameter.Salience => IssueField.Salience,
        ActorParameter.Risk => IssueField.Risk,
        _ => null,
    };

    internal static ActorParameter ToParameter(IssueField f) => f switch
    {
        IssueField.Capability => ActorParameter.Capability,
        IssueField.Position => ActorParameter.Position,
        IssueField.Salience => ActorParameter.Salience,
        _ => ActorParameter.Risk,
    };
}
