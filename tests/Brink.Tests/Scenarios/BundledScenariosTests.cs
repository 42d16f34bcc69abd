using Brink.Scenarios;
using Brink.Scenarios.Parsing;
using NJsonSchema;

namespace Brink.Tests.Scenarios;

/// <summary>The scenarios shipped in scenarios/ load cleanly, carry evidence, and validate against the shipped JSON Schema.</summary>
public sealed class BundledScenariosTests
{
    public static TheoryData<string> Bundled() => ["emission.yaml", "nato-2022.yaml", "ceasefire-2025.yaml"];

    private static Scenario Load(string name)
    {
        var result = ScenarioLoader.Load(TestPaths.InRepo("scenarios", name));
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Warning);
        return result.Value!;
    }

    private static JsonSchema Schema() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(TestPaths.InRepo("schema", "brink-scenario.schema.json"))).GetAwaiter().GetResult();

    [Theory]
    [MemberData(nameof(Bundled))]
    public void Loads_without_errors_or_warnings(string name) => Load(name);

    [Theory]
    [MemberData(nameof(Bundled))]
    public void Validates_against_the_json_schema(string name)
    {
        var json = NodeJsonWriter.YamlToJson(File.ReadAllText(TestPaths.InRepo("scenarios", name)), name, []);
        Assert.NotNull(json);
        var errors = Schema().Validate(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Theory]
    [InlineData("""{"title": "x", "issues": [{"id": "a"}]}""", "actors")]
    [InlineData("""{"title": "x", "issues": [{"id": "a"}], "actors": [{"id": "b", "capability": 1, "positions": {"a": {"position": 1}}}]}""", "salience")]
    [InlineData("""{"title": "x", "issues": [{"id": "a"}], "actors": [{"id": "b", "capability": "high"}]}""", "capability")]
    [InlineData("""{"title": "x", "issues": [{"id": "a"}], "actors": [{"id": "b", "capability": 1, "salince": 1}]}""", "salince")]
    [InlineData("""{"title": "x", "issues": [{"id": "a"}], "actors": [{"id": "b", "capability": {"value": 1, "dist": "normal", "sd": 0}}]}""", "capability")]
    public void The_schema_rejects_what_the_loader_rejects(string json, string where)
    {
        var errors = Schema().Validate(json);
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => (e.Path ?? "").Contains(where) || (e.Property ?? "").Contains(where) || e.ToString().Contains(where));
        Assert.False(ScenarioLoader.Parse(json, "x.json", ScenarioFormat.Json).Ok);
    }

    [Fact]
    public void Emission_matches_the_published_table()
    {
        var yaml = Load("emission.yaml");
        var table = ScenarioLoader.Load(TestPaths.Reference("eum", "emission_input.csv")).Value!;
        Assert.Equal(table.Actors.Length, yaml.Actors.Length);
        foreach (var (a, b) in table.Actors.Zip(yaml.Actors))
        {
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Capability, b.Capability);
            Assert.Equal(a.Stances["issue"].Position, b.Stances["emission"].Position);
            Assert.Equal(a.Stances["issue"].Salience, b.Stances["emission"].Salience, 12);
        }
        Assert.Contains(yaml.Sources, s => s.Id == "bdm1994" && s.Title!.Contains("p. 78"));
    }

    [Theory]
    [InlineData("nato-2022.yaml")]
    [InlineData("ceasefire-2025.yaml")]
    public void Crisis_scenarios_have_the_key_actors_two_labelled_issues_and_evidence_for_every_stance(string name)
    {
        var s = Load(name);
        foreach (var id in new[] { "usa", "russia", "ukraine", "poland", "germany", "france", "eu" })
            Assert.NotNull(s.FindActor(id));
        Assert.Equal(2, s.Issues.Length);
        Assert.All(s.Issues, i => Assert.True(i.Labels.Length >= 3, $"{i.Id} needs labels"));
        foreach (var actor in s.Actors)
            foreach (var issue in actor.Stances.Keys)
                foreach (var field in new[] { "position", "salience" })
                {
                    var path = $"actors[{actor.Id}].positions[{issue}].{field}";
                    Assert.True(s.Evidence.Any(e => e.FieldPath == path), $"{name}: {path} has no source or judgement");
                }
        Assert.Contains(s.Evidence, e => e is { IsJudgement: true });
        Assert.Contains(s.Evidence, e => e.SourceId is not null && s.Sources.Single(x => x.Id == e.SourceId).Quote is not null);
        Assert.NotEmpty(s.Uncertain);
        Assert.NotEmpty(s.Beliefs);
        Assert.NotEmpty(s.Correlations);
        Assert.Contains(s.Actors, a => a.AudienceCost is not null);
        Assert.Contains(s.Actors, a => a.Resolve is not null);
    }

    [Fact]
    public void The_2025_scenario_has_the_west_underestimating_russias_capability()
    {
        var s = Load("ceasefire-2025.yaml");
        var truth = s.FindActor("russia")!.Capability;
        var belief = s.Beliefs.First(b => b.Holder == "usa" && b.About == new ParameterRef("russia", ActorParameter.Capability));
        Assert.True(belief.Value < truth);
        Assert.Contains("war economy", belief.Note);
    }

    [Fact]
    public void The_2022_scenario_quotes_the_russian_draft_and_the_polish_warning()
    {
        var s = Load("nato-2022.yaml");
        Assert.Contains("deny accession", s.Sources.Single(x => x.Id == "ru-draft-treaty").Quote);
        Assert.Contains("risk of war in the OSCE area", s.Sources.Single(x => x.Id == "rau-osce").Quote);
        Assert.Equal(100, s.FindActor("russia")!.Stances["nato_membership"].Position);
    }
}
