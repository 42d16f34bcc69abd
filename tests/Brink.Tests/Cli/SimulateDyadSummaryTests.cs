namespace Brink.Tests.Cli;

/// <summary><c>brink simulate</c> summarises dyads in the table (top-k by conflict, then least status quo); <c>--dyads 0</c> and JSON give all.</summary>
public sealed class SimulateDyadSummaryTests
{
    private static readonly string Nato = TestPaths.InRepo("scenarios", "nato-2022.yaml");

    private static int DyadRows(string output) =>
        output.Split('\n').Count(l => l.StartsWith("│ ", StringComparison.Ordinal) && l.Count(c => c == '│') == 7 && !l.Contains("Actor (receiver)"));

    [Fact]
    public void The_table_shows_ten_dyads_and_says_how_many_more_there_are()
    {
        var r = CliRunner.Run("simulate", Nato, "-n", "40", "--issue", "nato_membership", "--model", "eum");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(10, DyadRows(r.Out));
        Assert.Contains("the 10 of 110 most likely to end in conflict", r.Out);
        Assert.Contains("the other 100 dyads", r.Out);
    }

    [Fact]
    public void Dyads_0_shows_every_dyad_and_json_keeps_them_all()
    {
        var all = CliRunner.Run("simulate", Nato, "-n", "40", "--issue", "nato_membership", "--model", "eum", "--dyads", "0");
        Assert.Equal(110, DyadRows(all.Out));
        var json = CliRunner.Run("simulate", Nato, "-n", "40", "--issue", "nato_membership", "--model", "eum", "-f", "json");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal(110, doc.RootElement.GetProperty("issues")[0].GetProperty("models")[0].GetProperty("dyads").GetArrayLength());
    }

    [Fact]
    public void A_negative_count_is_refused() =>
        Assert.Equal(2, CliRunner.Run("simulate", Nato, "--dyads", "-1").ExitCode);
}
