using Brink.Backtest;
using Brink.Scenarios;

namespace Brink.Cli;

/// <summary>Loads a scenario for a command, printing every diagnostic; false means exit with <see cref="ExitCodes.BadInput"/>.</summary>
public static class ScenarioInput
{
    /// <summary>Most diagnostics printed for one file.</summary>
    public const int MaxShown = 200;

    /// <summary>
    /// Loads a scenario file. A file in the DEU layout (reference/deu) holds many issues, each its own
    /// one-issue scenario, so it needs <paramref name="issueId"/> (<c>--issue</c>).
    /// </summary>
    public static bool TryLoad(CliContext context, string path, out Scenario scenario, string? issueId = null)
    {
        LoadResult<Scenario> result;
        if (File.Exists(path) && DeuImporter.LooksLikeDeu(path))
        {
            if (issueId is null)
            {
                context.Error.WriteLine($"{path}: error: this is a DEU data file with one issue per row; choose one with --issue ISNR (the isnr column)");
                scenario = null!;
                return false;
            }
            result = DeuImporter.LoadScenario(path, issueId);
            // The whole file is read for one issue: keep errors and warnings, count the notices (repaired dates…).
            var notices = result.Diagnostics.Count(d => d.Severity == Severity.Notice);
            if (notices > 0)
            {
                result = result with { Diagnostics = [.. result.Diagnostics.Where(d => d.Severity != Severity.Notice)] };
                context.Error.WriteLine($"{path}: {notices} notices about the file's rows (e.g. repaired dates) not shown");
            }
        }
        else result = ScenarioLoader.Load(path);
        // A file with a mistake on every one of 100,000 rows needs the first ones, not a flood.
        foreach (var diagnostic in result.Diagnostics.Take(MaxShown)) context.Error.WriteLine(diagnostic);
        if (result.Diagnostics.Count > MaxShown)
            context.Error.WriteLine($"{path}: … and {result.Diagnostics.Count - MaxShown:N0} more ({result.Diagnostics.Count(d => d.Severity == Severity.Error):N0} errors in all); fix these first");
        scenario = result.Value!;
        return result.Ok;
    }
}
