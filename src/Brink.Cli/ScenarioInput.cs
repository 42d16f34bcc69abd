using Brink.Application;
using Brink.Scenarios;

namespace Brink.Cli;

/// <summary>Loads a scenario for a command, printing every diagnostic; false means exit with <see cref="ExitCodes.BadInput"/>.</summary>
public static class ScenarioInput
{
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
        foreach (var d in diagnostics)
            context.Error.WriteLine(Outcome.IsRequestError(d) ? prefix + d.Message : d.ToString());
    }
}
