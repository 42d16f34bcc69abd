using System.Text;
using System.Text.Json;

namespace Brink.Scenarios.Parsing;

/// <summary>
/// Reads JSON into the same located <see cref="Node"/> tree as YAML, with System.Text.Json's
/// <see cref="Utf8JsonReader"/> (strict JSON; comments allowed and skipped). Token byte offsets are
/// turned into 1-based line and character columns.
/// </summary>
internal static class JsonTreeReader
{
    public const int MaxDepth = 64;

    public static Node? Read(string text, string file, List<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            diagnostics.Add(new Diagnostic(file, 1, 1, "", "the file is empty; expected a JSON object with the scenario"));
            return null;
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineIndex(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
            {
                diagnostics.Add(new Diagnostic(file, 1, 1, "", "the file is empty; expected a JSON object with the scenario"));
                return null;
            }
            var root = ReadValue(ref reader, lines, file, diagnostics);
            if (reader.Read())
            {
                var (line, col) = lines.Locate(reader.TokenStartIndex);
                diagnostics.Add(new Diagnostic(file, line, col, "", "malformed JSON: unexpected content after the end of the document"));
                return null;
            }
            return root;
        }
        catch (InvalidStringException ex)
        {
            diagnostics.Add(new Diagnostic(file, ex.Line, ex.Column, "", ex.Message));
            return null;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var col = lines.Column(line, (int)(ex.BytePositionInLine ?? 0));
            diagnostics.Add(new Diagnostic(file, line, col, "", "malformed JSON: " + CleanMessage(ex.Message)));
            return null;
        }
    }

    private static Node ReadValue(ref Utf8JsonReader reader, LineIndex lines, string file, List<Diagnostic> diagnostics)
    {
        var (line, col) = lines.Locate(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var entries = new List<KeyValuePair<ScalarNode, Node>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (kl, kc) = lines.Locate(reader.TokenStartIndex);
                    var key = new ScalarNode(ReadString(ref reader, lines), true, kl, kc);
                    reader.Read();
                    var value = ReadValue(ref reader, lines, file, diagnostics);
                    if (!seen.Add(key.Text))
                        diagnostics.Add(new Diagnostic(file, kl, kc, "", $"duplicate key '{key.Text}' in the same object"));
                    else
                        entries.Add(new(key, value));
                }
                return new MapNode(entries, line, col);
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<Node>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, lines, file, diagnostics));
                return new SequenceNode(items, line, col);
            }
            case JsonTokenType.String:
                return new ScalarNode(ReadString(ref reader, lines), true, line, col);
            case JsonTokenType.Number:
                return new ScalarNode(Encoding.UTF8.GetString(reader.ValueSpan), false, line, col);
            case JsonTokenType.True:
                return new ScalarNode("true", false, line, col);
            case JsonTokenType.False:
                return new ScalarNode("false", false, line, col);
            case JsonTokenType.Null:
                return new ScalarNode("null", false, line, col);
            default:
                throw new JsonException($"unexpected token {reader.TokenType}", null, line - 1, 0);
        }
    }

    /// <summary>A string or key whose escapes are not valid UTF-16 (a lone surrogate such as \ud800) is a located error, not a crash.</summary>
    private static string ReadString(ref Utf8JsonReader reader, LineIndex lines)
    {
        try { return reader.GetString()!; }
        catch (InvalidOperationException)
        {
            var (line, col) = lines.Locate(reader.TokenStartIndex);
            throw new InvalidStringException(line, col, "malformed JSON: the string has an escape that is not valid UTF-16 (a lone surrogate such as \\ud800)");
        }
    }

    private sealed class InvalidStringException(int line, int column, string message) : Exception(message)
    {
        public int Line { get; } = line;
        public int Column { get; } = column;
    }

    /// <summary>System.Text.Json appends "LineNumber: l | BytePositionInLine: b."; the location is reported separately.</summary>
    private static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        text = text.Replace(" Change the reader options.", "", StringComparison.Ordinal);
        return text.TrimEnd('.');
    }

    /// <summary>Maps UTF-8 byte offsets to 1-based (line, character column).</summary>
    private sealed class LineIndex
    {
        private readonly byte[] _bytes;
        private readonly List<int> _starts = [0];

        public LineIndex(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
                if (bytes[i] == (byte)'\n') _starts.Add(i + 1);
        }

        public (int Line, int Column) Locate(long offset)
        {
            var index = _starts.BinarySearch((int)offset);
            if (index < 0) index = ~index - 1;
            return (index + 1, CharCount(_starts[index], (int)offset) + 1);
        }

        public int Column(int line, int bytePositionInLine)
        {
            if (line < 1 || line > _starts.Count) return bytePositionInLine + 1;
            var start = _starts[line - 1];
            return CharCount(start, Math.Min(_bytes.Length, start + bytePositionInLine)) + 1;
        }

        private int CharCount(int from, int to) => to <= from ? 0 : Encoding.UTF8.GetCharCount(_bytes, from, to - from);
    }
}
