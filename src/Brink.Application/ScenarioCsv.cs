using System.Globalization;
using Brink.Scenarios;
using CsvHelper;

namespace Brink.Application;

/// <summary>
/// A scenario's issue as the classic actor table (<c>actor,capability,position,salience</c>, salience on 0–1), the CSV
/// that <c>brink run</c> reads back as a one-issue scenario. Sources, ranges and every other field are left out.
/// </summary>
public static class ScenarioCsv
{
    public static string Write(Scenario scenario, string issueId)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "actor", "capability", "position", "salience" }) csv.WriteField(header);
            csv.NextRecord();
            foreach (var actor in scenario.Actors)
            {
                if (!actor.Stances.TryGetValue(issueId, out var stance)) continue;
                csv.WriteField(actor.DisplayName);
                foreach (var x in new[] { actor.Capability, stance.Position, stance.Salience }) csv.WriteField(x.ToString("R", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
        }
        return writer.ToString();
    }
}
