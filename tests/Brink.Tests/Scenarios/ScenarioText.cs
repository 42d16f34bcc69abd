using Brink.Scenarios;

namespace Brink.Tests.Scenarios;

/// <summary>Small scenarios written inline for loader tests.</summary>
internal static class ScenarioText
{
    /// <summary>A valid two-actor YAML scenario; tests replace one line to break it.</summary>
    public const string Valid = """
        title: Test
        sources:
          - {id: s1, title: A statement, quote: "We will never accept it."}
        issues:
          - id: nato
            scale: {min: 0, max: 100, labels: {0: open door, 100: no membership}}
            status_quo: 25
        actors:
          - id: us
            name: United States
            capability: 100
            positions:
              nato: {position: 20, salience: 0.7}
          - id: ru
            name: Russia
            capability: {value: 70, range: [50, 85], judgement: true}
            positions:
              nato: {position: {value: 100, source: s1}, salience: 0.9}
        """;

    public static LoadResult<Scenario> Yaml(string text) => ScenarioLoader.Parse(text, "test.yaml", ScenarioFormat.Yaml);
    public static LoadResult<Scenario> Json(string text) => ScenarioLoader.Parse(text, "test.json", ScenarioFormat.Json);
    public static LoadResult<Scenario> Csv(string text, string name = "table.csv") => ScenarioLoader.Parse(text, name, ScenarioFormat.Csv);

    /// <summary>Replaces exactly one occurrence of <paramref name="from"/> in <see cref="Valid"/>.</summary>
    public static string ValidWith(string from, string to)
    {
        var at = Valid.IndexOf(from, StringComparison.Ordinal);
        if (at < 0 || Valid.IndexOf(from, at + 1, StringComparison.Ordinal) >= 0)
            throw new ArgumentException($"'{from}' must occur exactly once in the test scenario");
        return Valid[..at] + to + Valid[(at + from.Length)..];
    }

    /// <summary>The single error of a result, asserting there is exactly one.</summary>
    public static Diagnostic SingleError(LoadResult<Scenario> result)
    {
        Assert.False(result.Ok);
        Assert.Null(result.Value);
        var errors = result.Errors.ToList();
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", errors));
        return errors[0];
    }
}
