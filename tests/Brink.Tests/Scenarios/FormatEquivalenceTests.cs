using System.Globalization;
using System.Text;
using Brink.Scenarios;
using Brink.Scenarios.Parsing;
using CsCheck;

namespace Brink.Tests.Scenarios;

/// <summary>YAML and JSON are one format: the same scenario written either way loads to the same value.</summary>
public sealed class FormatEquivalenceTests
{
    public static TheoryData<string> Bundled() => ["emission.yaml", "nato-2022.yaml", "ceasefire-2025.yaml"];

    [Theory]
    [MemberData(nameof(Bundled))]
    public void A_bundled_yaml_scenario_and_its_json_translation_load_to_the_same_scenario(string name)
    {
        var yaml = File.ReadAllText(TestPaths.InRepo("scenarios", name));
        var json = NodeJsonWriter.YamlToJson(yaml, name, []);
        Assert.NotNull(json);
        var fromYaml = ScenarioLoader.Parse(yaml, "s", ScenarioFormat.Yaml);
        var fromJson = ScenarioLoader.Parse(json, "s", ScenarioFormat.Json);
        Assert.True(fromJson.Ok, string.Join("\n", fromJson.Diagnostics));
        Assert.Equal(Dump(fromYaml.Value!), Dump(fromJson.Value!));
    }

    [Fact]
    public void Handwritten_yaml_and_json_agree()
    {
        const string yaml = """
            title: Small
            as_of: 2022-01-31
            issues:
              - id: a
                scale: {min: 0, max: 10, labels: {0: low, 10: high}}
            actors:
              - id: x
                capability: {value: 2, dist: triangular, range: [1, 4]}
                attributes: {regime: democracy}
                positions: {a: {position: 3, salience: 0.5}}
              - id: y
                capability: 1
                positions: {a: {position: {value: 8, dist: normal, sd: 1}, salience: 1}}
            relations:
              - {from: y, to: x, kind: follows, weight: 0.5}
            """;
        const string json = """
            {
              "title": "Small",
              "as_of": "2022-01-31",
              "issues": [{"id": "a", "scale": {"min": 0, "max": 10, "labels": {"0": "low", "10": "high"}}}],
              "actors": [
                {"id": "x", "capability": {"value": 2, "dist": "triangular", "range": [1, 4]},
                 "attributes": {"regime": "democracy"}, "positions": {"a": {"position": 3, "salience": 0.5}}},
                {"id": "y", "capability": 1, "positions": {"a": {"position": {"value": 8, "dist": "normal", "sd": 1}, "salience": 1}}}
              ],
              "relations": [{"from": "y", "to": "x", "kind": "follows", "weight": 0.5}]
            }
            """;
        var a = ScenarioLoader.Parse(yaml, "s", ScenarioFormat.Yaml);
        var b = ScenarioLoader.Parse(json, "s", ScenarioFormat.Json);
        Assert.True(a.Ok && b.Ok, string.Join("\n", a.Diagnostics.Concat(b.Diagnostics)));
        Assert.Equal(Dump(a.Value!), Dump(b.Value!));
        Assert.Contains(b.Value!.Uncertain, u => u.Target == new ParameterRef("y", ActorParameter.Position, "a") &&
                                                  u.Distribution == new TruncatedNormalDistribution(8, 1, 2, 10));
    }

