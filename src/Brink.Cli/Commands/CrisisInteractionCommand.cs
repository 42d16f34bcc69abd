using System.CommandLine;
using Brink.Crisis;

namespace Brink.Cli.Commands;

/// <summary><c>brink crisis interaction</c>: the international interaction game (Bueno de Mesquita &amp; Lalman 1992).</summary>
internal sealed class CrisisInteractionCommand : ICrisisSubcommand
{
    private const string Order = "sq,nego,acq_a,acq_b,cap_a,cap_b,war_a,war_b";

    public Command Build(CliContext context)
    {
        var payA = new Option<string>("--payoffs-a") { Description = $"A's utilities for the eight outcomes, in the order {Order}.", Required = true };
        var payB = new Option<string>("--payoffs-b") { Description = $"B's utilities, same order.", Required = true };
        var lambda = new Option<double?>("--lambda") { Description = "Logit quantal-response precision λ ≥ 0 (omit for backward induction only)." };
        var format = CrisisCli.Format();
        var command = new Command("interaction", "Outcome probabilities of the eight-outcome international interaction game.") { payA, payB, lambda, format };
        command.SetAction(parse =>
        {
            var problems = new List<string>();
            var a = CrisisCli.ParseList(parse.GetValue(payA)!, "--payoffs-a", 8, problems);
            var b = CrisisCli.ParseList(parse.GetValue(payB)!, "--payoffs-b", 8, problems);
            var l = parse.GetValue(lambda);
            if (l is { } lv && CrisisGuard.NonNegative("--lambda", lv) is { } bad) problems.Add(bad);
            if (CrisisCli.Invalid(context, "interaction", problems)) return ExitCodes.BadInput;

            var pa = InteractionPayoffs.FromList(a!);
            var pb = InteractionPayoffs.FromList(b!);
            var bi = InteractionGame.BackwardInduction(pa, pb);
            var qre = l is { } lam ? InteractionGame.QuantalResponse(pa, pb, lam) : null;
            var outcomes = Enum.GetValues<InteractionOutcome>();
            var result = new
            {
                backward_induction = new { outcome = bi.Modal, expected_utility_a = bi.ExpectedUtilityA, expected_utility_b = bi.ExpectedUtilityB, nodes = bi.Nodes },
                quantal_response = qre is null ? null : new
                {
                    lambda = qre.Lambda,
                    outcomes = outcomes.ToDictionary(o => Snake(o), o => qre.Outcomes[o]),
                    expected_utility_a = qre.ExpectedUtilityA, expected_utility_b = qre.ExpectedUtilityB,
                    nodes = qre.Nodes,
                },
            };
            var rows = new List<(string, object?)> { ("backward-induction outcome", Snake(bi.Modal)) };
            if (qre is not null) rows.AddRange(outcomes.Select(o => ($"P({Snake(o)}), λ = {CrisisCli.Show(l)}", (object?)qre.Outcomes[o])));
            CrisisCli.Write(context, parse.GetValue(format)!, "International interaction game (Bueno de Mesquita & Lalman 1992)", result, rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Snake(InteractionOutcome o) => o switch
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
