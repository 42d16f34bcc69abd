using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

public sealed class ExampleLedgerTests
{
    [Fact]
    public void The_bundled_example_reads_without_problems_and_matches_the_repository_file()
    {
        var batch = ExampleLedger.Read();
        Assert.Empty(batch.Problems);
        Assert.Equal(File.ReadAllText(TestPaths.InRepo("ledger", "example.yaml")), ExampleLedger.Open().ReadToEnd());
        Assert.Equal(batch.Questions.Count, LedgerDocument.Read(TestPaths.InRepo("ledger", "example.yaml")).Questions.Count);
    }

    [Fact]
    public void Every_statement_is_sourced_and_its_probability_is_labelled_as_the_ledgers_reading()
    {
        var batch = ExampleLedger.Read();
        Assert.All(batch.Forecasts, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Quote));
            Assert.Contains("reading", f.Rationale ?? "", StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains(batch.Forecasts, f => f.Forecaster == "Zbigniew Rau" && f.MadeAt == new DateTimeOffset(2022, 1, 13, 12, 0, 0, TimeSpan.Zero));
        Assert.Contains(batch.Forecasts, f => f.Forecaster == "JD Vance");
        Assert.Contains(batch.Forecasts, f => f.Forecaster == "Marco Rubio");
    }

    [Fact]
    public void History_resolves_the_invasion_question_and_leaves_the_unanswered_open()
    {
        var batch = ExampleLedger.Read();
        var invasion = batch.Resolutions.Single(r => r.QuestionId == "ru-ua-full-scale-offensive-2022");
        Assert.Equal((QuestionState.Resolved, 1.0), (invasion.State, invasion.Value!.Value));
        Assert.Equal(new DateTimeOffset(2022, 2, 24, 3, 0, 0, TimeSpan.Zero), invasion.ResolvedAt);
        Assert.False(string.IsNullOrWhiteSpace(invasion.Evidence));
        Assert.All(batch.Resolutions, r => Assert.False(string.IsNullOrWhiteSpace(r.EvidenceUrl)));
        Assert.DoesNotContain(batch.Resolutions, r => r.QuestionId == "us-walks-away-by-2025-12-31");
    }

    [Fact]
    public void Importing_the_example_through_the_CLI_gives_a_browsable_ledger()
    {
        using var db = new TempDb();
        Assert.Equal(0, CliRunner.Run("ledger", "import", "example", "--db", db.Path).ExitCode);
        var list = CliRunner.Run("ledger", "list", "--db", db.Path);
        Assert.Contains("ru-ua-full-scale-offensive-2022", list.Out);
        var show = CliRunner.Run("ledger", "show", "ru-ua-full-scale-offensive-2022", "--db", db.Path);
        Assert.Contains("Zbigniew Rau", show.Out);
        Assert.Contains("Resolution history", show.Out);
    }
}
