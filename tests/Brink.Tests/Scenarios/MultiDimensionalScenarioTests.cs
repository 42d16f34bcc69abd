using Brink.Models.Smp;
using Brink.Scenarios;

namespace Brink.Tests.Scenarios;

/// <summary>Multi-dimensional issues in YAML/JSON and KTAB's SMP CSV files, with located errors.</summary>
public sealed class MultiDimensionalScenarioTests
{
    private const string Yaml = """
        title: Security package
        issues:
          - id: security
            description: One negotiation over membership and posture
            dimensions:
              - id: membership
                scale: {min: 0, max: 100, labels: {0: "open door", 100: "never"}}
              - id: posture
                scale: {min: -10, max: 10}
          - id: sanctions
        actors:
          - id: a
            capability: 100
            positions:
              security:
                membership: {position: 10, salience: 0.6}
                posture: {position: -8, salience: 0.3}
              sanctions: {position: 80, salience: 0.5}
          - id: b
            capability: 60
            positions:
              security:
                membership: {position: 90, salience: 0.5}
                posture: {position: 9, salience: 0.5}
          - id: c
            capability: 40
            positions:
              security.membership: {position: 50, salience: 0.2}
              security.posture: {position: 0, salience: 0.2}
        """;

    [Fact]
    public void A_multi_dimensional_issue_becomes_one_issue_per_dimension_in_one_package()
    {
        var load = ScenarioLoader.Parse(Yaml, "pkg.yaml", ScenarioFormat.Yaml);
        Assert.True(load.Ok, string.Join("\n", load.Diagnostics));
        var s = load.Value!;
        Assert.Equal(["security.membership", "security.posture", "sanctions"], s.Issues.Select(i => i.Id));
        Assert.Equal("security", s.Issues[1].Package);
        Assert.Equal("posture", s.Issues[1].Dimension);
        Assert.Equal(-10, s.Issues[1].Min);
        Assert.Equal(2, s.Issues[0].Labels.Length);
        Assert.Null(s.Issues[2].Package);
        Assert.Equal(new Stance(-8, 0.3), s.FindActor("a")!.Stances["security.posture"]);
        Assert.Equal(new Stance(50, 0.2), s.FindActor("c")!.Stances["security.membership"]);
        Assert.Equal(["security", "sanctions"], s.Packages().Select(p => p.Id));

        var input = SmpInputs.From(s, "security", out var leftOut);
        Assert.Empty(leftOut);
        Assert.Equal(3, input.Count);
        Assert.Equal(["membership", "posture"], input.Dimensions.Select(d => d.Id));
        Assert.Equal(new double[] { 10, -8, 90, 9, 50, 0 }, input.Position.ToArray());
    }

    [Fact]
    public void The_same_scenario_in_json_loads_the_same()
    {
        const string json = """
            {"title": "t", "issues": [{"id": "p", "dimensions": [{"id": "x"}, {"id": "y", "scale": {"min": 0, "max": 10}}]}],
             "actors": [{"id": "a", "capability": 1, "positions": {"p": {"x": {"position": 10, "salience": 0.5}, "y": {"position": 5, "salience": 0.5}}}}]}
            """;
        var load = ScenarioLoader.Parse(json, "pkg.json", ScenarioFormat.Json);
        Assert.True(load.Ok, string.Join("\n", load.Diagnostics));
        Assert.Equal(new Stance(5, 0.5), load.Value!.Actors[0].Stances["p.y"]);
    }

    [Fact]
    public void Mistakes_in_multi_dimensional_stances_are_located()
    {
        var bad = Yaml.Replace("posture: {position: -8, salience: 0.3}", "posture: {position: -80, salience: 0.3}\n        tempo: {position: 1, salience: 0.1}")
            .Replace("membership: {position: 90, salience: 0.5}", "membership: {position: 90, salience: 0.7}");
        var load = ScenarioLoader.Parse(bad, "pkg.yaml", ScenarioFormat.Yaml);
        Assert.False(load.Ok);
        var errors = load.Errors.ToList();
        Assert.Contains(errors, e => e.FieldPath == "actors[a].positions[security.posture].position" && e.Message.Contains("[-10, 10]") && e.Line == 17);
        Assert.Contains(errors, e => e.Message.Contains("unknown dimension 'tempo'") && e.Line == 18);
        Assert.Contains(errors, e => e.FieldPath == "actors[b].positions[security]" && e.Message.Contains("add up to 1.2"));
    }

    [Fact]
    public void A_dimension_list_must_not_be_empty()
    {
        var load = ScenarioLoader.Parse("title: t\nissues:\n  - id: p\n    dimensions: []\nactors:\n  - id: a\n    capability: 1\n", "e.yaml", ScenarioFormat.Yaml);
        Assert.Contains(load.Errors, e => e.FieldPath == "issues[p].dimensions" && e.Line == 4);
    }

    [Fact]
    public void KTAB_smp_csv_files_are_read_as_they_are()
    {
        var load = ScenarioLoader.Load(TestPaths.Reference("ktab", "inputs", "SOE-Pol-Comp.csv"));
        Assert.True(load.Ok, string.Join("\n", load.Diagnostics));
        var s = load.Value!;
        Assert.Equal("China Policy/Competitive; scen 2", s.Title);
        Assert.Equal(13, s.Actors.Length);
        Assert.Equal(["Policy Position", "Competitive Position"], s.Issues.Select(i => i.Description!));
        var xj = s.FindActor("XJ")!;
        Assert.Equal(100.0, xj.Capability);
        Assert.Equal("Xi Jinping", xj.Attributes["description"]);
        Assert.Equal(new Stance(20, 0.48), xj.Stances[s.Issues[1].Id]);
        foreach (var file in Directory.GetFiles(TestPaths.Reference("ktab", "inputs"), "*.csv"))
            Assert.True(ScenarioLoader.Load(file).Ok, file);
    }

    [Fact]
    public void A_broken_KTAB_file_gets_line_and_field()
    {
        const string text = "S,\"d\",3,2,\nActor,Description,Power,P1,S1,P2,S2,\nA,x,10,50,40,50,40,\nB,y,10,150,40,50,40,\nC,z,10,50,70,50,40,\n";
        var load = ScenarioLoader.Parse(text, "k.csv", ScenarioFormat.Csv);
        Assert.False(load.Ok);
        Assert.Contains(load.Errors, e => e.Line == 4 && e.FieldPath == "P1" && e.Message.Contains("150"));
        Assert.Contains(load.Errors, e => e.Line == 5 && e.Message.Contains("add up to 110"));
    }
}
