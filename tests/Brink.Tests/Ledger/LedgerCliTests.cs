using System.Text.Json;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

/// <summary>The walkthrough in docs/ledger.md, run in-process.</summary>
public sealed class LedgerCliTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private CliRunner.Result Run(params string[] args) => CliRunner.Run(["ledger", .. args, "--db", _db.Path]);

    private CliRunner.Result Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"brink ledger {string.Join(' ', args)} → {r.ExitCode}: {r.Error}");
        return r;
    }

    private static JsonElement Forecaster(CliRunner.Result score, string name) =>
        JsonDocument.Parse(score.Out).RootElement.GetProperty("forecasters").EnumerateArray().Single(f => f.GetProperty("forecaster").GetString() == name);

    [Fact]
    public void Record_resolve_and_score_a_forecast()
    {
        Ok("question", "add", "ceasefire-2025", "--title", "Will a general Russia-Ukraine ceasefire be in force on 31 December 2025?",
            "--criteria", "Yes if both governments have announced a general ceasefire that is in force on 31 Dec 2025 (Reuters).",
            "--open", "2025-04-18", "--close", "2025-06-30");
        Ok("forecast", "add", "ceasefire-2025", "--forecaster", "me", "--p", "0.3", "--at", "2025-05-01", "--rationale", "talks stalled");
        Ok("forecast", "add", "ceasefire-2025", "--forecaster", "model:baseline/status-quo", "--p", "0.1", "--at", "2025-05-02");
        Ok("resolve", "ceasefire-2025", "no", "--at", "2026-01-01", "--evidence", "No ceasefire announced.");

        var score = Ok("score", "--format", "json");
        Assert.Equal(0.09, Forecaster(score, "me").GetProperty("brier").GetDouble(), 12);
        Assert.Equal(-Math.Log(0.7), Forecaster(score, "me").GetProperty("log").GetDouble(), 12);
        Assert.Equal(1, Forecaster(score, "me").GetProperty("questions").GetInt32());
        Assert.Equal(0.01, Forecaster(score, "model:baseline/status-quo").GetProperty("brier").GetDouble(), 12);

        var board = JsonDocument.Parse(Ok("leaderboard", "--format", "json").Out).RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["model:baseline/status-quo", "me"], board.Select(e => e.GetProperty("forecaster").GetString()));

        var table = Ok("score").Out;
        Assert.Contains("0.0900", table);
        Assert.Contains("Forecaster", table);
    }

    [Fact]
    public void Re_resolving_needs_the_flag_and_keeps_the_old_resolution_in_the_history()
    {
        Ok("question", "add", "q", "--title", "Q?", "--criteria", "c", "--open", "2024-01-01", "--close", "2024-02-01");
        Ok("resolve", "q", "yes", "--evidence", "first report");
        var again = Run("resolve", "q", "no");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--reresolve", again.Error);
        Ok("resolve", "q", "no", "--reresolve", "--reason", "the first report was retracted");
        var show = JsonDocument.Parse(Ok("show", "q", "--format", "json").Out).RootElement;
        var history = show.GetProperty("resolutions").EnumerateArray().Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("outcome").GetString())).ToList();
        Assert.Equal([(1, "yes"), (2, "no")], history);
    }

    [Fact]
    public void Annulled_and_ambiguous_questions_are_listed_but_not_scored()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            Ok("question", "add", id, "--title", id, "--criteria", "c", "--open", "2024-01-01", "--close", "2024-02-01");
            Ok("forecast", "add", id, "--by", "me", "--p", "0.8", "--at", "2024-01-05");
        }
        Ok("annul", "a", "--reason", "the event it asked about was cancelled");
        Ok("resolve", "b", "--ambiguous", "--evidence", "sources disagree");
        Ok("resolve", "c", "yes");
        var annulled = JsonDocument.Parse(Ok("list", "--state", "annulled", "--format", "json").Out).RootElement;
        Assert.Equal(["a"], annulled.EnumerateArray().Select(q => q.GetProperty("id").GetString()));
        var me = Forecaster(Ok("score", "--format", "json"), "me");
        Assert.Equal(1, me.GetProperty("questions").GetInt32());
        Assert.Equal(0.04, me.GetProperty("brier").GetDouble(), 12);
    }

    [Fact]
    public void User_mistakes_exit_2_with_a_message_and_no_stack_trace()
    {
        Ok("question", "add", "q", "--title", "Q?", "--criteria", "c", "--close", "2030-01-01");
        foreach (var args in new[]
        {
            new[] { "forecast", "add", "q", "--forecaster", "me", "--p", "1.5" },
            ["forecast", "add", "missing", "--forecaster", "me", "--p", "0.5"],
            ["forecast", "add", "q", "--forecaster", "me", "--p", "0.5", "--at", "last tuesday"],
            ["question", "add", "q", "--title", "again", "--criteria", "c", "--close", "2030-01-01"],
            ["question", "add", "mc", "--title", "MC", "--kind", "multiple-choice", "--criteria", "c", "--close", "2030-01-01"],
            ["resolve", "q", "maybe"],
            ["import", "metaculus", "/nonexistent/metaculus.zip"],
        })
        {
            var r = Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.StartsWith("brink: ", r.Error);
            Assert.DoesNotContain("   at ", r.Error);
        }
    }

    [Fact]
    public void Multiple_choice_and_numeric_questions_are_scored_with_their_rules()
    {
        Ok("question", "add", "mc", "--title", "Who wins?", "--kind", "multiple-choice", "--option", "A", "--option", "B", "--option", "C",
            "--ordered", "--criteria", "c", "--open", "2024-01-01", "--close", "2024-02-01");
        Ok("question", "add", "n", "--title", "How many?", "--kind", "numeric", "--criteria", "c", "--open", "2024-01-01", "--close", "2024-02-01");
        Ok("forecast", "add", "mc", "--by", "me", "--probabilities", "0.2,0.5,0.3", "--at", "2024-01-10");
        Ok("forecast", "add", "n", "--by", "me", "--quantiles", "0.05:5,0.5:10,0.95:15", "--at", "2024-01-10");
        Ok("resolve", "mc", "B");
        Ok("resolve", "n", "20");
        var me = Forecaster(Ok("score", "--format", "json"), "me");
        Assert.Equal(0.065, me.GetProperty("ranked_probability").GetDouble(), 12);
        Assert.Equal(0.38, me.GetProperty("brier_sum").GetDouble(), 12);
        // Interval score of the 90% interval [5, 15] with y = 20: 10 + (2/0.1)·5.
        Assert.Equal(110, me.GetProperty("interval_score").GetDouble(), 9);
    }

    [Fact]
    public void Export_to_json_and_import_elsewhere_keeps_scores_and_history()
    {
        Ok("import", "example");
        Ok("resolve", "us-walks-away-by-2025-12-31", "no", "--evidence", "test");
        Ok("resolve", "us-walks-away-by-2025-12-31", "yes", "--reresolve", "--reason", "test of history");
        var file = Path.Combine(Path.GetTempPath(), $"brink-export-{Guid.NewGuid():N}.json");
        using var other = new TempDb();
        try
        {
            Ok("export", "--format", "json", "--output", file);
            var imported = CliRunner.Run("ledger", "import", "ledger", file, "--db", other.Path);
            Assert.True(imported.ExitCode == 0, imported.Error);
            Assert.Equal(Ok("score", "--format", "json").Out, CliRunner.Run("ledger", "score", "--format", "json", "--db", other.Path).Out);
            var show = CliRunner.Run("ledger", "show", "us-walks-away-by-2025-12-31", "--format", "json", "--db", other.Path).Out;
            Assert.Equal(2, JsonDocument.Parse(show).RootElement.GetProperty("resolutions").GetArrayLength());

            var csv = Ok("export", "--format", "csv").Out.Split('\n');
            Assert.StartsWith("question_id,question_title,kind,state,outcome,forecaster,made_at,probabilities", csv[0]);
            Assert.Equal(8, csv.Count(l => l.Length > 0) - 1);
        }
        finally { File.Delete(file); }
    }
}

