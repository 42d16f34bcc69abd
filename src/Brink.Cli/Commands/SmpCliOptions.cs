using System.CommandLine;
using Brink.Application;
using Brink.Models.Smp;

namespace Brink.Cli.Commands;

/// <summary>
/// KTAB's SMP parameters as options of <c>brink run --model smp</c>, named as KTAB prints them
/// (VictoryProbModel → <c>--victory-prob-model</c> …), each defaulting to KTAB's default.
/// </summary>
internal sealed class SmpCliOptions
{
    private readonly Option<string?> _vpm = Named("--victory-prob-model", "VictoryProbModel", Enum.GetNames<SmpVictoryProbModel>(), "Linear");
    private readonly Option<string?> _vr = Named("--voting-rule", "VotingRule", Enum.GetNames<SmpVotingRule>(), "Prop");
    private readonly Option<string?> _pce = Named("--pce-model", "PCEModel", Enum.GetNames<SmpPceModel>(), "Conditional");
    private readonly Option<string?> _stm = Named("--state-transitions", "StateTransitions", Enum.GetNames<SmpStateTransitions>(), "Deterministic");
    private readonly Option<string?> _rr = Named("--big-r-range", "BigRRange", Enum.GetNames<SmpBigRRange>(), "Mid");
    private readonly Option<string?> _ra = Named("--big-r-adjust", "BigRAdjust", Enum.GetNames<SmpBigRAdjust>(), "OneThird");
    private readonly Option<string?> _tpc = Named("--third-party-commit", "ThirdPartyCommit", Enum.GetNames<SmpThirdPartyCommit>(), "SemiCommit");
    private readonly Option<string?> _ivb = Named("--inter-vec-brgn", "InterVecBrgn", Enum.GetNames<SmpInterVecBargain>(), "S2P2");
    private readonly Option<string?> _bm = Named("--bargn-model", "BargnModel", Enum.GetNames<SmpBargainModel>(), "InitOnlyInterp");
    private readonly Option<string?> _seed = new("--seed") { Description = $"With --model smp: seed of KTAB's generator (drives Stochastic state transitions; default {SmpOptions.KtabDefaultSeed}, KTAB's)." };
    private readonly Option<int?> _maxTurns = new("--max-turns") { Description = "With --model smp: stop after this many turns at the latest (KTAB: 100)." };

    public static SmpCliOptions Create() => new();

    public IEnumerable<Option> All => [_vpm, _vr, _pce, _stm, _rr, _ra, _tpc, _ivb, _bm, _seed, _maxTurns];

    private static Option<string?> Named(string name, string ktab, string[] values, string dflt) =>
        new(name) { Description = $"With --model smp: KTAB's {ktab}, one of {string.Join(", ", values)} (default {dflt})." };

    /// <summary>The first SMP-only option given on the command line, or null.</summary>
    public string? Given(ParseResult parse) => All.FirstOrDefault(o => parse.GetResult(o) is not null)?.Name;

    public bool TryRead(ParseResult parse, string? variant, out SmpOptions options, out string error)
    {
        options = new SmpOptions();
        error = "";
        var o = options;
        var ok = Parse<SmpVictoryProbModel>(parse, _vpm, v => o = o with { VictoryProbModel = v }, ref error)
            && Parse<SmpVotingRule>(parse, _vr, v => o = o with { VotingRule = v }, ref error)
            && Parse<SmpPceModel>(parse, _pce, v => o = o with { PceModel = v }, ref error)
            && Parse<SmpStateTransitions>(parse, _stm, v => o = o with { StateTransitions = v }, ref error)
            && Parse<SmpBigRRange>(parse, _rr, v => o = o with { BigRRange = v }, ref error)
            && Parse<SmpBigRAdjust>(parse, _ra, v => o = o with { BigRAdjust = v }, ref error)
            && Parse<SmpThirdPartyCommit>(parse, _tpc, v => o = o with { ThirdPartyCommit = v }, ref error)
            && Parse<SmpInterVecBargain>(parse, _ivb, v => o = o with { InterVecBargain = v }, ref error)
            && Parse<SmpBargainModel>(parse, _bm, v => o = o with { BargainModel = v }, ref error);
        if (!ok) return false;
        if (parse.GetValue(_seed) is { } seedText)
        {
            if (!ulong.TryParse(seedText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed) || seed == 0)
            {
                error = $"--seed must be a whole number from 1 to {ulong.MaxValue}, got '{seedText}'";
                return false;
            }
            o = o with { Seed = seed };
        }
        if (parse.GetValue(_maxTurns) is { } maxTurns)
        {
            if (maxTurns is < 1 or > 10_000)
            {
                error = $"--max-turns must be between 1 and 10000, got {maxTurns}";
                return false;
            }
            o = o with { MaxTurns = maxTurns };
        }
        if (variant is not null)
        {
            if (SmpRunRequest.ParseVariant(variant, out error) is not { } chosen) return false;
            o = o with { Variant = chosen };
        }
        options = o;
        return true;
    }

    private static bool Parse<T>(ParseResult parse, Option<string?> option, Action<T> set, ref string error) where T : struct, Enum
    {
        if (parse.GetValue(option) is not { } text) return true;
        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            set(value);
            return true;
        }
        error = $"{option.Name} '{text}': valid values are {string.Join(", ", Enum.GetNames<T>())}";
        return false;
    }
}
