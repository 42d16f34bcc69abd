using System.CommandLine;
using Brink.Application;

namespace Brink.Cli.Commands;

/// <summary><c>brink crisis interaction</c>: the international interaction game (Bueno de Mesquita &amp; Lalman 1992).</summary>
internal sealed class CrisisInteractionCommand : ICrisisSubcommand
{
    private const string Order = InteractionRequest.Order;

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
            var request = new InteractionRequest { PayoffsA = a ?? [], PayoffsB = b ?? [], Lambda = l };
            problems.AddRange(request.Problems().Where(x => x.Field switch { "payoffs_a" => a is not null, "payoffs_b" => b is not null, _ => true }).Select(x => x.Message));
            if (CrisisCli.Invalid(context, "interaction", problems)) return ExitCodes.BadInput;

            var result = CrisisGameService.Interaction(request);
            var rows = new List<(string, object?)> { ("backward-induction outcome", InteractionRequest.ShortName(result.BackwardInduction.Outcome)) };
            if (result.QuantalResponse is { } qre) rows.AddRange(qre.Outcomes.Select(o => ($"P({o.Key}), λ = {CrisisCli.Show(l)}", (object?)o.Value)));
            CrisisCli.Write(context, parse.GetValue(format)!, "International interaction game (Bueno de Mesquita & Lalman 1992)", result, rows);
            return ExitCodes.Ok;
        });
        return command;
    }
}
