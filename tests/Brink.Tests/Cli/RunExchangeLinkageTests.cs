using System.Text.Json;

namespace Brink.Tests.Cli;

/// <summary><c>brink run --model exchange</c> on a scenario with a declared linkage: the table and the JSON say which linkage constrained the exchanges.</summary>
public sealed class RunExchangeLinkageTests
{
    private static readonly string Linked = TestPaths.InRepo("scenarios", "nato-2022-linked.yaml");

    [Fact]
    public void The_json_model_block_lists_the_linkages_and_how_often_they_bound()
    {
        var r = CliRunner.Run("run", Linked, "--model", "exchange", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        foreach (var issue in doc.RootElement.GetProperty("issues").EnumerateArray())
        {
            var model = issue.GetProperty("models")[0];
            var linkage = Assert.Single(model.GetProperty("linkages").EnumerateArray().ToList());
            Assert.Equal("russia", linkage.GetProperty("actor").GetString());
            Assert.Equal("arms_control", linkage.GetProperty("issue").GetString());
            Assert.Equal(["nato_membership", "force_posture"], linkage.GetProperty("requires").EnumerateArray().Select(x => x.GetString()));
            Assert.True(model.GetProperty("barred_by_linkage").GetInt32() >= 0);
        }
    }

    [Fact]
    public void The_table_names_the_linkage_under_the_issues_it_touches()
    {
        var r = CliRunner.Run("run", Linked, "--model", "exchange");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Linkage: russia moves on arms_control only in return for nato_membership or force_posture", r.Out);
    }

    [Fact]
    public void Without_linkages_the_json_has_no_linkage_fields()
    {
        var r = CliRunner.Run("run", TestPaths.InRepo("scenarios", "nato-2022.yaml"), "--model", "exchange", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("\"linkages\"", r.Out);
        Assert.DoesNotContain("barred_by_linkage", r.Out);
    }
    [Fact]
    public void Every_other_model_warns_in_json_that_it_ignores_the_linkages_touching_its_issue()
    {
        var r = CliRunner.Run("run", Linked, "--model", "all", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        // Russia links arms_control to nato_membership and force_posture: the linkage touches all three issues.
        foreach (var issue in doc.RootElement.GetProperty("issues").EnumerateArray())
            foreach (var model in issue.GetProperty("models").EnumerateArray())
            {
                var codes = model.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
                if (model.GetProperty("model").GetString() == "exchange") Assert.DoesNotContain("linkages-ignored", codes);
                else Assert.Contains("linkages-ignored", codes);
            }
    }

    [Fact]
    public void The_table_and_csv_show_the_ignored_linkage_and_a_scenario_without_linkages_has_none()
    {
        var table = CliRunner.Run("run", Linked, "--model", "compromise", "--issue", "arms_control");
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("linkages-ignored", table.Out);
        Assert.Contains("russia moves on arms_control only in return for nato_membership or force_posture", table.Out);
        var csv = CliRunner.Run("run", Linked, "--model", "eum", "--issue", "nato_membership", "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.Error);
        Assert.Contains("# warning: linkages-ignored:", csv.Out);
        var plain = CliRunner.Run("run", TestPaths.InRepo("scenarios", "nato-2022.yaml"), "--model", "compromise", "--format", "json");
        Assert.Equal(0, plain.ExitCode);
        Assert.DoesNotContain("linkages-ignored", plain.Out);
    }
}
