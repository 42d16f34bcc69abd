using Brink.Scenarios;
using static Brink.Tests.Scenarios.ScenarioText;

namespace Brink.Tests.Scenarios;

/// <summary>Every kind of bad input gets a located message (file, line, column, field, expectation); no exception escapes.</summary>
public sealed class ScenarioLoaderTests
{
    [Fact]
    public void The_valid_test_scenario_loads()
    {
        var result = Yaml(Valid);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        var s = result.Value!;
        Assert.Equal("Test", s.Title);
        Assert.Equal(["us", "ru"], s.Actors.Select(a => a.Id));
        Assert.Equal(new Stance(100, 0.9), s.FindActor("ru")!.Stances["nato"]);
        Assert.Equal(25, s.FindIssue("nato")!.StatusQuo);
        Assert.Equal([new ScaleLabel(0, "open door"), new ScaleLabel(100, "no membership")], s.FindIssue("nato")!.Labels.ToArray());
        var uncertain = Assert.Single(s.Uncertain);
        Assert.Equal(new ParameterRef("ru", ActorParameter.Capability), uncertain.Target);
        Assert.Equal(new UniformDistribution(50, 85), uncertain.Distribution);
        Assert.Contains(s.Evidence, e => e is { FieldPath: "actors[ru].positions[nato].position", SourceId: "s1", IsJudgement: false });
        Assert.Contains(s.Evidence, e => e is { FieldPath: "actors[ru].capability", SourceId: null, IsJudgement: true });
    }

    public sealed class Malformed
    {
        [Fact]
        public void Malformed_yaml_names_line_and_column()
        {
            var e = SingleError(Yaml("title: x\nissues: [\n  - a\nactors: {"));
            Assert.Equal("test.yaml", e.File);
            Assert.True(e.Line >= 2, e.ToString());
            Assert.True(e.Column >= 1);
            Assert.StartsWith("malformed YAML", e.Message);
            Assert.DoesNotContain("Line:", e.Message);
        }

        [Fact]
        public void Malformed_json_names_line_and_column()
        {
            var e = SingleError(Json("{\n  \"title\": \"x\",\n  \"issues\": [1, 2,,]\n}"));
            Assert.Equal(3, e.Line);
            Assert.Equal(19, e.Column);
            Assert.StartsWith("malformed JSON", e.Message);
            Assert.DoesNotContain("LineNumber", e.Message);
        }

        [Fact]
        public void Malformed_csv_names_the_line_where_the_bad_record_starts()
        {
            var e = SingleError(Csv("Actor,Capability,Position,Salience\nA,1,2,0.5\n\"B,1,2,0.5\nC,1,1,1\n"));
            Assert.Equal(3, e.Line);
            Assert.StartsWith("malformed CSV", e.Message);
        }

        [Fact]
        public void A_csv_row_with_the_wrong_number_of_fields_is_located()
        {
            var e = SingleError(Csv("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,2\n"));
            Assert.Equal(3, e.Line);
            Assert.Contains("expected 4 fields", e.Message);
        }

        [Fact]
        public void A_document_that_is_not_a_mapping_is_rejected()
        {
            var e = SingleError(Yaml("- just\n- a list\n"));
            Assert.Contains("expected a mapping", e.Message);
        }

        [Fact]
        public void Empty_files_are_reported_not_thrown()
        {
            Assert.Contains("empty", SingleError(Yaml("")).Message);
            Assert.Contains("empty", SingleError(Json("  ")).Message);
            Assert.Contains("empty", SingleError(Csv("")).Message);
        }

        [Fact]
        public void Duplicate_keys_in_one_mapping_are_reported()
        {
            var e = SingleError(Yaml(ValidWith("    name: Russia\n", "    name: Russia\n    name: Moscow\n")));
            Assert.Equal(16, e.Line);
            Assert.Contains("duplicate key 'name'", e.Message);
        }
    }

    public sealed class MissingAndUnknownFields
    {
        [Fact]
        public void A_missing_required_field_names_the_field_and_what_is_expected()
        {
            var e = SingleError(Yaml(ValidWith("    capability: 100\n", "")));
            Assert.Equal("actors[us].capability", e.FieldPath);
            Assert.Equal(9, e.Line);
            Assert.Contains("missing required field 'capability'", e.Message);
            Assert.Contains("≥ 0", e.Message);
        }

        [Fact]
        public void A_missing_salience_is_reported_at_the_stance()
        {
            var e = SingleError(Yaml(ValidWith("{position: 20, salience: 0.7}", "{position: 20}")));
            Assert.Equal("actors[us].positions[nato].salience", e.FieldPath);
            Assert.Equal((13, 13), (e.Line, e.Column));
        }

