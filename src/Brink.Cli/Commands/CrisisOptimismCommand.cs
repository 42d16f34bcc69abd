using System.CommandLine;
using System.Globalization;
using Brink.Application;
using Brink.Cli.Charts;
using Brink.Cli.Rendering;
using Brink.Crisis;

namespace Brink.Cli.Commands;

/// <summary><c>brink crisis optimism</c>: the mutual-optimism condition (Fearon 1995), or a sweep of P(war) over the misperception gap.</summary>
internal sealed class CrisisOptimismCommand : ICrisisSubcommand
{
    public Command Build(CliContext context)
    {
        var pA = new Option<double?>("--p-a") { Description = "A's own estimate that A wins, in [0, 1]." };
        var pB = new Option<double?>("--p-b") { Description = "B's estimate that A wins, in [0, 1]." };
        var costA = new Option<double?>("--cost-a") { Description = "A's cost of war, ≥ 0." };
        var costB = new Option<double?>("--cost-b") { Description = "B's cost of war, ≥ 0." };
        var sweep = new Option<bool>("--sweep") { Description = "Sweep the gap p^A − p^B from 0 to --max-gap and chart P(war)." };
        var p = CrisisCli.Number("--p", "Sweep: true probability that A wins.", 0.5);
        var costMax = new Option<string>("--cost-max") { Description = "Sweep: upper ends c̄ of the uniform cost ranges, comma-separated.", DefaultValueFactory = _ => "0.1,0.2,0.4" };
        var maxGap = CrisisCli.Number("--max-gap", "Sweep: largest gap.", 1.0);
        var steps = new Option<int>("--steps") { Description = "Sweep: number of gap steps.", DefaultValueFactory = _ => 50 };
        var outDir = OptionChecks.OutputDirectory(new Option<string?>("--out") { Description = "Sweep: folder for crisis-optimism.png and crisis-optimism.csv." });
        var format = CrisisCli.Format();
        var command = new Command("optimism", "Mutual optimism: war iff p^A − p^B > c_A + c_B; --sweep charts P(war) against the gap.")
            { pA, pB, costA, costB, sweep, p, costMax, maxGap, steps, outDir, format };
        command.SetAction(parse =>
        {
            var fmt = parse.GetValue(format)!;
            var problems = new List<string>();
            if (!parse.GetValue(sweep))
            {
                var single = new OptimismRequest { PA = parse.GetValue(pA), PB = parse.GetValue(pB), CostA = parse.GetValue(costA), CostB = parse.GetValue(costB) };
                if (CrisisCli.Invalid(context, "optimism", single.Problems())) return ExitCodes.BadInput;
                var r = CrisisGameService.Optimism(single);
                CrisisCli.Write(context, fmt, "Mutual optimism (Fearon 1995)", r,
                    [("gap p^A − p^B", r.Gap), ("threshold c_A + c_B", r.Threshold), ("margin", r.Margin), ("war", r.War)]);
                return ExitCodes.Ok;
            }

            var pv = parse.GetValue(p);
            var costs = CrisisCli.ParseList(parse.GetValue(costMax)!, "--cost-max", null, problems);
            var gmax = parse.GetValue(maxGap);
            var n = parse.GetValue(steps);
            var request = new MisperceptionSweepRequest { P = pv, CostMax = costs ?? [], MaxGap = gmax, Steps = n };
            problems.AddRange(request.Problems().Where(x => costs is not null || x.Field != "cost-max").Select(x => x.Message));
            if (CrisisCli.Invalid(context, "optimism", problems)) return ExitCodes.BadInput;

            var sweepDocument = CrisisGames.Sweep(request);
            var points = sweepDocument.Points;
            if (parse.GetValue(outDir) is { } dir)
            {
                Directory.CreateDirectory(dir);
                var png = Path.Combine(dir, "crisis-optimism.png");
                CrisisOptimismChart.Save(points, pv, png);
                using (var file = new StreamWriter(Path.Combine(dir, "crisis-optimism.csv")))
                using (var csv = CsvOutput.Open(file))
                {
                    csv.Row("cost_max", "gap", "p_war", "p_war_misperception", "p_war_information");
                    foreach (var x in points)
                        csv.Row([.. new[] { x.CostMax, x.Gap, x.ProbabilityWar, x.WarMisperception, x.WarInformation }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))]);
                }
                context.Error.WriteLine($"wrote {png} and crisis-optimism.csv");
            }
            if (fmt == "json") JsonOutput.Write(context, sweepDocument);
            else CrisisCli.Write(context, fmt, "P(war) vs misperception gap", points,
                points.Where(x => (int)Math.Round(x.Gap / (gmax > 0 ? gmax : 1) * n) % Math.Max(1, n / 10) == 0).Select(x => ($"c̄ = {CrisisCli.Show(x.CostMax)}, gap {CrisisCli.Show(x.Gap)}",
                    (object?)$"P(war) {CrisisCli.Show(x.ProbabilityWar)} (misperception {CrisisCli.Show(x.WarMisperception)})")));
            return ExitCodes.Ok;
        });
        return command;
    }
}
