using System.CommandLine;
using Brink.Application;

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
            var request = new BargainRequest { P = parse.GetValue(p), CostA = parse.GetValue(costA), CostBMax = parse.GetValue(costBMax) };
            if (CrisisCli.Invalid(context, "bargain", request.Problems())) return ExitCodes.BadInput;
            var s = CrisisGameService.Bargain(request);
            CrisisCli.Write(context, parse.GetValue(format)!, "Bargaining with private costs (Fearon 1995)", s,
            [
                ("demand x*", s.Demand), ("P(war)", s.PWar), ("range low p − c_A", s.RangeLow),
                ("range high p + c̄", s.RangeHigh), ("A's expected utility", s.ExpectedUtilityA),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
