using System.Collections.Immutable;
using Brink.Models;
using Spectre.Console;

namespace Brink.Cli.Rendering;

/// <summary>
/// The three renderings of <see cref="ResultWarning"/> shared by every command: terminal lines under
/// the result, <c>warnings[]</c> in JSON documents, <c># warning: …</c> comment lines in CSV.
/// </summary>
internal static class WarningOutput
{
    /// <summary>JSON shape of one warning: <c>{code, message, actors, issue}</c>.</summary>
    public sealed record WarningDoc(string Code, string Message, IReadOnlyList<string> Actors, string? Issue);

    public static IReadOnlyList<WarningDoc> Docs(IEnumerable<ResultWarning> warnings) =>
        [.. warnings.Select(w => new WarningDoc(w.Code, w.Message, w.Actors.IsDefault ? [] : [.. w.Actors], w.Issue))];

    public static IReadOnlyList<WarningDoc> Docs(ImmutableArray<ResultWarning> warnings) =>
        Docs(warnings.IsDefault ? [] : (IEnumerable<ResultWarning>)warnings);

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
