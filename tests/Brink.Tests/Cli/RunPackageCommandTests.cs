using System.Text.Json;

namespace Brink.Tests.Cli;

/// <summary><c>brink run</c> on a multi-dimensional issue without <c>--model smp</c>: the per-dimension models and Nash on the product space, in JSON, table and CSV.</summary>
public sealed class RunPackageCommandTests
{
    private static readonly string Package = TestPaths.InRepo("scenarios", "nato-2022-package.yaml");

    [Fact]
    public void Json_has_packages_with_dimensions_and_one_forecast_per_dimension()
    {
        var r = CliRunner.Run("run", Package, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        var package = Assert.Single(root.GetProperty("packages").EnumerateArray());
        Assert.Equal("security", package.GetProperty("issue").GetString());
        string[] dims = ["nato_membership", "force_posture"];
        Assert.Equal(dims, package.GetProperty("dimensions").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Equal([25.0, 50.0], package.GetProperty("dimensions").EnumerateArray().Select(d => d.GetProperty("status_quo").GetDouble()));

        // Each dimension's entry in issues[] names its package, and the per-dimension models there are the package's.
        var issues = root.GetProperty("issues").EnumerateArray().ToList();
        Assert.Equal(dims, issues.Select(i => i.GetProperty("dimension").GetString()));
        Assert.All(issues, i => Assert.Equal("security", i.GetProperty("package").GetString()));
        var models = package.GetProperty("models").EnumerateArray().ToList();
        var compromise = models.Single(m => m.GetProperty("model").GetString() == "compromise");
        Assert.Equal("per-dimension", compromise.GetProperty("space").GetString());
        for (var k = 0; k < 2; k++)
        {
            var perIssue = issues[k].GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString() == "compromise");
            Assert.Equal(perIssue.GetProperty("forecast").GetProperty("mean").GetDouble(), compromise.GetProperty("forecast")[k].GetProperty("mean").GetDouble());
            Assert.Equal(dims[k], compromise.GetProperty("forecast")[k].GetProperty("dimension").GetString());
        }

        // Nash per dimension falls back to the status quo on both (actors on both sides of it); on the
        // product space a trade across the dimensions beats the status quo for every actor.
        Assert.All(issues, i => Assert.Contains(i.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString() == "nash").GetProperty("warnings").EnumerateArray(),
            w => w.GetProperty("code").GetString() == "nash-no-feasible-agreement"));
        var nash = models.Single(m => m.GetProperty("model").GetString() == "nash");
        Assert.Equal("product", nash.GetProperty("space").GetString());
        Assert.True(nash.GetProperty("feasible").GetBoolean());
        Assert.Empty(nash.GetProperty("warnings").EnumerateArray());
        var x = nash.GetProperty("forecast").EnumerateArray().Select(f => f.GetProperty("mean").GetDouble()).ToArray();
        double[] sq = [25, 50];
        foreach (var actor in package.GetProperty("actors").EnumerateArray())
        {
            var p = actor.GetProperty("position").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var s = actor.GetProperty("salience").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double Loss(double[] at) => Enumerable.Range(0, 2).Sum(k => s[k] * (at[k] - p[k]) * (at[k] - p[k]));
            Assert.True(Loss(x) < Loss(sq), $"{actor.GetProperty("name").GetString()} does not gain at ({x[0]}, {x[1]})");
        }
    }

    [Theory]
    [InlineData("nato-2022-package.yaml", "security.nato_membership", true)]
    [InlineData("nato-2022.yaml", null, false)]
    public void One_dimension_chosen_or_a_one_dimensional_scenario_has_no_packages(string file, string? issue, bool dimensions)
    {
        string[] args = ["run", TestPaths.InRepo("scenarios", file), "-f", "json"];
        var r = CliRunner.Run(issue is null ? args : [.. args, "--issue", issue]);
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.False(doc.RootElement.TryGetProperty("packages", out _));
        Assert.All(doc.RootElement.GetProperty("issues").EnumerateArray(), i => Assert.Equal(dimensions, i.TryGetProperty("dimension", out _)));
    }

