namespace Brink.Web.Api;

/// <summary>The scenarios shipped with Brink (scenarios/*.yaml, embedded in the assembly), one click away in the workbench.</summary>
public interface IScenarioCatalog
{
    IReadOnlyList<string> Names();
    /// <summary>The YAML text, or null for an unknown name.</summary>
    string? Text(string name);
}

internal sealed class BundledScenarios : IScenarioCatalog
{
    private const string Prefix = "scenarios/";
    private readonly Dictionary<string, string> _texts = Load();

    public IReadOnlyList<string> Names() => [.. _texts.Keys.Order(StringComparer.Ordinal)];

    public string? Text(string name) => _texts.GetValueOrDefault(name);

    private static Dictionary<string, string> Load()
    {
        var assembly = typeof(BundledScenarios).Assembly;
        var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            texts[Path.GetFileNameWithoutExtension(resource[Prefix.Length..])] = reader.ReadToEnd();
        }
        return texts;
    }
}
