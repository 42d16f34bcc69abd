using Spectre.Console;

namespace Brink.Cli;

/// <summary>Process exit codes, a contract for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;
}

/// <summary>
/// Where a command writes. Commands never touch <see cref="System.Console"/> directly so the whole
/// app runs in-process in tests (style guide, practice 10).
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, bool ansi = false, int width = 120)
    {
        Out = output;
        Error = error;
        // Tables wider than the console are wrapped into blocks of columns instead of squeezed (Rendering/NarrowTables.cs).
        Console = new Rendering.FittingConsole(AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        }));
        Console.Profile.Width = width;
    }

    /// <summary>Width for output that is not a terminal: wide enough that no line is ever wrapped.</summary>
    public const int PipedWidth = 4096;

    /// <summary>Plain text output (JSON, CSV).</summary>
    public TextWriter Out { get; }
    /// <summary>Errors, notices and progress.</summary>
    public TextWriter Error { get; }
    /// <summary>Rich output (tables) over <see cref="Out"/>.</summary>
    public IAnsiConsole Console { get; }
    /// <summary>Standard input, for secrets read with --password-stdin.</summary>
    public TextReader Input { get; init; } = TextReader.Null;
    /// <summary>Set by Ctrl-C; long-running commands poll it and stop cleanly.</summary>
    public CancellationToken Cancellation { get; init; }
    /// <summary>True when stderr is a terminal, so progress bars may be drawn.</summary>
    public bool InteractiveProgress { get; init; }
}

/// <summary>
/// A top-level <c>brink</c> command. Implementations are discovered by reflection so each command
/// lives in its own file under Commands/ and adding one touches nothing else.
/// </summary>
public interface ICliCommand
{
    System.CommandLine.Command Build(CliContext context);
}
