using System.Text.Json;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

/// <summary>
/// Two rows for the same question, forecaster and time: an identical repeat is skipped with a count; a different
/// value is a conflict reported with file:line, and the default all-or-nothing import then imports nothing (exit 2).
/// </summary>
public sealed class ImportConflictTests : IDisposable
{
    private readonly TempDb _db = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("brink-conflict").FullName;

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, true);
    }

    private const string MetaculusHeader = "question_id,user_id,team_id,probability,answer_option,timestamp,outcome,open_time,close_time,resolve_time,time_open,n_opts,options,q_status,q_type";

    private static string MetaculusRow(double p, string time) =>
        $"101,,,{p.ToString(System.Globalization.CultureInfo.InvariantCulture)},,{time},1,2020-01-01 00:00:00+00:00,2020-06-01 00:00:00+00:00,2020-07-01 00:00:00+00:00,,2,,resolved,0";

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private CliRunner.Result Import(params string[] args) => CliRunner.Run(["ledger", "import", .. args, "--db", _db.Path]);

    private long ForecastCount()
    {
        if (!File.Exists(_db.Path)) return 0;
        using var store = Brink.Store.LedgerStore.Open(_db.Path);
        return store.Counts()["forecasts"];
    }

    [Fact]
    public void A_conflicting_metaculus_row_is_named_with_its_line_and_nothing_is_imported()
    {
        var file = Write("m.csv", MetaculusHeader, MetaculusRow(0.2, "2020-02-01 00:00:00+00:00"), MetaculusRow(0.3, "2020-03-01 00:00:00+00:00"),
            MetaculusRow(0.35, "2020-03-01 00:00:00+00:00"));
        var r = Import("metaculus", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{file}:4:", r.Error, StringComparison.Ordinal);
        Assert.Contains("given twice with different values (probabilities [0.3] at line 3, probabilities [0.35] here)", r.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, ForecastCount());

        // Asked for, the other rows go in and the conflicting one is skipped (the first value kept), and the output says so.
        var partial = Import("metaculus", file, "--skip-bad");
        Assert.True(partial.ExitCode == 0, partial.Error);
        Assert.Contains("1 bad row(s) skipped", partial.Out, StringComparison.Ordinal);
        Assert.Equal(2, ForecastCount());
    }

    [Fact]
    public void An_identical_repeat_is_skipped_with_a_count()
    {
        var file = Write("m.csv", MetaculusHeader, MetaculusRow(0.2, "2020-02-01 00:00:00+00:00"), MetaculusRow(0.2, "2020-02-01 00:00:00+00:00"));
        var r = Import("metaculus", file);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("1 identical duplicate forecast(s) in the file skipped", r.Out, StringComparison.Ordinal);
        Assert.Equal(1, ForecastCount());
    }

    [Fact]
    public void A_conflicting_gjp_forecast_is_named_with_its_line_and_nothing_is_imported()
    {
        var ifps = Write("ifps.csv", "ifp_id,q_type,q_text,q_desc,q_status,date_start,date_suspend,date_to_close,date_closed,outcome,short_title,days_open,n_opts,options",
            "1001-0,0,\"Will it happen?\",\"Criteria.\",closed,9/1/11,12/30/11 0:00,12/31/11,1/2/12,b,Short,123,2,\"(a) Yes, (b) No\"");
        const string header = "\"ifp_id\",\"ctt\",\"cond\",\"training\",\"team\",\"user_id\",\"forecast_id\",\"fcast_type\",\"answer_option\",\"value\",\"fcast_date\",\"expertise\",\"q_status\",\"viewtime\",\"year\",\"timestamp\"";
        static string Row(int id, string option, double v) =>
            $"\"1001-0\",\"1a\",1,\"a\",NA,\"600\",{id},0,\"{option}\",{v.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"2011-09-05\",1,\"closed\",NA,1,\"2011-09-05 10:00:00\"";
        var forecasts = Write("f.csv", header, Row(1, "a", 0.1), Row(1, "b", 0.9), Row(2, "a", 0.4), Row(2, "b", 0.6));
        var r = Import("gjp", ifps, forecasts);
        Assert.Equal(2, r.ExitCode);
        Assert.True(r.Error.Contains($"{forecasts}:4:", StringComparison.Ordinal), r.Error);
        Assert.Contains("given twice with different values", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, ForecastCount());
    }
}