public sealed class LedgerCsvImportTests : IDisposable
{
    private readonly TempDb _db = new();
    private readonly string _csv = Path.Combine(Path.GetTempPath(), $"brink-forecasts-{Guid.NewGuid():N}.csv");

    public void Dispose()
    {
        _db.Dispose();
        File.Delete(_csv);
    }

    [Fact]
    public void Forecasts_from_a_spreadsheet_are_checked_row_by_row()
    {
        Assert.Equal(0, CliRunner.Run("ledger", "import", "example", "--db", _db.Path).ExitCode);
        File.WriteAllText(_csv, """"
            question_id,forecaster,forecaster_kind,made_at,probabilities,quote
            ru-ua-full-scale-offensive-2022,Pundit A,outlet,2022-02-01,0.8,"war is coming, soon"
            ru-ua-full-scale-offensive-2022,Pundit B,person,2022-02-01,1.8,
            no-such-question,Pundit C,person,2022-02-01,0.5,
            ru-ua-full-scale-offensive-2022,Pundit D,person,yesterday,0.5,

            """".Replace("\n", Environment.NewLine));
        var rejected = CliRunner.Run("ledger", "import", "csv", _csv, "--db", _db.Path);
        Assert.Equal(2, rejected.ExitCode);
        Assert.Contains(":3:", rejected.Error);
        Assert.Contains(":4:", rejected.Error);
        Assert.Contains(":5:", rejected.Error);
        var ok = CliRunner.Run("ledger", "import", "csv", _csv, "--db", _db.Path, "--skip-bad");
        Assert.True(ok.ExitCode == 0, ok.Error);
        var score = JsonDocument.Parse(CliRunner.Run("ledger", "score", "--db", _db.Path, "--format", "json", "--forecaster", "Pundit A").Out);
        Assert.Equal(0.04, score.RootElement.GetProperty("forecasters")[0].GetProperty("brier").GetDouble(), 12);
    }
}
