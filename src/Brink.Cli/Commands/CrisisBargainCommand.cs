using System.CommandLine;
using Brink.Crisis;

namespace Brink.Cli.Commands;

/// <summary><c>brink crisis bargain</c>: Fearon (1995) bargaining with B's war cost uniform on [0, c̄].</summary>
internal sealed class CrisisBargainCommand : ICrisisSubcommand
{
    public Command Build(CliContext context)
    {
        var p = CrisisCli.Number("--p", "A's probability of winning a war, in [0, 1].");
        var costA = CrisisCli.Number("--cost-a", "A's cost of war (share of the good), ≥ 0.");
        var costBMax = CrisisCli.Number("--cost-b-max", "Upper end c̄ of B's cost, uniform on [0, c̄], > 0.");
        var format = CrisisCli.Format();
        var command = new Command("bargain", "A's optimal demand and P(war) when B's cost of war is private (Fearon 1995).") { p, costA, costBMax, format };
        command.SetAction(parse =>
        {
            double pv = parse.GetValue(p), ca = parse.GetValue(costA), cb = parse.GetValue(costBMax);
            if (CrisisCli.Invalid(context, "bargain", CrisisGuard.Check(
                    CrisisGuard.Probability("--p", pv), CrisisGuard.NonNegative("--cost-a", ca), CrisisGuard.Positive("--cost-b-max", cb))))
                return ExitCodes.BadInput;
            var s = FearonBargaining.UniformPrivateCost(pv, ca, cb);
            var result = new
            {
                p = pv, cost_a = ca, cost_b_max = cb,
                demand = s.Demand, p_war = s.ProbabilityWar, range_low = s.Range.Low, range_high = s.Range.High,
                expected_utility_a = s.ExpectedUtility, method = s.Method,
            };
            CrisisCli.Write(context, parse.GetValue(format)!, "Bargaining with private costs (Fearon 1995)", result,
            [
                ("demand x*", s.Demand), ("P(war)", s.ProbabilityWar), ("range low p − c_A", s.Range.Low),
                ("range high p + c̄", s.Range.High), ("A's expected utility", s.ExpectedUtility),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
