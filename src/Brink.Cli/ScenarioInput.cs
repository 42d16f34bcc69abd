using Brink.Scenarios;

namespace Brink.Cli;

/// <summary>Loads a scenario for a command, printing every diagnostic; false means exit with <see cref="ExitCodes.BadInput"/>.</summary>
public static class ScenarioInput
{
    public static bool TryLoad(CliContext context, string path, out Scenario scenario)
    {
        var result = ScenarioLoader.Load(path);
        foreach (var diagnostic in result.Diagnostics) context.Error.WriteLine(diagnostic);
        scenario = result.Value!;
        return result.Ok;
    }
}
