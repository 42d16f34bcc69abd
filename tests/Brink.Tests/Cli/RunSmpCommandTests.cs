using System.Text.Json;

namespace Brink.Tests.Cli;

/// <summary><c>brink run FILE --model smp</c>: KTAB's trajectory in the table, the JSON contract, options and errors.</summary>
public sealed class RunSmpCommandTests
{
    private static string Ktab(string csv) => TestPaths.Reference("ktab", "inputs", csv);

    [Theory]
    [InlineData("dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt")]
    [InlineData("SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt")]
    public void The_table_prints_KTABs_position_history(string csv, string log)
    {
        var r = CliRunner.Run("run", Ktab(csv), "--model", "smp");
        Assert.True(r.ExitCode == 0, r.Error);
        // KTAB: "SActor-00, Pstn1:  75.8  79.5 …" (one line per actor and dimension, %5.1f).
        var history = File.ReadLines(TestPaths.Reference("ktab", "reference-runs", log))
            .SkipWhile(l => !l.StartsWith("History of actor positions", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Contains(':', StringComparison.Ordinal) && !l.StartsWith("History", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(history);
        var lines = r.Out.Split('\n');
        var dimension = "";
        var table = new Dictionary<string, string>();
        foreach (var line in lines)
        {
            var t = line.Trim();
            if (t.Contains("]: position after each turn", StringComparison.Ordinal)) dimension = t[..t.LastIndexOf(" [", StringComparison.Ordinal)];
            else if (dimension.Length > 0 && t.Length > 0 && !t.StartsWith("actor", StringComparison.Ordinal) && !t.StartsWith("forecast", StringComparison.Ordinal))
            {
                var parts = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 1) table[$"{parts[0]}, {dimension}"] = string.Join(" ", parts.Skip(1));
            }
        }
        foreach (var h in history)
        {
            var key = h[..h.LastIndexOf(':')];
            var expected = string.Join(" ", h[(h.LastIndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(table.TryGetValue(key, out var actual), $"no row for {key}");
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Json_has_turns_with_one_position_per_dimension_and_the_stopping_turn()
    {
        var r = CliRunner.Run("run", Ktab("dummyData_3Dim.csv"), "--model", "smp", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var model = doc.RootElement.GetProperty("models")[0];
        Assert.Equal("smp", model.GetProperty("model").GetString());
        Assert.Equal(10, model.GetProperty("stopping_turn").GetInt32());
        var turns = model.GetProperty("turns");
        Assert.Equal(11, turns.GetArrayLength());
        Assert.Equal(0, turns[0].GetProperty("turn").GetInt32());
        var first = turns[0].GetProperty("actors")[0];
        Assert.Equal("SActor-00", first.GetProperty("name").GetString());
        Assert.Equal([75.79, 6.37, 70.45], first.GetProperty("position").EnumerateArray().Select(x => Math.Round(x.GetDouble(), 6)));
        Assert.Equal(3, turns[10].GetProperty("actors")[6].GetProperty("position").GetArrayLength());
        Assert.Equal(3, doc.RootElement.GetProperty("issues")[0].GetProperty("dimensions").GetArrayLength());
        Assert.Equal("Linear", doc.RootElement.GetProperty("options").GetProperty("parameters").GetProperty("VictoryProbModel").GetString());
    }

    [Fact]
    public void Rounds_and_threads_are_refused_with_smp_instead_of_being_ignored()
    {
        var rounds = CliRunner.Run("run", Ktab("dummyData_3Dim.csv"), "--model", "smp", "--rounds", "5");
        Assert.Equal(2, rounds.ExitCode);
        Assert.Contains("--rounds applies to the EUM", rounds.Error, StringComparison.Ordinal);
        var threads = CliRunner.Run("run", Ktab("dummyData_3Dim.csv"), "--model", "smp", "--threads", "2");
        Assert.Equal(2, threads.ExitCode);
        Assert.Contains("--threads applies to the EUM", threads.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void KTABs_parameters_are_options_and_bad_values_are_named()
    {
        var r = CliRunner.Run("run", Ktab("dummyData_3Dim.csv"), "--model", "smp", "--big-r-adjust", "Half", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("\"BigRAdjust\": \"Half\"", r.Out);
        var bad = CliRunner.Run("run", Ktab("dummyData_3Dim.csv"), "--model", "smp", "--voting-rule", "Plurality");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--voting-rule 'Plurality': valid values are Binary, PropBin, Prop, PropCbc, Cubic, ASymProsp", bad.Error);
        var notSmp = CliRunner.Run("run", TestPaths.InRepo("scenarios", "emission.yaml"), "--voting-rule", "Prop");
        Assert.Equal(2, notSmp.ExitCode);
        Assert.Contains("applies to --model smp", notSmp.Error);
    }

    [Fact]
    public void Trace_file_has_one_line_per_turn_and_none_is_written_without_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"brink-smp-{Guid.NewGuid():N}.jsonl");
        try
        {
            var r = CliRunner.Run("run", Ktab("dummyData_3Dim.csv"), "--model", "smp", "--trace", file);
            Assert.True(r.ExitCode == 0, r.Error);
            var lines = File.ReadAllLines(file);
            Assert.Equal(1 + 11, lines.Length);
            using var turn0 = JsonDocument.Parse(lines[1]);
            Assert.Equal(7, turn0.RootElement.GetProperty("risk").GetArrayLength());
            Assert.Equal(7, turn0.RootElement.GetProperty("challenges").GetArrayLength());
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Too_few_actors_is_a_clear_error()
    {
        var file = Path.Combine(Path.GetTempPath(), $"brink-smp-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(file, "title: t\nissues:\n  - id: x\nactors:\n  - id: a\n    capability: 1\n    positions: {x: {position: 1, salience: 1}}\n  - id: b\n    capability: 1\n    positions: {x: {position: 9, salience: 1}}\n");
            var r = CliRunner.Run("run", file, "--model", "smp");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("at least 3 actors", r.Error);
        }
        finally { File.Delete(file); }
    }
}
