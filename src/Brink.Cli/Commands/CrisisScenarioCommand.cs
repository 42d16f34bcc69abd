using System.CommandLine;
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
            if (!ScenarioInput.TryLoad(context, parse.GetValue(file)!, out var scenario)) return ExitCodes.BadInput;
            var result = CrisisAnalysis.Run(scenario, new CrisisOptions());
            foreach (var d in result.Diagnostics) context.Error.WriteLine(d);
            if (parse.GetValue(format) == "json") { CrisisScenarioOutput.WriteJson(context, result); return ExitCodes.Ok; }
            CrisisScenarioOutput.WriteTable(context, result);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>Renders a <see cref="CrisisAnalysisResult"/> (shared with <c>brink run --model crisis</c> when the lead wires it).</summary>
internal static class CrisisScenarioOutput
{
    /// <summary>A flat JSON view: per dyad the five probabilities, P(war) by cause, perspectives; overall; belief gaps.</summary>
    public static object Json(CrisisAnalysisResult r) => new
    {
        model = r.Model,
        variant = r.Variant,
        dyads = r.Dyads.Select(d => new
        {
            issue = d.Issue, actor_a = d.ActorA, actor_b = d.ActorB,
            eum_view_a = d.EumViewA, eum_view_b = d.EumViewB, reason = d.Reason,
            p_war = d.Outcome.War, p_settlement = d.Outcome.Settlement,
            p_capitulation_a = d.Outcome.CapitulationA, p_capitulation_b = d.Outcome.CapitulationB, p_status_quo = d.Outcome.StatusQuo,
            war_by_cause = Causes(d.WarByCause),
            conditions = d.Conditions,
            p_true = d.PTrue, p_view_a = d.PViewA, p_view_b = d.PViewB,
            misperception_gap = d.MisperceptionGap, optimism_threshold = d.OptimismThreshold, mutual_optimism = d.MutualOptimism,
            stages = d.Detail?.Stages,
        }),
        overall = new
        {
            dyads = r.Overall.Dyads, handed_over = r.Overall.HandedOver,
            p_war = r.Overall.Mean.War, p_settlement = r.Overall.Mean.Settlement,
            p_capitulation_a = r.Overall.Mean.CapitulationA, p_capitulation_b = r.Overall.Mean.CapitulationB,
            p_status_quo = r.Overall.Mean.StatusQuo, p_any_war = r.Overall.ProbabilityAnyWar,
            war_by_cause = Causes(r.Overall.WarByCause),
        },
        belief_gaps = r.BeliefGaps.Select(g => new { holder = g.Holder, about = g.About, parameter = g.Parameter, issue = g.Issue, believed = g.Believed, actual = g.Actual, gap = g.Gap }),
        diagnostics = r.Diagnostics.Select(d => d.ToString()),
        warnings = Rendering.WarningOutput.Docs(r.Warnings),
    };

    private static Dictionary<string, double> Causes(IReadOnlyDictionary<WarCause, double> c) =>
        c.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key.ToString().ToLowerInvariant(), kv => kv.Value);

    public static void WriteJson(CliContext context, CrisisAnalysisResult r) => JsonOutput.Write(context, Json(r));

    public static void WriteTable(CliContext context, CrisisAnalysisResult r)
    {
        var t = new Table().Title("Crisis model per dyad").AddColumns("issue", "A", "B", "reason", "P(war)", "P(settle)", "P(cap A)", "P(cap B)", "P(sq)", "main cause", "gap", "optimism");
        foreach (var d in r.Dyads)
        {
            var cause = d.Outcome.War > 0 ? d.WarByCause.OrderByDescending(kv => kv.Value).First().Key.ToString().ToLowerInvariant() : "-";
            t.AddRow(Markup.Escape(d.Issue), Markup.Escape(d.ActorA), Markup.Escape(d.ActorB), Rendering.UserWords.Of(d.Reason),
                CrisisCli.Show(Math.Round(d.Outcome.War, 3)), CrisisCli.Show(Math.Round(d.Outcome.Settlement, 3)),
                CrisisCli.Show(Math.Round(d.Outcome.CapitulationA, 3)), CrisisCli.Show(Math.Round(d.Outcome.CapitulationB, 3)),
                CrisisCli.Show(Math.Round(d.Outcome.StatusQuo, 3)), cause, CrisisCli.Show(Math.Round(d.MisperceptionGap, 3)), CrisisCli.Show(d.MutualOptimism));
        }
        context.Console.Write(t);
        context.Console.WriteLine($"Overall: mean P(war) {CrisisCli.Show(Math.Round(r.Overall.Mean.War, 3))}, P(at least one war) {CrisisCli.Show(Math.Round(r.Overall.ProbabilityAnyWar, 3))}, {r.Overall.HandedOver} of {r.Overall.Dyads} dyads handed to the crisis model.");
        foreach (var g in r.BeliefGaps)
            context.Console.WriteLine($"Belief: {g.Holder} sees {g.About}.{Rendering.UserWords.Of(g.Parameter)} as {CrisisCli.Show(g.Believed)} (actual {CrisisCli.Show(g.Actual)}).");
        Rendering.WarningOutput.Write(context.Console, r.Warnings);
    }
}
