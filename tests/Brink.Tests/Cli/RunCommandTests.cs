using System.Globalization;
using System.Text.Json;

namespace Brink.Tests.Cli;

/// <summary><c>brink run</c>: output formats, the JSON contract and exit codes.</summary>
public sealed class RunCommandTests
{
    private static readonly string Emission = TestPaths.InRepo("scenarios", "emission.yaml");
    private static readonly string Nato = TestPaths.InRepo("scenarios", "nato-2022.yaml");

    private static JsonDocument Json(params string[] args)
    {
        var r = CliRunner.Run(["run", .. args, "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Error);
        return JsonDocument.Parse(r.Out);
    }

    /// <summary>Columns of a published reference CSV, by header name.</summary>
    private static List<Dictionary<string, string>> ReferenceRows(string file)
    {
        var lines = File.ReadAllLines(TestPaths.Reference("eum", file));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    [Fact]
    public void Json_has_models_with_forecasts_and_the_eum_trace_in_the_contracted_shape()
    {
        using var doc = Json(Emission);
        var root = doc.RootElement;
        Assert.Equal("EC emission standards for medium-sized cars", root.GetProperty("scenario").GetProperty("title").GetString());
        var issues = root.GetProperty("issues");
        Assert.Equal(1, issues.GetArrayLength());
        var models = root.GetProperty("models");
        Assert.Equal(JsonSerializer.Serialize(issues[0].GetProperty("models")), JsonSerializer.Serialize(models));
        Assert.Equal(["compromise", "median", "nash", "eum"], models.EnumerateArray().Select(m => m.GetProperty("model").GetString()));
        foreach (var m in models.EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(m.GetProperty("variant").GetString()));
            var f = m.GetProperty("forecast");
            Assert.InRange(f.GetProperty("mean").GetDouble(), 4, 10);
            Assert.InRange(f.GetProperty("median").GetDouble(), 4, 10);
            Assert.Equal(m.GetProperty("model").GetString() == "eum", m.TryGetProperty("rounds", out _));
        }

        var eum = models[3];
        Assert.Equal("scholz-code", eum.GetProperty("variant").GetString());
        var rounds = eum.GetProperty("rounds");
        Assert.Equal(10, rounds.GetArrayLength());
        var round1 = rounds[0];
        Assert.Equal(1, round1.GetProperty("round").GetInt32());
        var actors = round1.GetProperty("actors");
        Assert.Equal(10, actors.GetArrayLength());
        foreach (var a in actors.EnumerateArray())
        {
            Assert.Equal(["name", "start", "end", "risk", "offer"], a.EnumerateObject().Select(p => p.Name));
            var offer = a.GetProperty("offer");
            if (offer.ValueKind == JsonValueKind.Null) continue;
            Assert.Equal(["type", "from", "eu_ij", "eu_ji"], offer.EnumerateObject().Select(p => p.Name));
            Assert.Contains(offer.GetProperty("type").GetString(), new[] { "conflict", "compromise", "capitulation" });
        }
    }

    [Fact]
    public void Json_trace_of_the_emission_case_matches_the_published_replication()
    {
        // Golden: emission_scholz_code_trace.csv and emission_round_summary.csv (the replication that
        // reproduces Scholz, Calbert & Smith 2011), through the CLI and the scenario file.
        using var doc = Json(Emission);
        var rounds = doc.RootElement.GetProperty("models")[3].GetProperty("rounds");
        foreach (var row in ReferenceRows("emission_scholz_code_trace.csv"))
        {
            var round = int.Parse(row["round"], CultureInfo.InvariantCulture);
            var actor = rounds[round - 1].GetProperty("actors").EnumerateArray().Single(a => a.GetProperty("name").GetString() == row["actor"]);
            Assert.Equal(double.Parse(row["x_start"], CultureInfo.InvariantCulture), actor.GetProperty("start").GetDouble(), 8);
            Assert.Equal(double.Parse(row["x_end"], CultureInfo.InvariantCulture), actor.GetProperty("end").GetDouble(), 8);
            Assert.Equal(double.Parse(row["r"], CultureInfo.InvariantCulture), actor.GetProperty("risk").GetDouble(), 8);
            var offer = actor.GetProperty("offer");
            if (row["accepted_offer"] == "")
            {
                Assert.Equal(JsonValueKind.Null, offer.ValueKind);
                continue;
            }
            Assert.Equal(row["accepted_offer"] == "confrontation" ? "conflict" : row["accepted_offer"], offer.GetProperty("type").GetString());
            Assert.Equal(row["offer_from"], offer.GetProperty("from").GetString());
            Assert.Equal(double.Parse(row["eu_i_challenges_j"], CultureInfo.InvariantCulture), offer.GetProperty("eu_ij").GetDouble(), 8);
            Assert.Equal(double.Parse(row["eu_j_challenges_i"], CultureInfo.InvariantCulture), offer.GetProperty("eu_ji").GetDouble(), 8);
        }
        foreach (var row in ReferenceRows("emission_round_summary.csv").Where(r => r["round"] != "0"))
        {
            var f = rounds[int.Parse(row["round"], CultureInfo.InvariantCulture) - 1].GetProperty("forecast");
            Assert.Equal(double.Parse(row["jmckib_weighted_mean"], CultureInfo.InvariantCulture), f.GetProperty("mean").GetDouble(), 8);
            Assert.Equal(double.Parse(row["jmckib_median"], CultureInfo.InvariantCulture), f.GetProperty("median").GetDouble(), 8);
        }
    }

    [Fact]
    public void A_multi_issue_scenario_gives_one_block_per_issue_and_no_top_level_models()
    {
        using var doc = Json(Nato, "--model", "eum", "--rounds", "3");
        var root = doc.RootElement;
        Assert.False(root.TryGetProperty("models", out _));
        var issues = root.GetProperty("issues");
        Assert.Equal(["nato_membership", "force_posture"], issues.EnumerateArray().Select(i => i.GetProperty("issue").GetString()));
        foreach (var issue in issues.EnumerateArray())
        {
            var model = Assert.Single(issue.GetProperty("models").EnumerateArray());
            Assert.Equal("eum", model.GetProperty("model").GetString());
            Assert.Equal(3, model.GetProperty("rounds").GetArrayLength());
            Assert.Equal(11, issue.GetProperty("actors").GetArrayLength());
        }
    }

    [Fact]
    public void Issue_model_and_variant_options_narrow_the_run()
    {
        using var doc = Json(Nato, "--issue", "force_posture", "--model", "eum", "--variant", "all", "--rounds", "2");
        var models = doc.RootElement.GetProperty("models");
        Assert.Equal(["scholz-code", "scholz-code-fixed", "paper"], models.EnumerateArray().Select(m => m.GetProperty("variant").GetString()));
        Assert.Equal("force_posture", doc.RootElement.GetProperty("issues")[0].GetProperty("issue").GetString());
    }

    [Fact]
    public void Csv_has_one_row_per_issue_and_model()
    {
        var r = CliRunner.Run("run", Nato, "--format", "csv");
        Assert.Equal(0, r.ExitCode);
        var all = r.Out.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        // The Nash fallback on both issues and the EUM's Germany–France swing on force posture are stated first, as comment lines.
        Assert.Equal(3, all.TakeWhile(l => l.StartsWith('#')).Count());
        var lines = all.SkipWhile(l => l.StartsWith('#')).ToList();
        Assert.Equal("issue,model,variant,mean,median", lines[0]);
        Assert.Equal(1 + 2 * 4, lines.Count);
        Assert.All(lines.Skip(1), l =>
        {
            var f = l.Split(',');
            Assert.Equal(5, f.Length);
            Assert.InRange(double.Parse(f[3], CultureInfo.InvariantCulture), 0, 100);
        });
    }

    [Fact]
    public void Csv_trace_has_one_row_per_round_and_actor()
    {
        var r = CliRunner.Run("run", Emission, "--format", "csv", "--trace", "--rounds", "2");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.TrimEnd().Split('\n');
        Assert.StartsWith("issue,variant,round,actor,start,end,risk,offer_type,offer_from,eu_ij,eu_ji", lines[0]);
        Assert.Equal(1 + 2 * 10, lines.Length);
        Assert.StartsWith("emission,scholz-code,1,Belgium,7,8.41593231", lines[2]);
        Assert.Contains(",compromise,France,", lines[2]);
    }

    [Fact]
    public void The_table_shows_models_side_by_side_and_explains_each_move()
    {
        var r = CliRunner.Run("run", Emission);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("EC emission standards for medium-sized cars", r.Out);
        foreach (var model in new[] { "compromise", "median", "nash", "eum" }) Assert.Contains(model, r.Out);
        Assert.Contains("7.24", r.Out);
        Assert.Contains("round 1: Belgium 7 → 8.42 toward France: compromise", r.Out);
        Assert.Contains("round 1: Luxembourg 4 → 7 toward Belgium: conflict", r.Out);
    }

    [Fact]
    public void Csv_tables_run_too()
    {
        var r = CliRunner.Run("run", TestPaths.Reference("eum", "inputs", "columbus.csv"), "--format", "csv", "--model", "compromise");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("issue,compromise,weighted-mean,", r.Out.Split('\n')[1]);
        Assert.Contains("divided by 100", r.Error);
    }

    [Theory]
    [InlineData("--model", "foo", "valid models: compromise, median, nash, eum")]
    [InlineData("--variant", "foo", "valid variants: compromise: weighted-mean")]
    [InlineData("--issue", "foo", "the scenario's issues are: nato_membership, force_posture")]
    [InlineData("--rounds", "-1", "--rounds must be between 0 and")]
    [InlineData("--format", "xml", "xml")]
    [InlineData("--rounds", "many", "many")]
    public void Bad_options_exit_2_and_name_the_valid_choices(string option, string value, string message)
    {
        var r = CliRunner.Run("run", Nato, option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void An_unknown_variant_of_a_model_lists_that_models_variants()
    {
        var r = CliRunner.Run("run", Nato, "--model", "eum", "--variant", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("valid variants: scholz-code, scholz-code-fixed, paper", r.Error);
    }

    [Fact]
    public void An_invalid_scenario_stops_the_run_with_exit_2_and_located_messages()
    {
        var path = Path.Combine(Path.GetTempPath(), $"brink-run-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "title: t\nissues:\n  - id: a\nactors:\n  - id: x\n    capability: 1\n    positions: {a: {position: 1, salience: 7}}\n  - id: y\n    capability: -1\n");
        try
        {
            var r = CliRunner.Run("run", path);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"{path}:9:17: error: actors[y].capability", r.Error);
            Assert.Equal("", r.Out);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>Snapshots of what people read: the run table and the validate messages.</summary>
public sealed class RunOutputSnapshotTests
{
    [Fact]
    public void The_emission_table_for_two_rounds()
    {
        var r = CliRunner.Run("run", TestPaths.InRepo("scenarios", "emission.yaml"), "--rounds", "2");
        Assert.Equal(0, r.ExitCode);
        Snapshot.Verify("run-emission-2-rounds", r.Out);
    }

    [Fact]
    public void The_validate_messages_for_a_broken_file()
    {
        const string text = """
            title: Broken
            issues:
              - id: nato
                scale: {min: 0, max: 100, labels: {0: open door, 150: off the scale}}
            actors:
              - id: us
                capability: -1
                positions:
                  nato: {position: 120, salience: .nan}
              - id: us
                capability: 1
                positions:
                  other: {position: 1, salience: 1}
              - id: ru
                capability: {value: 3, range: [4, 2]}
                salince: 3
            relations:
              - {from: us, to: xx, kind: alliance}
            """;
        var dir = Path.Combine(Path.GetTempPath(), "brink-snap-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(dir, "broken.yaml");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(path, text);
            var r = CliRunner.Run("validate", path);
            Assert.Equal(2, r.ExitCode);
            Snapshot.Verify("validate-broken", r.Error.Replace(path, "broken.yaml"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