        [Fact]
        public void A_misspelt_field_gets_a_suggestion()
        {
            var e = SingleError(Yaml(ValidWith("    name: United States\n", "    nmae: United States\n")));
            Assert.Equal("actors[us].nmae", e.FieldPath);
            Assert.Contains("did you mean 'name'", e.Message);
        }

        [Fact]
        public void A_number_written_as_text_is_rejected()
        {
            var e = SingleError(Yaml(ValidWith("capability: 100", "capability: \"100\"")));
            Assert.Contains("expected a number, found quoted text", e.Message);
        }
    }

    public sealed class Numbers
    {
        [Theory]
        [InlineData(".nan")]
        [InlineData(".NaN")]
        [InlineData("NaN")]
        public void NaN_is_rejected_in_yaml(string nan)
        {
            var e = SingleError(Yaml(ValidWith("capability: 100", "capability: " + nan)));
            Assert.Equal(("actors[us].capability", 11, 17), (e.FieldPath, e.Line, e.Column));
            Assert.Contains("NaN", e.Message);
        }

        [Theory]
        [InlineData(".inf")]
        [InlineData("-.inf")]
        [InlineData("1e999")]
        public void Infinite_numbers_are_rejected_in_yaml(string inf)
        {
            var e = SingleError(Yaml(ValidWith("salience: 0.7", "salience: " + inf)));
            Assert.Equal("actors[us].positions[nato].salience", e.FieldPath);
            Assert.Contains("infinite", e.Message);
        }

        [Fact]
        public void Infinite_numbers_are_rejected_in_json()
        {
            var e = SingleError(Json("""
                {"title": "x", "issues": [{"id": "a"}],
                 "actors": [{"id": "b", "capability": 1e999, "positions": {"a": {"position": 5, "salience": 0.5}}}]}
                """));
            Assert.Equal(("actors[b].capability", 2, 39), (e.FieldPath, e.Line, e.Column));
            Assert.Contains("infinite", e.Message);
        }

        [Fact]
        public void NaN_and_infinity_are_rejected_in_csv()
        {
            var result = Csv("Actor,Capability,Position,Salience\nA,NaN,2,0.5\nB,1,Infinity,0.5\n");
            var errors = result.Errors.ToList();
            Assert.Equal(2, errors.Count);
            Assert.Equal((2, 3), (errors[0].Line, errors[0].Column));
            Assert.Contains("NaN", errors[0].Message);
            Assert.Equal((3, 5), (errors[1].Line, errors[1].Column));
            Assert.Contains("infinite", errors[1].Message);
        }

        [Fact]
        public void Negative_capability_is_rejected()
        {
            var e = SingleError(Yaml(ValidWith("capability: 100", "capability: -3")));
            Assert.Equal(("actors[us].capability", 11), (e.FieldPath, e.Line));
            Assert.Contains("expected a number ≥ 0", e.Message);
        }

        [Fact]
        public void Negative_capability_is_rejected_in_csv()
        {
            var e = SingleError(Csv("Actor,Capability,Position,Salience\nA,-1,2,0.5\nB,1,3,0.5\n"));
            Assert.Equal((2, 3), (e.Line, e.Column));
            Assert.Contains("negative", e.Message);
        }

        [Fact]
        public void Salience_above_one_on_a_0_1_scale_is_rejected_when_the_scale_is_explicit()
        {
            var e = SingleError(Yaml("salience_scale: 1\n" + ValidWith("salience: 0.7", "salience: 1.2")));
            Assert.Equal("actors[us].positions[nato].salience", e.FieldPath);
            Assert.Contains("in [0, 1]", e.Message);
        }

        [Fact]
        public void Salience_on_0_100_is_divided_by_100_with_a_notice()
        {
            var result = Yaml(ValidWith("salience: 0.7", "salience: 70").Replace("salience: 0.9", "salience: 90"));
            Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
            Assert.Equal(0.7, result.Value!.FindActor("us")!.Stances["nato"].Salience, 12);
            Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Notice && d.Message.Contains("0–100"));
        }

        [Fact]
        public void Salience_outside_the_range_after_scaling_is_rejected()
        {
            var e = SingleError(Yaml(ValidWith("salience: 0.7", "salience: 150").Replace("salience: 0.9", "salience: 90")));
            Assert.Equal(("actors[us].positions[nato].salience", 13), (e.FieldPath, e.Line));
            Assert.Contains("150 is out of range", e.Message);
            Assert.Contains("[0, 100]", e.Message);
        }

        [Fact]
        public void Negative_salience_is_rejected()
        {
            var e = SingleError(Yaml(ValidWith("salience: 0.7", "salience: -0.1")));
            Assert.Contains("out of range", e.Message);
        }

