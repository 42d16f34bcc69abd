using System.CommandLine;
using Brink.Application;

namespace Brink.Cli.Commands;

/// <summary><c>brink crisis preventive</c>: shifting power and the commitment problem (Fearon 1995).</summary>
internal sealed class CrisisPreventiveCommand : ICrisisSubcommand
{
    public Command Build(CliContext context)
    {
        var path = new Option<string>("--path") { Description = "A's probability of winning in each period, comma-separated (e.g. 0.8,0.3).", Required = true };
        var costA = CrisisCli.Number("--cost-a", "A's cost of war (in units of one period's good), ≥ 0.");
        var costB = CrisisCli.Number("--cost-b", "B's cost of war, ≥ 0.");
        var discount = CrisisCli.Number("--discount", "Discount factor δ in [0, 1].", 0.9);
        var format = CrisisCli.Format();
        var command = new Command("preventive", "Backward induction over a shifting balance of power; who fights, and when.") { path, costA, costB, discount, format };
        command.SetAction(parse =>
        {
            var problems = new List<string>();
            var powers = CrisisCli.ParseList(parse.GetValue(path)!, "--path", null, problems);
            var request = new PreventiveRequest { Path = powers ?? [], CostA = parse.GetValue(costA), CostB = parse.GetValue(costB), Discount = parse.GetValue(discount) };
            problems.AddRange(request.Problems().Where(x => powers is not null || !x.Field.StartsWith("path", StringComparison.Ordinal)).Select(x => x.Message));
            if (CrisisCli.Invalid(context, "preventive", problems)) return ExitCodes.BadInput;

            var result = CrisisGameService.Preventive(request);
            var rows = new List<(string, object?)> { ("war", result.War), ("war period", result.WarPeriod), ("initiator", result.Initiator), ("cause", result.Cause) };
            if (result.TwoPeriodInequality is { } ineq) rows.Add(("δ(p₁ − p₂) > (1 − p₁) + (1 − δ)c_A", ineq));
            foreach (var q in result.Periods) rows.Add(($"period {q.Period}: p = {CrisisCli.Show(q.P)}", $"{q.Decision}, offer to A {CrisisCli.Show(q.OfferToA)}"));
            CrisisCli.Write(context, parse.GetValue(format)!, "Shifting power (Fearon 1995)", result, rows);
            CrisisCli.WriteWarnings(context, parse.GetValue(format)!, result.Warnings);
            return ExitCodes.Ok;
        });
        return command;
    }
}
