using System.CommandLine;
using System.Reflection;

namespace Brink.Cli.Commands;

/// <summary><c>brink version</c>: the version recorded with every ledger entry.</summary>
public sealed class VersionCommand : ICliCommand
{
    public static string Version => typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public Command Build(CliContext context)
    {
        var command = new Command("version", "Print Brink's version.");
        command.SetAction(_ => { context.Out.WriteLine(Version); return ExitCodes.Ok; });
        return command;
    }
}