        [Fact]
        public void Csv_salience_out_of_range_after_scaling_is_rejected()
        {
            var result = Csv("Actor,Capability,Position,Salience\nA,1,2,50\nB,1,3,250\n");
            var e = Assert.Single(result.Errors);
            Assert.Equal((3, 7), (e.Line, e.Column));
            Assert.Contains("[0, 100]", e.Message);
        }

        [Fact]
        public void A_position_outside_the_issue_scale_is_rejected()
        {
            var e = SingleError(Yaml(ValidWith("position: 20", "position: 120")));
            Assert.Equal(("actors[us].positions[nato].position", 13, 24), (e.FieldPath, e.Line, e.Column));
            Assert.Contains("[0, 100]", e.Message);
        }

        [Fact]
        public void A_status_quo_outside_the_scale_is_rejected()
        {
            var e = SingleError(Yaml(ValidWith("status_quo: 25", "status_quo: -5")));
            Assert.Equal("issues[nato].status_quo", e.FieldPath);
        }

        [Fact]
        public void A_scale_with_min_not_below_max_is_rejected()
        {
            var result = Yaml(ValidWith("{min: 0, max: 100,", "{min: 100, max: 0,"));
            Assert.Contains(result.Errors, e => e.FieldPath == "issues[nato].scale" && e.Message.Contains("must be below max"));
        }

