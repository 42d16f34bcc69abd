using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Store;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

/// <summary>Imports the full Metaculus series once for the tests in <see cref="MetaculusImportTests"/>.</summary>
public sealed class MetaculusLedger : IDisposable
{
    public static string Zip => TestPaths.Reference("forecasts", "metaculus_public.csv.zip");
    public TempDb Db { get; } = new();
    public ImportOutcome Outcome { get; }

    public MetaculusLedger()
    {
        using var store = LedgerStore.Open(Db.Path, new FakeClock(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));
        Outcome = store.Import(MetaculusImporter.Read(Zip), skipBad: false);
    }

    public void Dispose() => Db.Dispose();
}

public sealed class MetaculusImportTests(MetaculusLedger ledger) : IClassFixture<MetaculusLedger>
{
    private sealed record Row(string Question, double P, DateTime Time, string Outcome, string Status, DateTime Close);

    /// <summary>The independent computation: read the zip with plain code, take each resolved binary question's last community forecast.</summary>
    private static readonly Lazy<List<Row>> Rows = new(ReadRows);

    private static List<Row> ReadRows()
    {
        using var zip = ZipFile.OpenRead(MetaculusLedger.Zip);
        using var reader = new StreamReader(zip.Entries.Single().Open());
        static DateTime T(string s) => DateTime.Parse(s.Replace("+00:00", ""), CultureInfo.InvariantCulture);
        return PlainCsv.Read(reader).Select(r => new Row(r["question_id"], double.Parse(r["probability"], CultureInfo.InvariantCulture), T(r["timestamp"]), r["outcome"], r["q_status"], T(r["close_time"]))).ToList();
    }

    private static (int N, double Brier, double Log) Plain(bool onlyBeforeClose)
    {
        var scored = Rows.Value.Where(r => r.Status == "resolved" && r.Outcome is "0" or "1")
            .Where(r => !onlyBeforeClose || r.Time <= r.Close)
            .GroupBy(r => r.Question)
            .Select(g => g.Select((r, i) => (r, i)).OrderBy(x => x.r.Time).ThenBy(x => x.i).Last().r)
            .Select(r => (p: r.P, o: r.Outcome == "1" ? 1.0 : 0.0)).ToList();
        return (scored.Count, scored.Average(x => (x.p - x.o) * (x.p - x.o)), scored.Average(x => -Math.Log(x.o == 1 ? x.p : 1 - x.p)));
    }

    private JsonElement ScoreJson(params string[] extra)
    {
        var r = CliRunner.Run(["ledger", "score", "--db", ledger.Db.Path, "--source", "metaculus", "--format", "json", .. extra]);
        Assert.True(r.ExitCode == 0, r.Error);
        return JsonDocument.Parse(r.Out).RootElement.GetProperty("forecasters").EnumerateArray().Single();
    }

    [Fact]
    public void The_whole_series_is_imported_in_one_go()
    {
        Assert.True(ledger.Outcome.Committed);
        Assert.Equal(2637, ledger.Outcome.QuestionsAdded);
        // 217,691 rows less 15 that repeat a question's timestamp with the same probability: skipped and counted
        // (the dump has no repeat with a different value, which would refuse the import).
        Assert.Equal(217_676, ledger.Outcome.ForecastsAdded);
        Assert.Equal(15, ledger.Outcome.DuplicatesSkipped);
        Assert.DoesNotContain(ledger.Outcome.Problems, p => p.Severity == Brink.Scenarios.Severity.Error);
        Assert.Equal(1136 + 65, ledger.Outcome.ResolutionsAdded);
        using var store = LedgerStore.Open(ledger.Db.Path);
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void Score_json_matches_the_plain_computation_of_the_last_forecast_before_close()
    {
        var (n, brier, log) = Plain(onlyBeforeClose: true);
        var f = ScoreJson();
        Assert.Equal("metaculus:community", f.GetProperty("forecaster").GetString());
        Assert.Equal(n, f.GetProperty("questions").GetInt32());
        Assert.Equal(brier, f.GetProperty("brier").GetDouble(), 10);
        Assert.Equal(log, f.GetProperty("log").GetDouble(), 10);
    }

    [Fact]
    public void Counting_the_final_values_stamped_after_close_reproduces_the_published_figures()
    {
        // reference/forecasts/README.md: last community forecast on ~1,136 resolved binary questions, Brier ≈ 0.111, log ≈ 0.354.
        var (n, brier, log) = Plain(onlyBeforeClose: false);
        var f = ScoreJson("--include-after-close");
        Assert.Equal(1136, n);
        Assert.Equal(n, f.GetProperty("questions").GetInt32());
        Assert.Equal(brier, f.GetProperty("brier").GetDouble(), 10);
        Assert.Equal(log, f.GetProperty("log").GetDouble(), 10);
        Assert.Equal(0.111, brier, 3);
        Assert.Equal(0.354, log, 3);
    }

    [Fact]
    public void Time_averaged_score_is_worse_than_the_final_forecast()
    {
        // The README's ≈ 0.157 is an unweighted mean over the rows of each series; Brink weights by time instead.
        var averaged = ScoreJson("--time-averaged").GetProperty("brier").GetDouble();
        Assert.InRange(averaged, 0.12, 0.2);
        Assert.True(averaged > ScoreJson().GetProperty("brier").GetDouble());
    }

    [Fact]
    public void Re_importing_the_same_file_adds_nothing()
    {
        using var store = LedgerStore.Open(ledger.Db.Path);
        var again = store.Import(MetaculusImporter.Read(MetaculusLedger.Zip), skipBad: false);
        Assert.True(again.Committed);
        Assert.Equal((0, 0, 0), (again.QuestionsAdded, again.ForecastsAdded, again.ResolutionsAdded));
        Assert.Equal(217_676, store.Counts()["forecasts"]);
    }

    [Fact]
    public void Calibration_chart_is_written_as_png_and_svg()
    {
        var dir = Directory.CreateTempSubdirectory("brink-cal").FullName;
        try
        {
            foreach (var ext in new[] { "png", "svg" })
            {
                var path = Path.Combine(dir, $"cal.{ext}");
                var r = CliRunner.Run("ledger", "calibration", "--db", ledger.Db.Path, "--source", "metaculus", "--chart", path, "--format", "json");
                Assert.True(r.ExitCode == 0, r.Error);
                Assert.True(new FileInfo(path).Length > 1000);
                var bins = JsonDocument.Parse(r.Out).RootElement.GetProperty("bins").EnumerateArray().ToList();
                Assert.Equal(1136, bins.Sum(b => b.GetProperty("count").GetInt32()));
            }
            Assert.StartsWith("\u0089PNG", File.ReadAllText(Path.Combine(dir, "cal.png"), System.Text.Encoding.Latin1)[..4]);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "cal.svg")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
