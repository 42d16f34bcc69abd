using System.Text;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// Internal names (enum members, model decision codes) turned into the words users read, so that
/// names such as <c>TargetAlwaysResists</c> or <c>a_fights</c> never reach a table.
/// JSON keeps its snake_case values: they are a contract for scripts.
/// </summary>
public static class UserWords
{
    /// <summary>"TargetAlwaysResists" → "target always resists"; "NoEum" → "no EUM".</summary>
    public static string Of(Enum value) => Of(value.ToString());

    /// <summary>Splits PascalCase or snake_case into lower-case words, keeping acronyms (EUM) upper-case.</summary>
    public static string Of(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' || c == ' ') { Flush(); continue; }
            if (char.IsUpper(c) && current.Length > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) Flush();
            current.Append(c);
        }
        Flush();
        return string.Join(' ', words.Select(w => w switch
        {
            "Eum" or "EUM" => "EUM",
            "a" or "A" => "A",
            "b" or "B" => "B",
            _ => w.ToLowerInvariant(),
        }));

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    /// <summary>A parameter as the scenario file spells it (audience_cost, war_cost …).</summary>
    public static string Of(ActorParameter parameter) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.ToString());
}
