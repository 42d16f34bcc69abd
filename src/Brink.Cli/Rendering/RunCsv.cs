using System.Globalization;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Cli.Rendering;

/// <summary>
/// CSV views of <c>brink run</c>: one row per issue and model forecast, or (with --trace) one row
/// per issue, EUM variant, round and actor. Numbers use the invariant culture and round-trip.
/// The models' warnings come first as <c># warning: code: message</c> comment lines. Written with
/// CsvHelper (<see cref="CsvOutput"/>).
/// </summary>
internal static class RunCsv
{
    public static void WriteForecasts(TextWriter output, ScenarioRunResult run)
    {
        WarningOutput.WriteCsvComments(output, run.Issues.SelectMany(i => i.Results).SelectMany(r => r.Warnings));
        using (var csv = CsvOutput.Open(output))
        {
            csv.Row("issue", "model", "variant", "mean", "median");
            foreach (var issue in run.Issues)
                foreach (var r in issue.Results)
                    csv.Row(issue.Issue.Id, r.Model, r.Variant, N(r.Forecast.Mean), N(r.Forecast.Median));
        }
        // Rows are per dimension; what is solved on a multi-dimensional issue's product space comes as comment lines.
        foreach (var package in run.Packages)
            foreach (var m in package.Models.Where(m => m.ProductSpace))
            {
                WarningOutput.WriteCsvComments(output, m.Warnings);
                output.WriteLine($"# {package.Id}: {m.Model} ({m.Variant}) on the product space: " +
                    string.Join(", ", m.Forecast.Select((f, k) => $"{package.Input.Dimensions[k].Id} {N(f.Mean)}")));
            }
    }

    public static void WriteTrace(TextWriter output, ScenarioRunResult run)
    {
        WarningOutput.WriteCsvComments(output, run.Issues.SelectMany(i => i.Results).OfType<EumResult>().SelectMany(r => r.Warnings));
        using var csv = CsvOutput.Open(output);
        csv.Row("issue", "variant", "round", "actor", "start", "end", "risk", "offer_type", "offer_from", "eu_ij", "eu_ji");
        foreach (var issue in run.Issues)
            foreach (var eum in issue.Results.OfType<EumResult>())
                foreach (var round in eum.Rounds)
                    foreach (var a in round.Actors)
                        csv.Row(issue.Issue.Id, eum.Variant, round.Round.ToString(CultureInfo.InvariantCulture), issue.Input.Actors[a.Actor],
                            N(a.Start), N(a.End), N(a.Risk),
                            a.Offer is { } o ? Brink.Application.RunDocument.OfferName(o.Type) : "",
                            a.Offer is { } o2 ? issue.Input.Actors[o2.From] : "",
                            a.Offer is { } o3 ? N(o3.EuIJ) : "",
                            a.Offer is { } o4 ? N(o4.EuJI) : "");
    }

    /// <summary>
    /// <c>run --trace dyads --format csv</c>: one row per EUM round and ordered dyad (actor i, other j ≠ i) with
    /// E^i(U_ij) and E^i(U_ji) from i's perspective, written as it goes.
    /// </summary>
    public static void WriteDyadTrace(TextWriter output, ScenarioRunResult run)
    {
        WarningOutput.WriteCsvComments(output, run.Issues.SelectMany(i => i.Results).OfType<EumResult>().SelectMany(r => r.Warnings));
        using var csv = CsvOutput.Open(output);
        csv.Row("issue", "variant", "round", "actor", "other", "eu_ij", "eu_ji");
        foreach (var issue in run.Issues)
            foreach (var eum in issue.Results.OfType<EumResult>())
                foreach (var round in eum.Rounds)
                {
                    var n = round.Actors.Length;
                    if (round.EuIJ.Length != n * n) continue;
                    var r = round.Round.ToString(CultureInfo.InvariantCulture);
                    for (var i = 0; i < n; i++)
                        for (var j = 0; j < n; j++)
                        {
                            if (i == j) continue;
                            csv.Row(issue.Issue.Id, eum.Variant, r, issue.Input.Actors[i], issue.Input.Actors[j], N(round.EuIJ[i * n + j]), N(round.EuJI[i * n + j]));
                        }
                }
    }

    private static string N(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
