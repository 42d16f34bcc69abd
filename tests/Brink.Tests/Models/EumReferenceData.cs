using System.Globalization;
using Brink.Models;

namespace Brink.Tests.Models;

/// <summary>Reads the published EUM tables in ../shared/reference/eum (Bueno de Mesquita 1994; Scholz et al. 2011).</summary>
internal static class EumReferenceData
{
    public static List<Dictionary<string, string>> Table(params string[] parts)
    {
        var lines = File.ReadAllLines(TestPaths.Reference(["eum", .. parts])).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l =>
        {
            var cells = l.Split(',');
            return header.Select((h, i) => (h, v: i < cells.Length ? cells[i] : "")).ToDictionary(p => p.h, p => p.v);
        })];
    }

    public static double Num(this Dictionary<string, string> row, string column) => double.Parse(row[column], CultureInfo.InvariantCulture);

    /// <summary>An actor,capability,position,salience table; saliences printed on 0–100 are divided by 100.</summary>
    public static SpatialIssue Issue(params string[] parts)
    {
        var rows = Table(parts);
        var salience = rows.Select(r => r.Num("Salience")).ToList();
        var scale = salience.Any(v => v > 1) ? 100.0 : 1.0;
        return SpatialIssue.Create(rows.Select(r => r["Actor"]), rows.Select(r => r.Num("Capability")),
            rows.Select(r => r.Num("Position")), salience.Select(v => v / scale), issueId: Path.GetFileNameWithoutExtension(parts[^1]));
    }

    public static SpatialIssue Emission => Issue("emission_input.csv");
    public static SpatialIssue SultanOil => Issue("inputs", "sultan_oil.csv");
}
