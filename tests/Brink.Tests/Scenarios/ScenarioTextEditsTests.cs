using Brink.Scenarios;
using CsCheck;

namespace Brink.Tests.Scenarios;

/// <summary>The table view's edits: a number is replaced where it is written, the rest of the text stays as it was.</summary>
public sealed class ScenarioTextEditsTests
{
    private static string Nato => File.ReadAllText(TestPaths.InRepo("scenarios", "nato-2022.yaml"));

    private static Scenario Load(string text, ScenarioFormat format = ScenarioFormat.Yaml)
    {
        var result = ScenarioLoader.Parse(text, "t", format);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        return result.Value!;
    }

    /// <summary>The lines that differ between two texts of the same line count.</summary>
    private static List<int> ChangedLines(string a, string b)
    {
        var (la, lb) = (a.Split('\n'), b.Split('\n'));
        Assert.Equal(la.Length, lb.Length);
        return [.. Enumerable.Range(0, la.Length).Where(i => la[i] != lb[i])];
    }

    [Fact]
    public void Numbers_lists_each_actors_capability_position_and_salience_as_written()
    {
        var numbers = ScenarioTextEdits.Numbers(Nato, ScenarioFormat.Yaml);
        var scenario = Load(Nato);
        Assert.Equal(scenario.Actors.Length + 2 * scenario.Actors.Sum(a => a.Stances.Count), numbers.Count);
        var usa = Assert.Single(numbers, n => n.FieldPath == "actors[usa].positions[nato_membership].position");
        Assert.Equal((20, 10, 35), (usa.Value, usa.RangeLow!.Value, usa.RangeHigh!.Value));
        Assert.Equal("position: {value: 20,", Nato.Split('\n')[usa.Line - 1].Trim()[..21]);
        Assert.Empty(ScenarioTextEdits.Numbers("a,b\n1,2\n", ScenarioFormat.Csv));
    }

    [Fact]
    public void Setting_a_value_changes_that_number_only()
    {
        var edit = ScenarioTextEdits.SetValue(Nato, ScenarioFormat.Yaml, "actors[russia].capability", 65.5);
        Assert.True(edit.Ok, edit.Error);
        Assert.Single(ChangedLines(Nato, edit.Text!));
        var scenario = Load(edit.Text!);
        Assert.Equal(65.5, scenario.FindActor("russia")!.Capability);
        // Its range and its evidence are still there.
        Assert.Contains(scenario.Uncertain, u => u.Target == new ParameterRef("russia", ActorParameter.Capability));
        Assert.Contains(scenario.Evidence, e => e.FieldPath == "actors[russia].capability" && e.IsJudgement);
    }

    [Fact]
    public void Setting_a_range_replaces_one_or_adds_it_to_a_flow_mapping()
    {
        var replaced = ScenarioTextEdits.SetRange(Nato, ScenarioFormat.Yaml, "actors[usa].positions[nato_membership].position", 5, 30);
        Assert.True(replaced.Ok, replaced.Error);
        Assert.Single(ChangedLines(Nato, replaced.Text!));
        Assert.Equal(new UniformDistribution(5, 30),
            Load(replaced.Text!).Uncertain.Single(u => u.Target == new ParameterRef("usa", ActorParameter.Position, "nato_membership")).Distribution);

        // salience: {value: 0.6, judgement: true} has no range yet.
        var added = ScenarioTextEdits.SetRange(Nato, ScenarioFormat.Yaml, "actors[usa].positions[force_posture].salience", 0.5, 0.7);
        Assert.True(added.Ok, added.Error);
        Assert.Single(ChangedLines(Nato, added.Text!));
        Assert.Contains("salience: {value: 0.6, range: [0.5, 0.7], judgement: true}", added.Text);
        Assert.Contains(Load(added.Text!).Uncertain, u => u.Target == new ParameterRef("usa", ActorParameter.Salience, "force_posture"));
    }

    [Fact]
    public void A_plain_number_becomes_a_value_with_a_range_and_a_block_mapping_gets_a_line_of_its_own()
    {
        const string text = """
            title: t
            issues:
              - id: x
            actors:
              - id: a
                capability: 10   # plain
                positions:
                  x:
                    position:
                      value: 20
                      judgement: true
                    salience: 0.5
              - id: b
                capability: 20
                positions:
                  x: {position: 80, salience: 0.4}
            """;
        var plain = ScenarioTextEdits.SetRange(text, ScenarioFormat.Yaml, "actors[a].capability", 8, 12);
        Assert.True(plain.Ok, plain.Error);
        Assert.Contains("capability: {value: 10, range: [8, 12]}   # plain", plain.Text);
        var block = ScenarioTextEdits.SetRange(plain.Text!, ScenarioFormat.Yaml, "actors[a].positions[x].position", 10, 30);
        Assert.True(block.Ok, block.Error);
        Assert.Contains("          value: 20\n          range: [10, 30]\n          judgement: true", block.Text);
        var flow = ScenarioTextEdits.SetValue(block.Text!, ScenarioFormat.Yaml, "actors[b].positions[x].salience", 0.45);
        Assert.True(flow.Ok, flow.Error);
        var scenario = Load(flow.Text!);
        Assert.Equal(0.45, scenario.FindActor("b")!.Stances["x"].Salience);
        Assert.Equal(2, scenario.Uncertain.Length); // a's capability and position
    }

    [Fact]
    public void Json_scenarios_are_edited_in_place_too()
    {
        var json = ScenarioTextEdits.YamlToJson(Nato, "nato.yaml", [])!;
        var value = ScenarioTextEdits.SetValue(json, ScenarioFormat.Json, "actors[ukraine].positions[force_posture].position", 12);
        Assert.True(value.Ok, value.Error);
        var range = ScenarioTextEdits.SetRange(value.Text!, ScenarioFormat.Json, "actors[ukraine].positions[force_posture].position", 0, 25);
        Assert.True(range.Ok, range.Error);
        var scenario = Load(range.Text!, ScenarioFormat.Json);
        Assert.Equal(12, scenario.FindActor("ukraine")!.Stances["force_posture"].Position);
        Assert.Contains(scenario.Uncertain, u => u.Target == new ParameterRef("ukraine", ActorParameter.Position, "force_posture"));
    }

    [Fact]
    public void An_unknown_path_or_a_number_that_is_not_finite_is_refused_with_the_reason()
    {
        Assert.Contains("no such number", ScenarioTextEdits.SetValue(Nato, ScenarioFormat.Yaml, "actors[atlantis].capability", 1).Error);
        Assert.Contains("finite", ScenarioTextEdits.SetValue(Nato, ScenarioFormat.Yaml, "actors[usa].capability", double.NaN).Error);
        Assert.Null(ScenarioTextEdits.SetValue(Nato, ScenarioFormat.Csv, "actors[usa].capability", 1).Text);
    }

    [Fact]
    public void Any_value_written_reads_back_exactly() =>
        Gen.Double[0, 1e6].Sample(x =>
        {
            var edit = ScenarioTextEdits.SetValue(Nato, ScenarioFormat.Yaml, "actors[usa].capability", x);
            return edit.Ok && ScenarioLoader.Parse(edit.Text!, "t", ScenarioFormat.Yaml).Value!.FindActor("usa")!.Capability == x;
        }, iter: 60);
}