    [Fact]
    public void Table_and_csv_show_the_product_space_solution()
    {
        var table = CliRunner.Run("run", Package);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("Issue security as one negotiation over 2 dimensions", table.Out, StringComparison.Ordinal);
        Assert.Contains("product space", table.Out, StringComparison.Ordinal);
        var csv = CliRunner.Run("run", Package, "-f", "csv");
        Assert.True(csv.ExitCode == 0, csv.Error);
        Assert.Contains(csv.Out.Split('\n'), l => l.StartsWith("# security: nash (quadratic) on the product space: nato_membership ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_linear_Nash_variant_says_it_was_solved_per_dimension()
    {
        var r = CliRunner.Run("run", Package, "--model", "nash", "--variant", "linear", "-f", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var nash = doc.RootElement.GetProperty("packages")[0].GetProperty("models")[0];
        Assert.Equal("per-dimension", nash.GetProperty("space").GetString());
        Assert.Contains(nash.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "nash-per-dimension");
    }

    [Fact]
    public void Run_with_the_package_id_runs_every_dimension_and_the_package()
    {
        var r = CliRunner.Run("run", Package, "--issue", "security", "-f", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("issues").GetArrayLength());
        Assert.Equal("security", doc.RootElement.GetProperty("packages")[0].GetProperty("issue").GetString());
    }

    /// <summary>The one-dimensional commands name the dimensions when given the package's id, (smp runs on the package: SmpSimulationTests).</summary>
    [Theory]
    [InlineData("simulate", "--issue", "security", "choose one of security.nato_membership, security.force_posture")]
    [InlineData("sensitivity", "--issue", "security", "choose one of security.nato_membership, security.force_posture")]
    [InlineData("whatif", "--issue", "security", "choose one of security.nato_membership, security.force_posture")]
    public void Per_dimension_commands_explain_what_they_do_with_a_package(string command, string option, string value, string message)
    {
        string[] args = [command, Package, option, value];
        var r = CliRunner.Run(command == "whatif" ? [.. args, "--target", "50"] : args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulated_nash_on_a_dimension_says_it_bargained_over_that_dimension_alone()
    {
        var r = CliRunner.Run("simulate", Package, "--model", "nash", "eum", "--draws", "50", "-f", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        foreach (var issue in doc.RootElement.GetProperty("issues").EnumerateArray())
        {
            var models = issue.GetProperty("models").EnumerateArray().ToList();
            bool PerDimension(JsonElement m) => m.GetProperty("warnings").EnumerateArray().Any(w => w.GetProperty("code").GetString() == "nash-per-dimension");
            Assert.True(PerDimension(models.Single(m => m.GetProperty("model").GetString() == "nash")));
            Assert.False(PerDimension(models.Single(m => m.GetProperty("model").GetString() == "eum")));
        }
        // A one-dimensional scenario has no package, so no such warning.
        var plain = CliRunner.Run("simulate", TestPaths.InRepo("scenarios", "emission.yaml"), "--model", "nash", "--draws", "20", "-f", "json");
        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.DoesNotContain("nash-per-dimension", plain.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitivity_and_whatif_of_nash_on_a_dimension_say_so_too()
    {
        var issue = PackageDimension();
        var sensitivity = CliRunner.Run("sensitivity", Package, "--issue", issue, "--model", "nash", "--samples", "8", "--trajectories", "2", "-f", "json");
        Assert.True(sensitivity.ExitCode == 0, sensitivity.Error);
        Assert.Contains("nash-per-dimension", sensitivity.Out, StringComparison.Ordinal);
        var whatif = CliRunner.Run("whatif", Package, "--issue", issue, "--model", "nash", "--target", "30", "-f", "json");
        Assert.True(whatif.ExitCode == 0, whatif.Error);
        Assert.Contains("nash-per-dimension", whatif.Out, StringComparison.Ordinal);
        // The table says it as well, and another model on the same dimension does not.
        Assert.Contains("nash-per-dimension", CliRunner.Run("whatif", Package, "--issue", issue, "--model", "nash", "--target", "30").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("nash-per-dimension", CliRunner.Run("whatif", Package, "--issue", issue, "--model", "compromise", "--target", "30", "-f", "json").Out, StringComparison.Ordinal);
    }

    /// <summary>The first issue of the bundled package scenario (a dimension of its package).</summary>
    private static string PackageDimension()
    {
        var r = CliRunner.Run("simulate", Package, "--model", "compromise", "--draws", "5", "-f", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        return doc.RootElement.GetProperty("issues")[0].GetProperty("issue").GetString()!;
    }
}
