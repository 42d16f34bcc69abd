namespace Brink.Scenarios.Parsing;

/// <summary>
/// A located node of a parsed YAML or JSON document. Both formats are read into this one tree so
/// that a single reader turns it into a <see cref="Scenario"/> and every message carries the line
/// and column the user wrote.
/// </summary>
internal abstract class Node(int line, int column)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
    /// <summary>Nodes in this subtree counting aliases as copies (guards against alias bombs).</summary>
    public abstract long ExpandedSize { get; }
    public abstract string Kind { get; }
}

/// <summary>A scalar as written. <see cref="IsString"/> is true for quoted YAML scalars and JSON strings.</summary>
internal sealed class ScalarNode(string text, bool isString, int line, int column) : Node(line, column)
{
    public string Text { get; } = text;
    public bool IsString { get; } = isString;
    public bool IsNull => !IsString && Text is "" or "~" or "null" or "Null" or "NULL";
    public override long ExpandedSize => 1;
    public override string Kind => IsNull ? "null" : IsString ? "text" : "a plain value";
}

/// <summary>A mapping; entries keep their order and duplicates are reported by the tree reader.</summary>
internal sealed class MapNode(IReadOnlyList<KeyValuePair<ScalarNode, Node>> entries, int line, int column) : Node(line, column)
{
    public IReadOnlyList<KeyValuePair<ScalarNode, Node>> Entries { get; } = entries;
    public override long ExpandedSize { get; } = 1 + entries.Sum(e => 1 + e.Value.ExpandedSize);
    public override string Kind => "a mapping";

    public Node? Get(string key)
    {
        foreach (var entry in Entries)
            if (entry.Key.Text == key) return entry.Value;
        return null;
    }

    public ScalarNode? KeyNode(string key)
    {
        foreach (var entry in Entries)
            if (entry.Key.Text == key) return entry.Key;
        return null;
    }
}

internal sealed class SequenceNode(IReadOnlyList<Node> items, int line, int column) : Node(line, column)
{
    public IReadOnlyList<Node> Items { get; } = items;
    public override long ExpandedSize { get; } = 1 + items.Sum(i => i.ExpandedSize);
    public override string Kind => "a list";
}
