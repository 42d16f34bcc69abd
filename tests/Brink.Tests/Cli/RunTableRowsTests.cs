using Brink.Cli.Commands;

namespace Brink.Tests.Cli;

/// <summary><c>brink run --max-rows</c>: a large scenario's table shows the first actors and moves and says how many it left out.</summary>
public sealed class RunTableRowsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"brink-rows-{Guid.NewGuid():N}.csv");

    public RunTableRowsTests() => File.WriteAllText(_path, WholeProcessBench.ActorTable(80));

    public void Dispose() => File.Delete(_path);

    private static int ActorRows(string output) =>
        output.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^│ a\d+ "));

    private static int MoveLines(string output) => output.Split('\n').Count(l => l.StartsWith("  round ", StringComparison.Ordinal));

    [Fact]
    public void The_default_table_shows_fifty_actors_and_counts_the_rest()
    {
        var r = CliRunner.Run("run", _path, "--model", "eum");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(50, ActorRows(r.Out));
        Assert.Contains("… 30 more actors not shown (the first 50 in input order; the forecast rows are of all 80)", r.Out, StringComparison.Ordinal);
        Assert.Contains("forecast (mean)", r.Out, StringComparison.Ordinal);
        var all = CliRunner.Run("run", _path, "--model", "eum", "--max-rows", "0");
        Assert.Equal(80, ActorRows(all.Out));
        Assert.DoesNotContain("more actors not shown", all.Out, StringComparison.Ordinal);
        var moves = MoveLines(all.Out);
        Assert.True(moves > 10, $"the synthetic issue should move more than 10 actors ({moves})");
        var few = CliRunner.Run("run", _path, "--model", "eum", "--max-rows", "10");
        Assert.Equal(10, ActorRows(few.Out));
        Assert.Equal(10, MoveLines(few.Out));
        Assert.Contains($"… {moves - 10} more moves not shown (the first 10 in round order)", few.Out, StringComparison.Ordinal);
        // The forecast itself does not depend on what the table shows.
        Assert.Equal(all.Out.Split('\n').First(l => l.Contains("forecast (mean)", StringComparison.Ordinal)),
            few.Out.Split('\n').First(l => l.Contains("forecast (mean)", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_negative_count_is_refused_with_the_option_named()
    {
        var r = CliRunner.Run("run", _path, "--max-rows", "-1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--max-rows: expected 0 (all) or more", r.Error, StringComparison.Ordinal);
    }
}