        [Fact]
        public void Risk_resolve_and_costs_are_range_checked()
        {
            var result = Yaml(ValidWith("    capability: 100\n", "    capability: 100\n    risk: 3\n    resolve: 1.5\n    audience_cost: -1\n    war_cost: -0.5\n"));
            Assert.Equal(
                ["actors[us].risk", "actors[us].resolve", "actors[us].audience_cost", "actors[us].war_cost"],
                result.Errors.Select(e => e.FieldPath));
        }
    }

    public sealed class Identifiers
    {
        [Fact]
        public void Duplicate_actor_ids_are_rejected()
        {
            var e = SingleError(Yaml(ValidWith("  - id: ru\n", "  - id: us\n")));
            Assert.Equal(("actors[us].id", 14), (e.FieldPath, e.Line));
            Assert.Contains("duplicate actor id 'us'", e.Message);
        }

        [Fact]
        public void Duplicate_issue_ids_are_rejected()
        {
            var e = SingleError(Yaml(ValidWith("    status_quo: 25\n", "    status_quo: 25\n  - id: nato\n")));
            Assert.Contains("duplicate issue id 'nato'", e.Message);
            Assert.Equal(8, e.Line);
        }

        [Fact]
        public void Duplicate_source_ids_are_rejected()
        {
            var e = SingleError(Yaml(ValidWith("issues:\n", "  - {id: s1}\nissues:\n")));
            Assert.Equal(("sources[s1].id", 4), (e.FieldPath, e.Line));
        }

        [Fact]
        public void Duplicate_actor_names_in_csv_are_rejected()
        {
            var e = SingleError(Csv("Actor,Capability,Position,Salience\nA,1,2,0.5\nA,1,3,0.5\n"));
            Assert.Equal(3, e.Line);
            Assert.Contains("first on line 2", e.Message);
        }
    }

    public sealed class References
    {
        [Fact]
        public void Actors_sharing_a_display_name_get_a_warning()
        {
            var result = Yaml(ValidWith("    name: Russia\n", "    name: United States\n"));
            Assert.True(result.Ok);
            var w = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Warning);
            Assert.Contains("share the name 'United States'", w.Message);
        }

        [Fact]
        public void A_relation_to_an_unknown_actor_is_rejected()
        {
            var e = SingleError(Yaml(Valid + "\nrelations:\n  - {from: us, to: china, kind: alliance}\n"));
            Assert.Equal(("relations[0].to", 20, 20), (e.FieldPath, e.Line, e.Column));
            Assert.Contains("unknown actor 'china'", e.Message);
            Assert.Contains("known actors: us, ru", e.Message);
        }

        [Fact]
        public void A_reference_to_an_unknown_source_is_rejected()
        {
            var e = SingleError(Yaml(ValidWith("source: s1", "source: s9")));
            Assert.Equal(("actors[ru].positions[nato].position.source", 18), (e.FieldPath, e.Line));
            Assert.Contains("unknown source 's9'", e.Message);
        }

        [Fact]
        public void A_position_on_an_unknown_issue_is_rejected()
        {
            var e = SingleError(Yaml(ValidWith("    nato: {position: 20", "    natoo: {position: 20")));
            Assert.Equal("actors[us].positions[natoo]", e.FieldPath);
            Assert.Contains("unknown issue 'natoo'", e.Message);
        }

        [Fact]
        public void A_belief_about_an_unknown_actor_or_issue_is_rejected()
        {
            var result = Yaml(Valid + "\nbeliefs:\n  - {holder: us, about: cn, parameter: capability, value: 3}\n  - {holder: us, about: ru, parameter: position, issue: trade, value: 3}\n");
            Assert.Equal(["beliefs[0].about", "beliefs[1].issue"], result.Errors.Select(e => e.FieldPath));
        }

        [Fact]
        public void An_evidence_entry_must_point_at_known_ids_and_have_a_source_or_judgement()
        {
            var result = Yaml(Valid + "\nevidence:\n  - {path: \"actors[cn].capability\", source: s1}\n  - {path: \"actors[us].capability\", quote: hi}\n");
            Assert.Equal(["evidence[0].path", "evidence[1]"], result.Errors.Select(e => e.FieldPath));
        }

        [Fact]
        public void A_correlation_needs_uncertain_inputs()
        {
            var result = Yaml(Valid + "\ncorrelations:\n  - {a: ru.capability, b: us.capability, rho: 0.5}\n");
            var e = Assert.Single(result.Errors);
            Assert.Equal("correlations[0].b", e.FieldPath);
            Assert.Contains("no range or distribution", e.Message);
        }
    }

    public sealed class NoActors
    {
        [Fact]
        public void A_scenario_without_actors_is_rejected()
        {
            var e = SingleError(Yaml("title: x\nissues:\n  - id: a\nactors: []\n"));
            Assert.Equal(("actors", 4), (e.FieldPath, e.Line));
            Assert.Contains("no actors", e.Message);
        }

        [Fact]
        public void A_scenario_with_no_actors_key_is_rejected()
        {
            var e = SingleError(Yaml("title: x\nissues:\n  - id: a\n"));
            Assert.Contains("no actors", e.Message);
        }

        [Fact]
        public void A_csv_table_with_only_a_header_is_rejected()
        {
            var e = SingleError(Csv("Actor,Capability,Position,Salience\n"));
            Assert.Contains("no actors", e.Message);
        }
    }

    public sealed class Size
    {
        [Fact]
        public void Files_above_the_size_limit_are_refused_before_reading()
        {
            var path = Path.Combine(Path.GetTempPath(), $"brink-big-{Guid.NewGuid():N}.yaml");
            try
            {
                // A sparse file: the length is set without writing 20 MiB.
                using (var stream = File.Create(path)) stream.SetLength(ScenarioLoader.MaxFileBytes + 1);
                var e = SingleError(ScenarioLoader.Load(path));
                Assert.Contains("larger than the 20 MiB limit", e.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void The_limit_can_be_lowered()
        {
            var path = Path.Combine(Path.GetTempPath(), $"brink-small-{Guid.NewGuid():N}.yaml");
            try
            {
                File.WriteAllText(path, Valid);
                Assert.True(ScenarioLoader.Load(path).Ok);
                Assert.Contains("limit", SingleError(ScenarioLoader.Load(path, 100)).Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void Alias_bombs_are_refused()
        {
            var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
            for (var i = 1; i < 9; i++) bomb += $"{(char)('a' + i)}: &{(char)('a' + i)} [" + string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 10)) + "]\n";
            var e = SingleError(Yaml(bomb));
            Assert.Contains("aliases", e.Message);
        }
    }

    public sealed class Files
    {
        [Fact]
        public void A_missing_file_is_a_diagnostic()
        {
            var e = SingleError(ScenarioLoader.Load("/nonexistent/dir/s.yaml"));
            Assert.Contains("not found", e.Message);
        }

        [Fact]
        public void An_unknown_extension_lists_the_known_ones()
        {
            // The file must exist: a missing file is reported as missing, whatever its extension.
            var path = Path.Combine(Path.GetTempPath(), $"brink-{Guid.NewGuid():N}.txt");
            File.WriteAllText(path, "title: x\n");
            try
            {
                var e = SingleError(ScenarioLoader.Load(path));
                Assert.Contains(".yaml", e.Message);
            }
            finally { File.Delete(path); }
        }
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_line_order()
    {
        var text = Valid
            .Replace("capability: 100", "capability: -1")
            .Replace("position: 20", "position: 200")
            .Replace("source: s1", "source: nope")
            .Replace("name: Russia", "nam: Russia");
        var errors = Yaml(text).Errors.ToList();
        Assert.Equal(
            ["actors[us].capability", "actors[us].positions[nato].position", "actors[ru].nam", "actors[ru].positions[nato].position.source"],
            errors.Select(e => e.FieldPath));
        Assert.Equal(errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList(), errors);
        Assert.All(errors, e => Assert.Matches(@"^test\.yaml:\d+:\d+: error: ", e.ToString()));
    }
}
