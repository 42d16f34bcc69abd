using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Brink.Cli.Rendering;

/// <summary>
/// Every CSV the CLI writes goes through CsvHelper with one configuration: the invariant culture, RFC 4180
/// quoting (a field is quoted only when it holds a comma, a quote or a line break; inner quotes are doubled)
/// and the line ending of the writer written to. Numbers are formatted by the caller (round-trip "R" where
/// the file is meant to be read back), so the library only separates and quotes.
/// </summary>
internal static class CsvOutput
{
    /// <summary>A CSV writer over <paramref name="output"/>, which stays open; dispose it (or flush it) before writing to <paramref name="output"/> directly.</summary>
    public static CsvWriter Open(TextWriter output, string? newLine = null) =>
        new(output, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            NewLine = newLine ?? output.NewLine,
            ShouldQuote = a => NeedsQuotes(a.Field),
        }, leaveOpen: true);

    /// <summary>Writes one record of text fields (null = empty).</summary>
    public static void Row(this CsvWriter csv, params string?[] fields)
    {
        foreach (var f in fields) csv.WriteField(f ?? "");
        csv.NextRecord();
    }

    /// <summary>The whole table as a string (for files written at once).</summary>
    public static string ToText(Action<CsvWriter> write, string newLine)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = newLine };
        using (var csv = Open(text)) write(csv);
        return text.ToString();
    }

    /// <summary>RFC 4180: a field holding a comma, quote or line break is quoted.</summary>
    internal static bool NeedsQuotes(string? field) => !string.IsNullOrEmpty(field) && field.AsSpan().IndexOfAny(",\"\r\n") >= 0;
}
