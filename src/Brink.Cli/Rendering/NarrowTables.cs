using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Brink.Cli.Rendering;

/// <summary>
/// Tables on a narrow terminal. A table wider than the console is not squeezed (Spectre would then cut words and
/// numbers mid-way, "compro|mise", "0.03|1"): its columns are wrapped into blocks that each fit, every block repeating
/// the leading identifier columns (issue, actor, model …) so each row still reads on its own. Inside a block a column
/// is never narrower than its longest word, so text wraps only at spaces. No column is dropped.
/// </summary>
public static class NarrowTables
{
    /// <summary>Most leading columns repeated in every block.</summary>
    private const int MaxKeyColumns = 3;

    /// <summary>The table as it is when it fits <paramref name="width"/>, else its blocks, one under the other.</summary>
    public static IRenderable Fit(Table table, IAnsiConsole console, int width)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.Columns.Count;
        if (columns == 0 || table.Width is not null || table.Border == TableBorder.None) return table;
        var options = RenderOptions.Create(console);
        var min = new int[columns];
        var max = new int[columns];
        var pad = new int[columns];
        var identifier = new bool[columns];
        for (var c = 0; c < columns; c++)
        {
            var column = table.Columns[c];
            pad[c] = (column.Padding?.Left ?? 1) + (column.Padding?.Right ?? 1);
            if (column.Width is { } fixedWidth) { min[c] = max[c] = fixedWidth; continue; }
            var header = Measure(column.Header, options);
            (min[c], max[c]) = (header.Min, header.Max);
            identifier[c] = true;
            foreach (var row in table.Rows)
            {
                if (c >= row.Count) continue;
                var m = Measure(row[c], options);
                min[c] = Math.Max(min[c], m.Min);
                max[c] = Math.Max(max[c], m.Max);
                if (identifier[c] && IsNumber(PlainText(row[c], options))) identifier[c] = false;
            }
        }
        if (TotalWidth(Enumerable.Range(0, columns), max, pad) <= width) return table;

        // Leading identifier columns repeat in every block, as long as they leave room for at least one other column.
        var keys = new List<int>();
        for (var c = 0; c < Math.Min(MaxKeyColumns, columns - 1) && identifier[c]; c++)
        {
            if (TotalWidth([.. keys, c, c + 1], min, pad) > width) break;
            keys.Add(c);
        }
        if (keys.Count == 0) keys.Add(0);

        var blocks = new List<List<int>>();
        var current = new List<int>(keys);
        for (var c = keys[^1] + 1; c < columns; c++)
        {
            if (current.Count > keys.Count && TotalWidth([.. current, c], min, pad) > width)
            {
                blocks.Add(current);
                current = [.. keys];
            }
            current.Add(c);
        }
        blocks.Add(current);
        if (blocks.Count == 1 && TotalWidth(blocks[0], min, pad) > width) return table;

        var parts = new List<IRenderable>();
        for (var b = 0; b < blocks.Count; b++)
            parts.Add(Block(table, blocks[b], Widths(blocks[b], min, max, pad, width), first: b == 0, last: b == blocks.Count - 1));
        return new Rows(parts);
    }

    private static Table Block(Table source, List<int> columns, int[] widths, bool first, bool last)
    {
        var block = new Table
        {
            Border = source.Border, BorderStyle = source.BorderStyle, ShowHeaders = source.ShowHeaders, ShowFooters = source.ShowFooters,
            ShowRowSeparators = source.ShowRowSeparators, UseSafeBorder = source.UseSafeBorder,
            Title = first ? source.Title : null, Caption = last ? source.Caption : null,
        };
        for (var k = 0; k < columns.Count; k++)
        {
            var from = source.Columns[columns[k]];
            block.AddColumn(new TableColumn(from.Header)
            {
                Alignment = from.Alignment, Padding = from.Padding, NoWrap = from.NoWrap, Footer = from.Footer, Width = widths[k],
            });
        }
        foreach (var row in source.Rows)
            block.AddRow([.. columns.Select(c => c < row.Count ? row[c] : Spectre.Console.Text.Empty)]);
        return block;
    }

    /// <summary>Natural widths, the widest column shrunk a character at a time (never below its longest word) until the block fits.</summary>
    private static int[] Widths(List<int> columns, int[] min, int[] max, int[] pad, int width)
    {
        var w = columns.Select(c => max[c]).ToArray();
        var lower = columns.Select(c => min[c]).ToArray();
        var frame = columns.Sum(c => pad[c]) + columns.Count + 1;
        while (w.Sum() + frame > width)
        {
            var widest = -1;
            for (var k = 0; k < w.Length; k++)
                if (w[k] > lower[k] && (widest < 0 || w[k] > w[widest])) widest = k;
            if (widest < 0) break;
            w[widest]--;
        }
        return w;
    }

    private static int TotalWidth(IEnumerable<int> columns, int[] widths, int[] pad)
    {
        var list = columns.ToList();
        return list.Sum(c => widths[c] + pad[c]) + list.Count + 1;
    }

    private static Measurement Measure(IRenderable? renderable, RenderOptions options) =>
        renderable is null ? new Measurement(0, 0) : renderable.Measure(options, int.MaxValue);

    private static string PlainText(IRenderable renderable, RenderOptions options) =>
        string.Concat(renderable.Render(options, int.MaxValue).Select(s => s.Text)).Trim();

    private static bool IsNumber(string text) =>
        text.Length > 0 && double.TryParse(text.TrimEnd('%', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}

/// <summary>The CLI's console: every table written to it goes through <see cref="NarrowTables.Fit"/> at the console's width.</summary>
internal sealed class FittingConsole(IAnsiConsole inner) : IAnsiConsole
{
    public Profile Profile => inner.Profile;
    public IAnsiConsoleCursor Cursor => inner.Cursor;
    public IAnsiConsoleInput Input => inner.Input;
    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;
    public RenderPipeline Pipeline => inner.Pipeline;
    public void Clear(bool home) => inner.Clear(home);
    public void Write(IRenderable renderable) =>
        inner.Write(renderable is Table table ? NarrowTables.Fit(table, inner, inner.Profile.Width) : renderable);
    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);
}
