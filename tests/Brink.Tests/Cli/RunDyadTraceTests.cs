using System.Text.Json;

namespace Brink.Tests.Cli;

public sealed class RunDyadTraceTests
{
    private static readonly string Emission = TestPaths.InRepo("scenarios", "emission.yaml");

    [Fact]
    public void The_default_json_has_no_dyads_and_trace_dyads_adds_them_to_every_round()
    {
        var plain = CliRunner.Run("run", Emission, "--model", "eum", "--format", "json", "--rounds", "3");
        var traced = CliRunner.Run("run", Emission, "--model", "eum", "--format", "json", "--rounds", "3", "--trace", "dyads");
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, traced.ExitCode);
        Assert.DoesNotContain("\"dyads\"", plain.Out);
        using var doc = JsonDocument.Parse(traced.Out);
        var model = doc.RootElement.GetProperty("issues")[0].GetProperty("models")[0];
        var actors = doc.RootElement.GetProperty("issues")[0].GetProperty("actors").GetArrayLength();
        var rounds = model.GetProperty("rounds");
        Assert.Equal(3, rounds.GetArrayLength());
        foreach (var round in rounds.EnumerateArray())
        {
            var eu = round.GetProperty("dyads").GetProperty("eu_ij");
            Assert.Equal(actors, eu.GetArrayLength());
            for (var i = 0; i < actors; i++)
            {
                Assert.Equal(actors, eu[i].GetArrayLength());
                Assert.Equal(JsonValueKind.Null, eu[i][i].ValueKind);
                Assert.Equal(JsonValueKind.Number, eu[i][(i + 1) % actors].ValueKind);
            }
        }
        // Everything but the dyads is the same document, character for character.
        Assert.Equal(plain.Out, WithoutDyads(traced.Out));
    }

    [Fact]
    public void Csv_dyad_trace_has_one_row_per_round_and_ordered_dyad()
    {
        var r = CliRunner.Run("run", Emission, "--model", "eum", "--format", "csv", "--rounds", "2", "--trace", "dyads");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal("issue,variant,round,actor,other,eu_ij,eu_ji", lines[0]);
        Assert.Equal(2 * 10 * 9, lines.Count - 1);
        Assert.DoesNotContain(lines, l => l.Contains("NaN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("table")]
    public void Dyad_trace_needs_a_machine_format(string format)
    {
        var r = CliRunner.Run("run", Emission, "--format", format, "--trace", "dyads");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--format json or csv", r.Error);
    }

    /// <summary>The document with each "dyads" member (from the comma before it to its closing brace) cut out.</summary>
    private static string WithoutDyads(string json)
    {
        var sb = new System.Text.StringBuilder();
        var from = 0;
        for (var at = json.IndexOf(",\n", StringComparison.Ordinal); at >= 0; at = json.IndexOf(",\n", at + 1, StringComparison.Ordinal))
        {
            if (!json.AsSpan(at + 2).TrimStart(' ').StartsWith("\"dyads\"", StringComparison.Ordinal)) continue;
            var depth = 0;
            var i = json.IndexOf('{', at);
            for (; i < json.Length; i++)
            {
                if (json[i] == '{') depth++;
                else if (json[i] == '}' && --depth == 0) break;
            }
            sb.Append(json, from, at - from);
            from = i + 1;
            at = i;
        }
        return sb.Append(json, from, json.Length - from).ToString();
    }
}
