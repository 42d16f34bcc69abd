namespace Brink.Tests.Cli;

/// <summary><c>brink validate</c>: exit 0 for valid files, 2 with located messages (and never a stack trace) otherwise.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs) Directory.Delete(dir, recursive: true);
    }

    private string TempFile(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "brink-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        _dirs.Add(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Every bundled file, scenarios/ and ledger/ alike, passes brink validate (the ledger document checked as its import reads it).</summary>
    [Fact]
    public void Every_bundled_file_in_scenarios_and_ledger_is_valid()
    {
        var files = Directory.GetFiles(TestPaths.InRepo("scenarios")).Concat(Directory.GetFiles(TestPaths.InRepo("ledger"))).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains(files, f => f.EndsWith("example.yaml", StringComparison.Ordinal));
        var r = CliRunner.Run(["validate", .. files]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Matches(@"example\.yaml: valid: ledger document, \d+ forecasters, \d+ questions, \d+ forecasts, \d+ resolutions", r.Out);
        var json = System.Text.Json.JsonDocument.Parse(CliRunner.Run(["validate", "-f", "json", TestPaths.InRepo("ledger", "example.yaml")]).Out).RootElement;
        Assert.True(json.GetProperty("files")[0].GetProperty("ledger").GetProperty("questions").GetInt32() > 0);
    }

    [Fact]
    public void A_ledger_document_with_a_bad_field_is_a_located_error()
    {
        var path = TempFile("bad-ledger.yaml", "ledger: 1\nforecasters:\n  - name: a\n    kindd: person\nquestions: []\n");
        var r = CliRunner.Run("validate", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad-ledger.yaml:4:", r.Error);
        Assert.Contains("kindd", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void Bundled_scenarios_and_published_tables_are_valid()
    {
        var r = CliRunner.Run("validate", TestPaths.InRepo("scenarios", "nato-2022.yaml"), TestPaths.InRepo("scenarios", "ceasefire-2025.yaml"),
            TestPaths.Reference("eum", "inputs", "greece_eu_2015.csv"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("nato-2022.yaml: valid: 11 actors, 2 issues", r.Out);
        Assert.Contains("greece_eu_2015.csv: valid: 11 actors, 1 issue", r.Out);
        Assert.Contains("notice", r.Error);
    }

    [Fact]
    public void An_invalid_file_exits_2_with_every_problem_located()
    {
        var path = TempFile("bad.yaml", "title: t\nissues:\n  - id: a\nactors:\n  - id: x\n    capability: -1\n    positions: {a: {position: 1, salience: .nan}}\n");
        var r = CliRunner.Run("validate", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:6:17: error: actors[x].capability: -1 is out of range", r.Error);
        Assert.Contains($"{path}:7:44: error: actors[x].positions[a].salience: expected a finite number, found NaN", r.Error);
        Assert.Contains("invalid: 2 errors", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
        Assert.Equal("", r.Out);
    }

    [Theory]
    [InlineData("bad.json", "{\"title\": ")]
    [InlineData("bad.yaml", "title: [unclosed\n")]
    [InlineData("bad.csv", "Actor,Capability,Position,Salience\n\"A,1,2,3\n")]
    [InlineData("bad.txt", "anything")]
    public void Malformed_files_exit_2_without_a_stack_trace(string name, string text)
    {
        var r = CliRunner.Run("validate", TempFile(name, text));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error:", r.Error);
        Assert.DoesNotContain("Exception", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void A_missing_file_exits_2()
    {
        var r = CliRunner.Run("validate", "/no/such/file.yaml");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("file not found", r.Error);
    }

    [Fact]
    public void Json_output_lists_every_diagnostic_with_its_location()
    {
        var path = TempFile("bad.yaml", "title: t\nissues:\n  - id: a\nactors: []\n");
        var r = CliRunner.Run("validate", path, "--format", "json");
        Assert.Equal(2, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        var d = doc.RootElement.GetProperty("files")[0].GetProperty("diagnostics")[0];
        Assert.Equal(4, d.GetProperty("line").GetInt32());
        Assert.Equal("actors", d.GetProperty("field").GetString());
        Assert.Equal("error", d.GetProperty("severity").GetString());
    }

    [Fact]
    public void Every_bundled_scenario_passes_validate_with_no_unused_field_and_a_stated_capability_scale()
    {
        var files = Directory.GetFiles(TestPaths.InRepo("scenarios"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var r = CliRunner.Run(["validate", .. files]);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("unused", r.Error + r.Out);
        Assert.DoesNotContain("capability_scale", r.Error);
        Assert.Equal(files.Length, r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void An_attribute_no_model_reads_is_reported_as_unused_with_file_line_and_field()
    {
        var path = TempFile("s.yaml", "title: t\ncapability_scale: share of votes\nissues:\n  - id: a\nactors:\n  - id: x\n    capability: 1\n" +
            "    attributes: {de_facto_nato: \"true\", capability_next: \"2\", susceptibility: \"0.4\"}\n    positions: {a: {position: 1, salience: 0.5}}\n");
        var r = CliRunner.Run("validate", path);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"{path}:8:18: notice: actors[x].attributes.de_facto_nato: unused: no model reads the attribute 'de_facto_nato'", r.Error);
        Assert.DoesNotContain("capability_next: unused", r.Error);
        Assert.DoesNotContain("susceptibility: unused", r.Error); // read by the influence model (λ_i)
        Assert.Contains("1 unused field", r.Out);
    }

    [Fact]
    public void A_scenario_that_does_not_say_what_capability_means_gets_a_notice()
    {
        var path = TempFile("s.yaml", "title: t\nissues:\n  - id: a\nactors:\n  - id: x\n    capability: 1\n    positions: {a: {position: 1, salience: 0.5}}\n");
        var r = CliRunner.Run("validate", path);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("notice: capability_scale: the scenario does not say what its capability numbers mean", r.Error);
    }

    [Fact]
    public void A_deu_file_validates_whole_or_one_issue_as_run_reads_it()
    {
        var deu = TestPaths.Reference("deu", "deu3_dev.tsv");
        var whole = CliRunner.Run("validate", deu);
        Assert.Equal(0, whole.ExitCode);
        Assert.Contains("valid: DEU data file, ", whole.Out);
        var first = ScenarioLoaderIssue(deu);
        var one = CliRunner.Run("validate", deu, "--issue", first);
        Assert.Equal(0, one.ExitCode);
        Assert.Contains("valid: ", one.Out);
        Assert.Contains("1 issue", one.Out);
        var wrong = CliRunner.Run("validate", deu, "--issue", "no-such-issue");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("no issue 'no-such-issue'", wrong.Error);
        Assert.Equal(0, CliRunner.Run("run", deu, "--issue", first, "--format", "json").ExitCode);
    }

    [Fact]
    public void Issue_on_a_scenario_file_is_a_usage_error()
    {
        var r = CliRunner.Run("validate", TestPaths.InRepo("scenarios", "emission.yaml"), "--issue", "x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--issue applies to DEU data files", r.Error);
    }

    [Fact]
    public void Short_format_and_version_work()
    {
        var json = CliRunner.Run("validate", "-f", "json", TestPaths.InRepo("scenarios", "emission.yaml"));
        Assert.Equal(0, json.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        var version = CliRunner.Run("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(CliRunner.Run("version").Out, version.Out);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out);
    }

    private static string ScenarioLoaderIssue(string deu) => Brink.Backtest.DeuImporter.Load(deu).Value!.Issues[0].IssueId;
}
