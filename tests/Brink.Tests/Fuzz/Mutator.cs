using System.Text;

namespace Brink.Tests.Fuzz;

/// <summary>
/// A seeded mutator of input files: derives malformed variants of a valid file (truncation, byte flips, wrong types,
/// huge and non-finite numbers, deep nesting, alias bombs, duplicate keys, BOM/CRLF/NUL, invalid UTF-8 and UTF-16,
/// long keys). The same seed gives the same sequence of inputs.
/// </summary>
public sealed class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Numbers =
        ["1e308", "-1e308", "1.7976931348623157e308", "NaN", ".nan", ".inf", "-.inf", "Infinity", "-Infinity", "1e-320", "-0", "0",
         "99999999999999999999999", "1e15", "1e16", "-1e16", "abc", "\"5\"", "[]", "{}", "~", "null", "true", "0x1F", "1,5", "", "1e400"];

    private static readonly byte[][] BadUtf8 =
        [[0xFF], [0xC3], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xC0, 0xAF]];

    /// <summary>One to three mutations of <paramref name="input"/>; <paramref name="what"/> names them (for the failure message).</summary>
    public byte[] Mutate(byte[] input, bool json, out string what)
    {
        var names = new List<string>();
        var bytes = input;
        var count = 1 + _random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var (name, next) = One(bytes, json);
            names.Add(name);
            bytes = next;
        }
        what = string.Join(" + ", names);
        return bytes;
    }

    private (string, byte[]) One(byte[] b, bool json)
    {
        switch (_random.Next(17))
        {
            case 0:
                var at = b.Length == 0 ? 0 : _random.Next(b.Length);
                return ($"truncate at {at}", b[..at]);
            case 1:
            {
                var c = (byte[])b.Clone();
                var n = 1 + _random.Next(5);
                for (var i = 0; i < n && c.Length > 0; i++) c[_random.Next(c.Length)] ^= (byte)(1 << _random.Next(8));
                return ($"flip {n} bits", c);
            }
            case 2:
            {
                var junk = new byte[1 + _random.Next(8)];
                _random.NextBytes(junk);
                return ("insert random bytes", Insert(b, junk));
            }
            case 3:
            {
                var lines = Lines(b);
                if (lines.Count < 2) return ("no-op", b);
                var k = _random.Next(lines.Count);
                lines.RemoveAt(k);
                return ($"delete line {k + 1}", Join(lines));
            }
            case 4:
            {
                // Duplicates a line: a duplicate key in a mapping, a duplicate actor or row.
                var lines = Lines(b);
                if (lines.Count == 0) return ("no-op", b);
                var k = _random.Next(lines.Count);
                lines.Insert(k, lines[k]);
                return ($"duplicate line {k + 1}", Join(lines));
            }
            case 5:
            case 6:
            case 7:
            {
                var text = Encoding.UTF8.GetString(b);
                var matches = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
                if (matches.Count == 0) return ("no-op", b);
                var m = matches[_random.Next(matches.Count)];
                var replacement = Numbers[_random.Next(Numbers.Length)];
                return ($"number {m.Value} → {replacement}", Encoding.UTF8.GetBytes(text[..m.Index] + replacement + text[(m.Index + m.Length)..]));
            }
            case 8:
                return _random.Next(3) switch
                {
                    0 => ("UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. b]),
                    1 => ("UTF-16 LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(b))]),
                    _ => ("UTF-16 LE without BOM", Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(b))),
                };
            case 9:
            {
                var text = Encoding.UTF8.GetString(b);
                return _random.Next(2) == 0 ? ("CRLF", Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n"))) : ("CR only", Encoding.UTF8.GetBytes(text.Replace("\n", "\r")));
            }
            case 10:
                return ("NUL", Insert(b, [0]));
            case 11:
            {
                var depth = _random.Next(4) == 0 ? 100_000 : 10 + _random.Next(200);
                var nest = new string('[', depth) + new string(']', depth);
                var lines = Lines(b);
                var k = lines.Count == 0 ? 0 : _random.Next(lines.Count);
                var line = lines.Count == 0 ? "" : Encoding.UTF8.GetString(lines[k]);
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                var replaced = colon >= 0 ? line[..(colon + 2)] + nest : nest;
                if (lines.Count == 0) lines.Add(Encoding.UTF8.GetBytes(replaced)); else lines[k] = Encoding.UTF8.GetBytes(replaced);
                return ($"nesting depth {depth}", Join(lines));
            }
            case 12:
            {
                // Billion laughs: nine levels of nine aliases each.
                var sb = new StringBuilder();
                sb.Append("bomb0: &a0 [x, x, x, x, x, x, x, x, x]\n");
                for (var i = 1; i < 10; i++) sb.Append($"bomb{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
                return ("alias bomb", [.. Encoding.UTF8.GetBytes(sb.ToString()), .. b]);
            }
            case 13:
                return ("invalid UTF-8", Insert(b, BadUtf8[_random.Next(BadUtf8.Length)]));
            case 14:
            {
                // Wrong type: a scalar value becomes a list or a mapping, or a mapping becomes a scalar.
                var text = Encoding.UTF8.GetString(b);
                var colons = System.Text.RegularExpressions.Regex.Matches(text, json ? "\": " : ": ");
                if (colons.Count == 0) return ("no-op", b);
                var m = colons[_random.Next(colons.Count)];
                var insert = _random.Next(3) switch { 0 => "[1, 2] ", 1 => json ? "{\"a\": 1}, \"zz\": " : "{a: 1} #", _ => "\"text\" #" };
                return ("wrong type", Encoding.UTF8.GetBytes(text[..(m.Index + m.Length)] + insert + text[(m.Index + m.Length)..]));
            }
            case 15:
            {
                var text = Encoding.UTF8.GetString(b);
                var quote = text.IndexOf('"', StringComparison.Ordinal);
                if (json && quote >= 0)
                    return ("lone surrogate escape", Encoding.UTF8.GetBytes(text[..(quote + 1)] + "\\ud800" + text[(quote + 1)..]));
                var key = new string('k', 20_000 + _random.Next(50_000));
                return ("absurdly long key", Encoding.UTF8.GetBytes(key + ": 1\n" + text));
            }
            default:
            {
                // A long run of one line: many actors, rows or list items.
                var lines = Lines(b);
                if (lines.Count == 0) return ("no-op", b);
                var k = _random.Next(lines.Count);
                // Up to about 1,000 copies: enough to reach the EUM's sizes that take seconds, not those that take
                // minutes (the EUM has no fixed cap of 1,000 actors now; its memory estimate is the limit).
                var times = 50 + _random.Next(950);
                for (var i = 0; i < times; i++) lines.Insert(k, lines[k]);
                return ($"repeat line {k + 1} ×{times}", Join(lines));
            }
        }
    }

    private byte[] Insert(byte[] b, byte[] what)
    {
        var at = b.Length == 0 ? 0 : _random.Next(b.Length + 1);
        return [.. b[..at], .. what, .. b[at..]];
    }

    private static List<byte[]> Lines(byte[] b)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < b.Length; i++)
            if (b[i] == (byte)'\n') { lines.Add(b[start..i]); start = i + 1; }
        if (start < b.Length) lines.Add(b[start..]);
        return lines;
    }

    private static byte[] Join(List<byte[]> lines)
    {
        using var s = new MemoryStream();
        foreach (var l in lines) { s.Write(l); s.WriteByte((byte)'\n'); }
        return s.ToArray();
    }
}
