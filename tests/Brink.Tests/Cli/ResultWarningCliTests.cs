using System.Text.Json;

namespace Brink.Tests.Cli;

/// <summary>Every warning a result carries reaches the table, the JSON document and the CSV comments.</summary>
public sealed class ResultWarningCliTests
{
    private static readonly string Nato = TestPaths.InRepo("scenarios", "nato-2022.yaml");
    private static readonly string Emission = TestPaths.InRepo("scenarios", "emission.yaml");

    private static CliRunner.Result Ok(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.Error);
        return r;
    }

    /// <summary>The terminal text with the console's line wrapping undone.</summary>
    internal static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s*\r?\n\s*", " ");

    private static IEnumerable<string> Codes(JsonElement warnings) => warnings.EnumerateArray().Select(w => w.GetProperty("code").GetString()!);

    [Fact]
    public void Nash_fallback_on_nato_is_stated_in_the_table_json_and_csv()
    {
        var table = Flat(Ok("run", Nato, "--model", "nash").Out);
        Assert.Equal(2, table.Split("warning nash-no-feasible-agreement: nash (quadratic): No agreement beats the status quo").Length - 1);
        Assert.Contains("is a fallback to the status quo 25, not a bargaining solution", table);
        Assert.Contains("is a fallback to the status quo 50, not a bargaining solution", table);

        using var doc = JsonDocument.Parse(Ok("run", Nato, "--model", "nash", "--format", "json").Out);
        foreach (var issue in doc.RootElement.GetProperty("issues").EnumerateArray())
        {
            var nash = issue.GetProperty("models")[0];
            var w = Assert.Single(nash.GetProperty("warnings").EnumerateArray());
            Assert.Equal("nash-no-feasible-agreement", w.GetProperty("code").GetString());
            Assert.Equal(issue.GetProperty("issue").GetString(), w.GetProperty("issue").GetString());
            Assert.Equal(JsonValueKind.Array, w.GetProperty("actors").ValueKind);
        }

        var csv = Ok("run", Nato, "--model", "nash", "--format", "csv").Out.Split('\n');
        Assert.Equal(2, csv.Count(l => l.StartsWith("# warning: nash-no-feasible-agreement: ", StringComparison.Ordinal)));
        Assert.StartsWith("issue,model,variant", csv.First(l => !l.StartsWith('#')));
    }

    [Fact]
    public void A_feasible_nash_solution_has_an_empty_warning_list()
    {
        using var doc = JsonDocument.Parse(Ok("run", Emission, "--model", "nash", "--format", "json").Out);
        Assert.Empty(Codes(doc.RootElement.GetProperty("models")[0].GetProperty("warnings")));
        Assert.DoesNotContain("warning", Ok("run", Emission, "--model", "nash").Out);
    }
}
