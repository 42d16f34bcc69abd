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
}
