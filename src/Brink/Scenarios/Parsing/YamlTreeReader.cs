using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Brink.Scenarios.Parsing;

/// <summary>
/// Reads YAML into a located <see cref="Node"/> tree from YamlDotNet's parser events, so every node
/// keeps the line and column it started at. Anchors and aliases are resolved by sharing nodes;
/// a document whose alias expansion exceeds <see cref="MaxExpandedNodes"/> is rejected.
/// </summary>
internal static partial class YamlTreeReader
{
    public const int MaxDepth = 64;
    public const long MaxExpandedNodes = 2_000_000;

    public static Node? Read(string text, string file, List<Diagnostic> diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, Node>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(new Diagnostic(file, 1, 1, "", "the file is empty; expected a scenario (title, issues, actors …)"));
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors, file, diagnostics, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var next))
                diagnostics.Add(new Diagnostic(file, (int)next.Start.Line, (int)next.Start.Column, "", "the file holds more than one YAML document; put one scenario per file"));
            if (root is not null && root.ExpandedSize > MaxExpandedNodes)
            {
                diagnostics.Add(new Diagnostic(file, root.Line, root.Column, "", $"the document expands to more than {MaxExpandedNodes:N0} nodes through aliases; refusing to read it"));
                return null;
            }
            return root;
        }
        catch (YamlException ex) when (IndentationTab(text, ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? int.MaxValue : (int)Math.Max(ex.Start.Line, ex.End.Line)) is { } tab)
        {
            diagnostics.Add(new Diagnostic(file, tab.Line, tab.Column, "",
                "a tab character in the indentation: YAML indents with spaces only; replace the tab with spaces"));
            return null;
        }
        catch (YamlException ex)
        {
            diagnostics.Add(new Diagnostic(file, (int)ex.Start.Line, (int)ex.Start.Column, "", "malformed YAML: " + CleanMessage(ex.Message)));
            return null;
        }
        catch (TreeTooLargeException ex)
        {
            diagnostics.Add(new Diagnostic(file, ex.Line, ex.Column, "", ex.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner occasionally fails this way on malformed input instead of raising a YamlException.
            var at = parser.Current?.End;
            diagnostics.Add(new Diagnostic(file, (int)(at?.Line ?? 0), (int)(at?.Column ?? 0), "", "malformed YAML: the parser could not read past this point"));
            return null;
        }
    }

    private static Node? ReadNode(IParser parser, Dictionary<string, Node> anchors, string file, List<Diagnostic> diagnostics, int depth)
    {
        var start = parser.Current ?? throw new YamlException("unexpected end of the document");
        if (depth > MaxDepth)
            throw new TreeTooLargeException((int)start.Start.Line, (int)start.Start.Column, $"nesting deeper than {MaxDepth} levels");
        switch (start)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                diagnostics.Add(new Diagnostic(file, (int)alias.Start.Line, (int)alias.Start.Column, "", $"unknown alias '*{alias.Value.Value}'"));
                return new ScalarNode("", false, (int)alias.Start.Line, (int)alias.Start.Column);
            case Scalar scalar:
            {
                parser.MoveNext();
                var isString = scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str");
                var node = new ScalarNode(scalar.Value, isString, (int)scalar.Start.Line, (int)scalar.Start.Column);
                Remember(scalar.Anchor, node, anchors);
                return node;
            }
            case SequenceStart seq:
            {
                parser.MoveNext();
                var items = new List<Node>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var item = ReadNode(parser, anchors, file, diagnostics, depth + 1);
                    if (item is not null) items.Add(item);
                }
                var node = new SequenceNode(items, (int)seq.Start.Line, (int)seq.Start.Column);
                Remember(seq.Anchor, node, anchors);
                return Guard(node);
            }
            case MappingStart map:
            {
                parser.MoveNext();
                var entries = new List<KeyValuePair<ScalarNode, Node>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyEvent = parser.Current!;
                    var key = ReadNode(parser, anchors, file, diagnostics, depth + 1);
                    var value = ReadNode(parser, anchors, file, diagnostics, depth + 1);
                    if (key is not ScalarNode scalarKey)
                    {
                        diagnostics.Add(new Diagnostic(file, (int)keyEvent.Start.Line, (int)keyEvent.Start.Column, "", "a mapping key must be plain text, not a list or mapping"));
                        continue;
                    }
                    if (!seen.Add(scalarKey.Text))
                    {
                        diagnostics.Add(new Diagnostic(file, scalarKey.Line, scalarKey.Column, "", $"duplicate key '{scalarKey.Text}' in the same mapping"));
                        continue;
                    }
                    if (value is not null) entries.Add(new(scalarKey, value));
                }
                var node = new MapNode(entries, (int)map.Start.Line, (int)map.Start.Column);
                Remember(map.Anchor, node, anchors);
                return Guard(node);
            }
            default:
                throw new YamlException(start.Start, start.End, $"unexpected {start.GetType().Name}");
        }
    }

    private static Node Guard(Node node) =>
        node.ExpandedSize > MaxExpandedNodes
            ? throw new TreeTooLargeException(node.Line, node.Column, $"the document expands to more than {MaxExpandedNodes:N0} nodes through aliases; refusing to read it")
            : node;

    private static void Remember(AnchorName anchor, Node node, Dictionary<string, Node> anchors)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
    }

    /// <summary>
    /// The first tab in a line's leading whitespace, on or before <paramref name="errorLine"/> (1-based line and column),
    /// or null. Called only once the parser has failed: a tab inside a block scalar's content is legal YAML.
    /// </summary>
    internal static (int Line, int Column)? IndentationTab(string text, int errorLine)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length && i < Math.Max(errorLine, 1); i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && line[c] is ' ' or '\t'; c++)
                if (line[c] == '\t' && !line.AsSpan(c).TrimStart(" \t\r").IsEmpty) return (i + 1, c + 1);
        }
        return null;
    }

    /// <summary>YamlDotNet prefixes messages with "(Line: l, Col: c, Idx: i) - (…): "; the location is reported separately.</summary>
    internal static string CleanMessage(string message) => LocationPrefix().Replace(message, "").Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex LocationPrefix();

    private sealed class TreeTooLargeException(int line, int column, string message) : Exception(message)
    {
        public int Line { get; } = line;
        public int Column { get; } = column;
    }
}
