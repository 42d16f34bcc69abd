using System.Collections.Immutable;
using Brink.Application;
using Brink.Models;
using Spectre.Console;

namespace Brink.Cli.Rendering;

/// <summary>
/// The three renderings of <see cref="ResultWarning"/> shared by every command: terminal lines under
/// the result, <c>warnings[]</c> in JSON documents (<see cref="WarningDoc"/>), <c># warning: …</c> comment lines in CSV.
/// </summary>
internal static class WarningOutput
{
    public static IReadOnlyList<WarningDoc> Docs(IEnumerable<ResultWarning> warnings) => WarningDoc.From(warnings);

    public static IReadOnlyList<WarningDoc> Docs(ImmutableArray<ResultWarning> warnings) => WarningDoc.From(warnings);

    /// <summary>One line per warning, "warning [code]: message", in yellow on a colour terminal.</summary>
    public static void Write(IAnsiConsole console, IEnumerable<ResultWarning> warnings)
    {
        foreach (var w in warnings)
            console.MarkupLine($"[yellow]warning[/] [grey]{Markup.Escape(w.Code)}[/]: {Markup.Escape(w.Message)}");
    }

    /// <summary>Plain-text lines (for commands that write to a <see cref="TextWriter"/>).</summary>
    public static void Write(TextWriter output, IEnumerable<ResultWarning> warnings)
    {
        foreach (var w in warnings) output.WriteLine($"warning {w.Code}: {w.Message}");
    }

    /// <summary>CSV comment lines, <c># warning: code: message</c>, before the header (line breaks flattened).</summary>
    public static void WriteCsvComments(TextWriter output, IEnumerable<ResultWarning> warnings)
    {
        foreach (var w in warnings)
            output.WriteLine($"# warning: {w.Code}: {w.Message.Replace('\r', ' ').Replace('\n', ' ')}");
    }
}
