using System.Globalization;
using System.Text.Json;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

public sealed class GjpImportTests : IDisposable
{
    private static readonly string Ifps = TestPaths.Reference("forecasts", "gjp_ifps.csv");
    private static readonly string Forecasts = TestPaths.Reference("forecasts", "gjp_survey_fcasts_mini_yr1.csv");
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void A_bad_row_rejects_the_import_and_names_its_line_unless_skipped()
    {
        var rejected = CliRunner.Run("ledger", "import", "gjp", Ifps, Forecasts, "--db", _db.Path);
        Assert.Equal(2, rejected.ExitCode);
        // The file is cut after line 10,000, leaving that forecast's second option row out.
        Assert.Contains("gjp_survey_fcasts_mini_yr1.csv:10000:", rejected.Error);
        Assert.Contains("nothing was imported", rejected.Error);
        Assert.Contains("0 question(s)", CliRunner.Run("ledger", "list", "--db", _db.Path).Out);

        var skipped = CliRunner.Run("ledger", "import", "gjp", Ifps, Forecasts, "--db", _db.Path, "--skip-bad", "--format", "json");
        Assert.True(skipped.ExitCode == 0, skipped.Error);
        var json = JsonDocument.Parse(skipped.Out).RootElement;
        Assert.Equal(617, json.GetProperty("questions_added").GetInt32());
        Assert.Equal(4408, json.GetProperty("forecasts_added").GetInt32());
        Assert.Equal(1, json.GetProperty("skipped_rows").GetInt32());
    }

    [Fact]
    public void Brier_sums_match_a_plain_computation_from_the_files()
    {
        Assert.Equal(0, CliRunner.Run("ledger", "import", "gjp", Ifps, Forecasts, "--db", _db.Path, "--skip-bad").ExitCode);
        var score = CliRunner.Run("ledger", "score", "--db", _db.Path, "--source", "gjp", "--format", "json");
        Assert.True(score.ExitCode == 0, score.Error);
        var ledger = JsonDocument.Parse(score.Out).RootElement.GetProperty("forecasters").EnumerateArray()
            .ToDictionary(f => f.GetProperty("forecaster").GetString()!, f => (n: f.GetProperty("questions").GetInt32(), sum: f.GetProperty("brier_sum").GetDouble(), log: f.GetProperty("log").GetDouble()));

        // Plain: GJP's Brier score sums (p_k − o_k)² over options; each user's last complete forecast on each closed question,
        // made by the end of its closing day.
        using var ifpReader = new StreamReader(Ifps);
        var questions = PlainCsv.Read(ifpReader).Where(r => r["q_status"] == "closed")
            .ToDictionary(r => r["ifp_id"], r => (outcome: r["outcome"][0] - 'a', n: int.Parse(r["n_opts"], CultureInfo.InvariantCulture),
                close: DateTime.ParseExact(r["date_closed"], "M/d/yy", CultureInfo.InvariantCulture).AddDays(1)));
        using var fReader = new StreamReader(Forecasts);
        var plain = PlainCsv.Read(fReader)
            .GroupBy(r => r["forecast_id"])
            .Where(g => questions.TryGetValue(g.First()["ifp_id"], out var q) && g.Count() == q.n)
            .Select(g => (user: g.First()["user_id"], ifp: g.First()["ifp_id"], time: DateTime.Parse(g.First()["timestamp"], CultureInfo.InvariantCulture),
                p: g.OrderBy(r => r["answer_option"]).Select(r => double.Parse(r["value"], CultureInfo.InvariantCulture)).ToArray()))
            .Where(f => f.time <= questions[f.ifp].close)
            .GroupBy(f => (f.user, f.ifp))
            .Select(g => g.OrderBy(f => f.time).Last())
            .Select(f => (f.user, sum: f.p.Select((p, k) => Math.Pow(p - (k == questions[f.ifp].outcome ? 1 : 0), 2)).Sum(), log: -Math.Log(Math.Max(f.p[questions[f.ifp].outcome], 1e-12)) /* the ledger's documented floor */))
            .GroupBy(x => "gjp:user:" + x.user)
            .ToDictionary(g => g.Key, g => (n: g.Count(), sum: g.Average(x => x.sum), log: g.Average(x => x.log)));

        Assert.Equal(plain.Count, ledger.Count);
        foreach (var (who, expected) in plain)
        {
            Assert.Equal(expected.n, ledger[who].n);
            Assert.Equal(expected.sum, ledger[who].sum, 10);
            Assert.Equal(expected.log, ledger[who].log, 10);
        }
    }
}
