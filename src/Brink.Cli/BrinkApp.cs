using System.CommandLine;
using System.Text.RegularExpressions;

namespace Brink.Cli;

/// <summary>The <c>brink</c> command line, runnable in-process.</summary>
public static partial class BrinkApp
{
    /// <summary>
    /// System.CommandLine reports a bad option value with the .NET type ("as expected type 'System.Int32'");
    /// users are told what to write instead ("--draws: expected a whole number, found 'abc'").
    /// </summary>
    internal static string UserMessage(string message)
    {
        var m = TypedParseError().Match(message);
        if (!m.Success) return message;
        var expected = m.Groups["type"].Value switch
        {
            "Int32" or "Int64" or "Int16" or "Byte" => "a whole number",
            "UInt32" or "UInt64" or "UInt16" => "a whole number ≥ 0",
            "Double" or "Single" or "Decimal" => "a number (e.g. 0.25)",
            "Boolean" => "true or false",
            "DateTime" or "DateTimeOffset" or "DateOnly" => "a date (e.g. 2022-02-24)",
            "TimeSpan" => "a duration (e.g. 00:05:00)",
            _ => "a value of another kind",
        };
        return $"{m.Groups["option"].Value}: expected {expected}, found '{m.Groups["value"].Value}'";
    }

    /// <summary>
    /// <c>-f</c> is the short form of <c>--format</c> on every command that has one (added here, once,
    /// so a new command cannot forget it); skipped where a command already uses <c>-f</c> for something else.
    /// </summary>
    private static void AddShortFormat(Command command)
    {
        var format = command.Options.FirstOrDefault(o => o.Name == "--format" || o.Aliases.Contains("--format"));
        if (format is not null && !command.Options.Any(o => o.Name == "-f" || o.Aliases.Contains("-f")))
            format.Aliases.Add("-f");
        foreach (var sub in command.Subcommands) AddShortFormat(sub);
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|command|argument) '(?<option>[^']*)' as expected type '(?:System\.)?(?:Nullable`1\[)?(?:System\.)?(?<type>[A-Za-z0-9]+)\]?'\.?$", RegexOptions.Singleline)]
    private static partial Regex TypedParseError();

    public static int Run(string[] args, CliContext context)
    {
        // Only the command asked for is built (its options, and the assemblies its definition touches, cost start-up
        // time); anything else (help, --version, a typo that wants suggestions) gets the whole tree.
        var root = BuildRoot(context, args.Length > 0 ? args[0] : null);
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) context.Error.WriteLine($"brink: {UserMessage(error.Message)}");
            context.Error.WriteLine("Try 'brink --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Brink.Files.InputFileException ex)
        {
            context.Error.WriteLine($"brink: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("brink: cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Error.WriteLine($"brink: internal error: {ex.Message}");
            context.Error.WriteLine("This is a bug in Brink; please report it with the command you ran. Set BRINK_DEBUG=1 for details.");
            if (Environment.GetEnvironmentVariable("BRINK_DEBUG") == "1") context.Error.WriteLine(ex);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// Every top-level command with its name, in the order <c>brink --help</c> lists them. A test checks that every
    /// <see cref="ICliCommand"/> is here under the name its <see cref="ICliCommand.Build"/> gives it.
    /// </summary>
    internal static readonly (string Name, Func<ICliCommand> Create)[] Commands =
    [
        ("backtest", () => new Brink.Cli.Commands.BacktestCommand()),
        ("bench", () => new Brink.Cli.Commands.BenchCommand()),
#if !BRINK_NATIVE
        ("cluster", () => new Brink.Cli.Commands.ClusterCommand()),
#endif
        ("crisis", () => new Brink.Cli.Commands.CrisisCommand()),
        ("ledger", () => new Brink.Cli.Commands.LedgerCommand()),
        ("loadtest", () => new Brink.Cli.Commands.LoadTestCommand()),
        ("report", () => new Brink.Cli.Commands.ReportCommand()),
        ("run", () => new Brink.Cli.Commands.RunCommand()),
        ("sensitivity", () => new Brink.Cli.Commands.SensitivityCommand()),
#if !BRINK_NATIVE
        ("serve", () => new Brink.Cli.Commands.ServeCommand()),
#endif
        ("simulate", () => new Brink.Cli.Commands.SimulateCommand()),
#if !BRINK_NATIVE
        ("sweep", () => new Brink.Cli.Commands.SweepCommand()),
        ("user", () => new Brink.Cli.Commands.UserCommand()),
#endif
        ("validate", () => new Brink.Cli.Commands.ValidateCommand()),
        ("version", () => new Brink.Cli.Commands.VersionCommand()),
        ("whatif", () => new Brink.Cli.Commands.WhatIfCommand()),
    ];

    /// <summary>
    /// The command tree: every command, or only <paramref name="only"/> when it names one (<see cref="Run"/> builds just
    /// the command being run; tests that check every command pass nothing).
    /// </summary>
    internal static Command BuildRoot(CliContext context, string? only = null)
    {
        // A plain command named "brink" (RootCommand would take the assembly's name, Brink.Cli, for help text).
        var root = new Command("brink", "Brink: forecast how negotiations and crises between many actors end.") { new System.CommandLine.Help.HelpOption() };
        var wanted = Array.Exists(Commands, c => c.Name == only) ? only : null;
        foreach (var (name, create) in Commands)
            if (wanted is null || name == wanted) root.Subcommands.Add(create().Build(context));
        var version = new Option<bool>("--version") { Description = "Print Brink's version (as brink version)." };
        root.Options.Add(version);
        root.SetAction(parse =>
        {
            if (!parse.GetValue(version)) return root.Parse("--help").Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error });
            context.Out.WriteLine(Brink.Cli.Commands.VersionCommand.Version);
            return ExitCodes.Ok;
        });
        AddShortFormat(root);
        OptionChecks.AddToAll(root);
        return root;
    }
}
