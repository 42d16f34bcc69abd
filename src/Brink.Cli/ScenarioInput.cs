using Brink.Application;
using Brink.Scenarios;

namespace Brink.Cli;

/// <summary>Loads a scenario for a command, printing every diagnostic; false means exit with <see cref="ExitCodes.BadInput"/>.</summary>
public static class ScenarioInput
{
    /// <summary>Most diagnostics printed for one file.</summary>
    public const int MaxShown = 200;

    /// <summary>
    /// Loads a scenario file through the application layer (<see cref="ScenarioInputs"/>). A file in the DEU
    /// layout holds many issues, each its own one-issue scenario, so it needs <paramref name="issueId"/> (<c>--issue</c>).
    /// </summary>
    public static bool TryLoad(CliContext context, string path, out Scenario scenario, string? issueId = null)
    {
        var load = ScenarioInputs.Load(ScenarioSource.FromFile(path), issueId);
        Print(context, load.Diagnostics, load.Notices, "brink: ");
        scenario = load.Scenario!;
        return load.Ok;
    }

    /// <summary>Prints an outcome's diagnostics and notices: request errors as PREFIX + message, scenario ones located.</summary>
    public static void Print(CliContext context, IEnumerable<Diagnostic> diagnostics, IEnumerable<string> notices, string prefix)
    {
        foreach (var notice in notices) context.Error.WriteLine(notice);
        // A file with a mistake on every one of 100,000 rows needs the first ones, not a flood.
        var all = diagnostics.ToList();
        foreach (var d in all.Take(MaxShown))
            context.Error.WriteLine(Outcome.IsRequestError(d) ? prefix + d.Message : d.ToString());
        if (all.Count > MaxShown)
            context.Error.WriteLine($"{all[MaxShown].File}: … and {all.Count - MaxShown:N0} more ({all.Count(d => d.Severity == Severity.Error):N0} errors in all); fix these first");
    }
}
