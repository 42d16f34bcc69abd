using System.CommandLine;
using Brink.Application;
using Brink.Crisis;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink crisis scenario FILE</c>: every dyad of a scenario through the crisis model, without the
/// EUM (each dyad is analysed; <c>brink run FILE --model crisis</c> joins the two).
/// </summary>
internal sealed class CrisisScenarioCommand : ICrisisSubcommand
{
    public Command Build(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Scenario file (YAML, JSON or CSV)." };
        var format = CrisisCli.Format();
        var command = new Command("scenario", "P(war), P(settlement), P(capitulation), P(status quo) and causes for every dyad of a scenario.") { file, format };
        command.SetAction(parse =>
        {
            var outcome = CrisisService.Run(new CrisisRequest { Scenario = ScenarioSource.FromFile(parse.GetValue(file)!), JoinEum = false }, context.Cancellation);
            return CrisisScenarioOutput.Write(context, outcome, parse.GetValue(format)!, "brink: ");
        });
        return command;
    }
}

/// <summary>Renders a crisis outcome of the application layer (<see cref="CrisisService"/>), for <c>brink crisis scenario</c> and <c>brink run --model crisis</c>.</summary>
internal static class CrisisScenarioOutput
{
    /// <summary>Prints the outcome's notices and diagnostics (request errors after <paramref name="prefix"/>), then the table or the JSON document.</summary>
    public static int Write(CliContext context, CrisisRunOutcome outcome, string format, string prefix)
    {
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, prefix);
        if (!outcome.Ok || outcome.Result is not { } result) return ExitCodes.BadInput;
        foreach (var d in result.Diagnostics) context.Error.WriteLine(d);
        if (format == "json") JsonOutput.Write(context, outcome.Document!);
        else WriteTable(context, result);
        return ExitCodes.Ok;
    }

    /// <summary>The JSON document (<see cref="CrisisDocument"/>) of a result, after <see cref="CrisisResultGuard"/>.</summary>
    public static void WriteJson(CliContext context, CrisisAnalysisResult r) => JsonOutput.Write(context, CrisisDocument.From(CrisisResultGuard.EnsureFinite(r)));

    public static void WriteTable(CliContext context, CrisisAnalysisResult r)
    {
        var t = new Table().Title("Crisis model per dyad").AddColumns("issue", "A", "B", "reason", "P(war)", "P(settle)", "P(cap A)", "P(cap B)", "P(sq)", "main cause", "gap", "optimism");
        foreach (var d in r.Dyads)
        {
            var cause = d.Outcome.War > 0 ? d.WarByCause.OrderByDescending(kv => kv.Value).First().Key.ToString().ToLowerInvariant() : "-";
            t.AddRow(Markup.Escape(d.Issue), Markup.Escape(d.ActorA), Markup.Escape(d.ActorB), UserWords.Of(d.Reason),
                CrisisCli.Show(Math.Round(d.Outcome.War, 3)), CrisisCli.Show(Math.Round(d.Outcome.Settlement, 3)),
                CrisisCli.Show(Math.Round(d.Outcome.CapitulationA, 3)), CrisisCli.Show(Math.Round(d.Outcome.CapitulationB, 3)),
                CrisisCli.Show(Math.Round(d.Outcome.StatusQuo, 3)), cause, CrisisCli.Show(Math.Round(d.MisperceptionGap, 3)), CrisisCli.Show(d.MutualOptimism));
        }
        context.Console.Write(t);
        context.Console.WriteLine($"Overall: mean P(war) {CrisisCli.Show(Math.Round(r.Overall.Mean.War, 3))}, P(at least one war) {CrisisCli.Show(Math.Round(r.Overall.ProbabilityAnyWar, 3))}, {r.Overall.HandedOver} of {r.Overall.Dyads} dyads handed to the crisis model.");
        foreach (var g in r.BeliefGaps)
            context.Console.WriteLine($"Belief: {g.Holder} sees {g.About}.{UserWords.Of(g.Parameter)} as {CrisisCli.Show(g.Believed)} (actual {CrisisCli.Show(g.Actual)}).");
        Rendering.WarningOutput.Write(context.Console, r.Warnings);
    }
}
