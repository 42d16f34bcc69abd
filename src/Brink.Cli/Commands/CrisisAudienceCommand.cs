using System.CommandLine;
using Brink.Application;
using Brink.Crisis;

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
            double pv = parse.GetValue(p), cd = parse.GetValue(costD), a = parse.GetValue(audience), pi = parse.GetValue(prior);
            if (CrisisCli.Invalid(context, "audience", CrisisGuard.Check(
                    CrisisGuard.Probability("--p", pv), CrisisGuard.NonNegative("--cost-d", cd),
                    CrisisGuard.NonNegative("--audience-cost", a), CrisisGuard.Probability("--prior-resolved", pi))))
                return ExitCodes.BadInput;
            var r = TyingHands.Solve(pv, cd, a, pi);
            var result = CrisisGameDocuments.Audience(pv, cd, a, pi);
            CrisisCli.Write(context, parse.GetValue(format)!, "Tying hands (Fearon 1994)", result,
            [
                ("regime", r.Regime), ("q* = 1/(p + c_D)", result.QStar), ("β* (bluff rate)", r.Beta), ("σ* = a/(1 + a)", r.Sigma),
                ("target's posterior", r.Posterior), ("P(war) = π(1 − σ*)", r.ProbabilityWar), ("P(threat)", r.ProbabilityThreat),
                ("P(target concedes)", r.ProbabilityTargetConcedes), ("P(challenger backs down)", r.ProbabilityChallengerBacksDown),
                ("P(status quo)", r.ProbabilityStatusQuo),
            ]);
            CrisisCli.WriteWarnings(context, parse.GetValue(format)!, result.Warnings);
            return ExitCodes.Ok;
        });
        return command;
    }
}
