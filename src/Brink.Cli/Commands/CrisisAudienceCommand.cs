using System.CommandLine;
using Brink.Application;

namespace Brink.Cli.Commands;

/// <summary><c>brink crisis audience</c>: the tying-hands game with audience costs (Fearon 1994, 1997).</summary>
internal sealed class CrisisAudienceCommand : ICrisisSubcommand
{
    public Command Build(CliContext context)
    {
        var p = CrisisCli.Number("--p", "Challenger's probability of winning a war, in [0, 1].");
        var costD = CrisisCli.Number("--cost-d", "Target's cost of war, ≥ 0.");
        var audience = CrisisCli.Number("--audience-cost", "Challenger's audience cost a for backing down, ≥ 0.");
        var prior = CrisisCli.Number("--prior-resolved", "Prior π that the challenger is resolved, in [0, 1].");
        var format = CrisisCli.Format();
        var command = new Command("audience", "Semi-separating equilibrium of the tying-hands crisis game.") { p, costD, audience, prior, format };
        command.SetAction(parse =>
        {
            var request = new AudienceRequest { P = parse.GetValue(p), CostD = parse.GetValue(costD), AudienceCost = parse.GetValue(audience), PriorResolved = parse.GetValue(prior) };
            if (CrisisCli.Invalid(context, "audience", request.Problems())) return ExitCodes.BadInput;
            var result = CrisisGameService.Audience(request);
            var r = result;
            CrisisCli.Write(context, parse.GetValue(format)!, "Tying hands (Fearon 1994)", result,
            [
                ("regime", r.Regime), ("q* = 1/(p + c_D)", result.QStar), ("β* (bluff rate)", r.Beta), ("σ* = a/(1 + a)", r.Sigma),
                ("target's posterior", r.Posterior), ("P(war) = π(1 − σ*)", r.PWar), ("P(threat)", r.PThreat),
                ("P(target concedes)", r.PTargetConcedes), ("P(challenger backs down)", r.PChallengerBacksDown),
                ("P(status quo)", r.PStatusQuo),
            ]);
            CrisisCli.WriteWarnings(context, parse.GetValue(format)!, result.Warnings);
            return ExitCodes.Ok;
        });
        return command;
    }
}
