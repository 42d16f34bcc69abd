using System.Collections.Immutable;
using System.Globalization;
using Brink.Scenarios;

namespace Brink.Crisis;

/// <summary>
/// The crisis-relevant inputs of one actor, read from the scenario: the typed fields
/// (<see cref="Actor.WarCost"/>, <see cref="Actor.Resolve"/>, <see cref="Actor.AudienceCost"/>) and
/// these free attributes (<see cref="Actor.Attributes"/>):
/// <list type="bullet">
/// <item><c>capability_next</c>: capability expected next period (shifting power).</item>
/// <item><c>threat_followed</c>, <c>threat_backed_down</c>: counts of resisted threats carried out / abandoned.</item>
/// <item><c>threat_record</c>: the same as an ordered history, oldest first, e.g. <c>"F,B,B,C"</c>
/// (F followed through, B backed down, C target conceded, N no threat); takes precedence over the counts.</item>
/// <item><c>honest_prior</c>: prior that the actor is an honest threatener (default from options).</item>
/// </list>
/// </summary>
public sealed record ActorCrisisInputs(
    string Id, double Capability, double WarCost, double Resolve, double AudienceCost, double? CapabilityNext,
    ImmutableArray<ThreatObservation> ThreatHistory, double ThreatFollowed, double ThreatBackedDown, double HonestPrior)
{
    /// <summary>True when the scenario gives any follow-through evidence for the actor.</summary>
    public bool HasRecord => !ThreatHistory.IsEmpty || ThreatFollowed > 0 || ThreatBackedDown > 0;

    /// <summary>The scenario fields (<c>war_cost</c>, <c>resolve</c>, <c>audience_cost</c>) the actor left out or gave an invalid value, so the options' default was used.</summary>
    public ImmutableArray<string> Defaulted { get; init; } = [];

    /// <summary>Attribute names read by the crisis model.</summary>
    public static readonly ImmutableArray<string> AttributeNames = ["capability_next", "threat_followed", "threat_backed_down", "threat_record", "honest_prior"];

    /// <summary>Reads one actor; problems with attribute values are added to <paramref name="diagnostics"/> (the value falls back to the default).</summary>
    public static ActorCrisisInputs From(Actor actor, CrisisOptions options, string file, List<Diagnostic> diagnostics)
    {
        double? Num(string key, Func<double, bool> ok, string range)
        {
            if (!actor.Attributes.TryGetValue(key, out var text)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && ok(v)) return v;
            diagnostics.Add(new Diagnostic(file, 0, 0, $"actors[{actor.Id}].attributes.{key}", $"'{text}' is not {range}; ignored."));
            return null;
        }
        var history = ImmutableArray.CreateBuilder<ThreatObservation>();
        if (actor.Attributes.TryGetValue("threat_record", out var record))
        {
            foreach (var token in record.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                ThreatObservation? o = token.ToUpperInvariant() switch
                {
                    "F" or "FOLLOWED" => ThreatObservation.FollowedThrough,
                    "B" or "BACKED_DOWN" => ThreatObservation.BackedDown,
                    "C" or "CONCEDED" => ThreatObservation.TargetConceded,
                    "N" or "NONE" => ThreatObservation.NoThreat,
                    _ => null,
                };
                if (o is { } obs) history.Add(obs);
                else diagnostics.Add(new Diagnostic(file, 0, 0, $"actors[{actor.Id}].attributes.threat_record", $"unknown entry '{token}' (use F, B, C or N); ignored."));
            }
        }
        double? Field(double? value, string name, Func<double, bool> ok, string range)
        {
            if (value is not { } v || (double.IsFinite(v) && ok(v))) return value;
            diagnostics.Add(new Diagnostic(file, 0, 0, $"actors[{actor.Id}].{name}", $"{v} is not {range}; the crisis model uses its default."));
            return null;
        }
        var capability = Field(actor.Capability, "capability", v => v >= 0, "a number ≥ 0") ?? 0;
        var warCost = Field(actor.WarCost, "war_cost", v => v >= 0, "a cost ≥ 0");
        var resolve = Field(actor.Resolve, "resolve", v => v is >= 0 and <= 1, "a probability in [0, 1]");
        var audienceCost = Field(actor.AudienceCost, "audience_cost", v => v >= 0, "a cost ≥ 0");
        ImmutableArray<string> defaulted =
        [
            .. warCost is null ? ["war_cost"] : Array.Empty<string>(),
            .. resolve is null ? ["resolve"] : Array.Empty<string>(),
            .. audienceCost is null ? ["audience_cost"] : Array.Empty<string>(),
        ];
        return new ActorCrisisInputs(
            actor.Id,
            capability,
            warCost ?? options.DefaultWarCost,
            resolve ?? options.DefaultResolve,
            audienceCost ?? options.DefaultAudienceCost,
            Num("capability_next", v => v >= 0, "a number ≥ 0"),
            history.ToImmutable(),
            Num("threat_followed", v => v >= 0, "a count ≥ 0") ?? 0,
            Num("threat_backed_down", v => v >= 0, "a count ≥ 0") ?? 0,
            Num("honest_prior", v => v is >= 0 and <= 1, "a probability in [0, 1]") ?? options.HonestPrior)
        {
            Defaulted = defaulted,
        };
    }

    /// <summary>
    /// An observer's belief that this actor is honest: Bayes over <see cref="ThreatHistory"/> from
    /// <see cref="HonestPrior"/> (or, with only counts, the followed and backed-down updates applied
    /// in that order; the order does not matter for Bayes without forgetting).
    /// </summary>
    public double HonestPosterior(ReputationModel model)
    {
        if (!ThreatHistory.IsEmpty) return model.Update(HonestPrior, ThreatHistory);
        var mu = HonestPrior;
        for (var k = 0; k < (int)Math.Round(ThreatFollowed); k++) mu = model.Update(mu, ThreatObservation.FollowedThrough);
        for (var k = 0; k < (int)Math.Round(ThreatBackedDown); k++) mu = model.Update(mu, ThreatObservation.BackedDown);
        return mu;
    }

    /// <summary>The empirical follow-through record (Beta(1,1) prior, forgetting φ along <see cref="ThreatHistory"/>).</summary>
    public FollowThroughRecord Record(double forgetting)
    {
        var r = FollowThroughRecord.Prior(forgetting: forgetting);
        foreach (var o in ThreatHistory)
        {
            if (o == ThreatObservation.FollowedThrough) r = r.Observe(true);
            else if (o == ThreatObservation.BackedDown) r = r.Observe(false);
        }
        return r.AddCounts(ThreatHistory.IsEmpty ? ThreatFollowed : 0, ThreatHistory.IsEmpty ? ThreatBackedDown : 0);
    }
}