    [Fact]
    public void Generated_scenarios_load_the_same_from_yaml_and_from_their_json_translation()
    {
        var stance = Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100], Gen.Bool);
        var actor = Gen.Select(Gen.Double[0, 500], stance.Array[1, 3], Gen.Int[0, 3]);
        Gen.Select(Gen.Int[1, 3], actor.Array[1, 8]).Sample((issues, actors) =>
        {
            var b = new StringBuilder("title: Generated\nissues:\n");
            for (var i = 0; i < issues; i++) b.Append($"  - {{id: i{i}, scale: {{min: 0, max: 100}}, status_quo: {i * 10}}}\n");
            b.Append("actors:\n");
            for (var a = 0; a < actors.Length; a++)
            {
                var (capability, stances, ranged) = actors[a];
                var c = capability.ToString("R", CultureInfo.InvariantCulture);
                b.Append($"  - id: a{a}\n    capability: {(ranged == 1 ? $"{{value: {c}, range: [0, {c}]}}" : c)}\n    positions:\n");
                for (var i = 0; i < Math.Min(issues, stances.Length); i++)
                {
                    var (x, s, uncertain) = stances[i];
                    var position = uncertain ? $"{{value: {x}, dist: triangular, range: [0, 100], source: src}}" : x.ToString(CultureInfo.InvariantCulture);
                    b.Append($"      i{i}: {{position: {position}, salience: {s / 100.0}}}\n");
                }
            }
            b.Append("sources:\n  - {id: src, quote: \"q\"}\n");
            var yaml = b.ToString();
            var fromYaml = ScenarioLoader.Parse(yaml, "g", ScenarioFormat.Yaml);
            var fromJson = ScenarioLoader.Parse(NodeJsonWriter.YamlToJson(yaml, "g", [])!, "g", ScenarioFormat.Json);
            Assert.Equal(fromYaml.Ok, fromJson.Ok);
            Assert.Equal(fromYaml.Errors.Select(e => (e.FieldPath, e.Message)), fromJson.Errors.Select(e => (e.FieldPath, e.Message)));
            if (fromYaml.Ok) Assert.Equal(Dump(fromYaml.Value!), Dump(fromJson.Value!));
        }, iter: 100, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void A_json_scenario_may_name_its_schema()
    {
        var result = ScenarioLoader.Parse("""{"$schema": "../schema/brink-scenario.schema.json", "title": "t", "issues": [{"id": "a"}], "actors": [{"id": "x", "capability": 1, "positions": {"a": {"position": 1, "salience": 1}}}]}""", "s.json", ScenarioFormat.Json);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Json_errors_carry_the_same_paths_as_yaml_errors()
    {
        var e = Assert.Single(ScenarioLoader.Parse("""{"title": "t", "issues": [{"id": "a"}], "actors": [{"id": "x", "capability": -2, "positions": {"a": {"position": 1, "salience": 0.5}}}]}""", "s.json", ScenarioFormat.Json).Errors);
        Assert.Equal(("actors[x].capability", 1, 78), (e.FieldPath, e.Line, e.Column));
    }

    /// <summary>A canonical text form of everything a scenario holds (records with lists do not compare by value).</summary>
    internal static string Dump(Scenario s)
    {
        var b = new StringBuilder();
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        b.AppendLine($"title {s.Title} | {s.Question} | {s.AsOf} | noise {s.Noise}");
        foreach (var (k, v) in s.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) b.AppendLine($"meta {k}={v}");
        foreach (var x in s.Sources) b.AppendLine($"source {x}");
        foreach (var i in s.Issues)
            b.AppendLine($"issue {i.Id} {i.Description} [{F(i.Min)},{F(i.Max)}] sq {i.StatusQuo} rule {i.DecisionRule} labels {string.Join(";", i.Labels)}");
        foreach (var a in s.Actors)
        {
            b.AppendLine($"actor {a.Id} {a.Name} c {F(a.Capability)} r {a.Risk} ac {a.AudienceCost} res {a.Resolve} wc {a.WarCost}");
            foreach (var (k, v) in a.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal)) b.AppendLine($"  attr {k}={v}");
            foreach (var (k, v) in a.Stances.OrderBy(kv => kv.Key, StringComparer.Ordinal)) b.AppendLine($"  stance {k} {F(v.Position)} {F(v.Salience)}");
        }
        foreach (var r in s.Relations) b.AppendLine($"relation {r}");
        foreach (var x in s.Beliefs) b.AppendLine($"belief {x}");
        foreach (var u in s.Uncertain)
            b.AppendLine(u.Distribution is DiscreteDistribution d
                ? $"uncertain {u.Target} discrete {string.Join(",", d.Values)} / {string.Join(",", d.Weights)}"
                : $"uncertain {u.Target} {u.Distribution}");
        foreach (var c in s.Correlations) b.AppendLine($"correlation {c}");
        foreach (var e in s.Evidence) b.AppendLine($"evidence {e} note {e.Note}");
        return b.ToString();
    }
}
