using System.CommandLine;
using Brink.Application;
using Brink.Crisis;

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
            double ca = parse.GetValue(costA), cb = parse.GetValue(costB), d = parse.GetValue(discount);
            if (powers is not null)
            {
                if (powers.Length == 0) problems.Add("--path needs at least one probability.");
                problems.AddRange(CrisisCli.Probabilities("--path", powers));
            }
            problems.AddRange(CrisisGuard.Check(CrisisGuard.NonNegative("--cost-a", ca), CrisisGuard.NonNegative("--cost-b", cb), CrisisGuard.Probability("--discount", d)));
            if (CrisisCli.Invalid(context, "preventive", problems)) return ExitCodes.BadInput;

            var r = ShiftingPower.Solve(powers!, ca, cb, d);
            bool? inequality = powers!.Length == 2 && powers[0] >= powers[1] ? ShiftingPower.DecliningSideFights(powers[0], powers[1], ca, d) : null;
            var result = CrisisGameDocuments.Preventive(powers!, ca, cb, d, r, inequality);
            var rows = new List<(string, object?)> { ("war", r.War), ("war period", r.WarPeriod), ("initiator", r.Initiator is null ? null : Rendering.UserWords.Of(r.Initiator)), ("cause", r.Cause) };
            if (inequality is { } ineq) rows.Add(("δ(p₁ − p₂) > (1 − p₁) + (1 − δ)c_A", ineq));
            foreach (var q in r.Periods) rows.Add(($"period {q.Period}: p = {CrisisCli.Show(q.P)}", $"{Rendering.UserWords.Of(q.Decision)}, offer to A {CrisisCli.Show(q.OfferToA)}"));
            CrisisCli.Write(context, parse.GetValue(format)!, "Shifting power (Fearon 1995)", result, rows);
            CrisisCli.WriteWarnings(context, parse.GetValue(format)!, result.Warnings);
            return ExitCodes.Ok;
        });
        return command;
    }
}
