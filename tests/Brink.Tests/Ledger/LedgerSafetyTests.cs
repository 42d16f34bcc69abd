using System.Diagnostics;
using Brink.Store;
using Brink.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Brink.Tests.Ledger;

/// <summary>Issue 10, point 1 and 7: no import loses or overwrites data silently; a busy, read-only, damaged or foreign ledger gets a clear exit 2.</summary>
public sealed class LedgerSafetyTests : IDisposable
{
    private readonly TempDb _db = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("brink-safety-").FullName;

    public void Dispose()
    {
        _db.Dispose();
        foreach (var f in Directory.EnumerateFiles(_dir)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(_dir, recursive: true);
    }

    private CliRunner.Result Run(params string[] args) => CliRunner.Run(["ledger", .. args, "--db", _db.Path]);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private void AddQuestion()
    {
        var r = Run("question", "add", "q1", "--title", "Will it rain?", "--criteria", "Yes if it rains.", "--open", "2025-01-01", "--close", "2025-06-30");
        Assert.True(r.ExitCode == 0, r.Error);
    }

    private const string Header = "question_id,forecaster,made_at,probabilities\n";

    [Fact]
    public void A_csv_row_that_conflicts_with_the_ledger_is_reported_with_its_line_and_nothing_is_imported()
    {
        AddQuestion();
        Assert.Equal(0, Run("import", "csv", Write("a.csv", Header + "q1,ann,2025-02-01,0.3\n")).ExitCode);
        var file = Write("b.csv", Header + "q1,bob,2025-02-01,0.5\nq1,ann,2025-02-01,0.4\n");
        var r = Run("import", "csv", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{file}:3:", r.Error);
        Assert.Contains("0.3", r.Error);
        Assert.Contains("nothing was imported", r.Error);
        Assert.DoesNotContain("bob", Run("show", "q1").Out); // all or nothing: bob's good row is not in either
        Assert.Contains("0.3", Run("show", "q1", "--format", "json").Out);
    }

    [Fact]
    public void Conflicting_rows_inside_one_file_are_both_located_and_identical_duplicates_are_counted()
    {
        AddQuestion();
        var conflict = Write("c.csv", Header + "q1,ann,2025-02-01,0.3\nq1,ann,2025-02-01,0.6\n");
        var r = Run("import", "csv", conflict);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{conflict}:3:", r.Error);
        Assert.Contains("line 2", r.Error);

        var dup = Write("d.csv", Header + "q1,ann,2025-02-01,0.3\nq1,ann,2025-02-01,0.3\n");
        r = Run("import", "csv", dup);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("1 identical duplicate", r.Out);
        // Importing the same file again adds nothing and reports the forecast as already present.
        r = Run("import", "csv", dup);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("0 forecasts (1 already present)", r.Out);
    }

    [Fact]
    public void Skip_bad_keeps_the_ledgers_forecast_and_imports_the_rest()
    {
        AddQuestion();
        Assert.Equal(0, Run("import", "csv", Write("a.csv", Header + "q1,ann,2025-02-01,0.3\n")).ExitCode);
        var r = Run("import", "csv", Write("b.csv", Header + "q1,ann,2025-02-01,0.9\nq1,bob,2025-02-01,0.5\n"), "--skip-bad");
        Assert.True(r.ExitCode == 0, r.Error);
        var show = Run("show", "q1", "--format", "json").Out;
        Assert.Contains("bob", show);
        // The ledger's 0.3 stays (compared as numbers: "0.9" can also occur inside a recording time).
        var probabilities = System.Text.Json.JsonDocument.Parse(show).RootElement.GetProperty("forecasts").EnumerateArray()
            .Select(f => f.GetProperty("probabilities")[0].GetDouble()).ToList();
        Assert.DoesNotContain(0.9, probabilities);
        Assert.Contains(0.3, probabilities);
    }

    [Fact]
    public void A_forecast_csv_with_a_repeated_or_empty_column_name_is_refused_at_line_1()
    {
        AddQuestion();
        var dup = Write("dup.csv", "question_id,forecaster,made_at,probabilities,Probabilities\nq1,ann,2025-02-01,0.3,0.4\n");
        var r = Run("import", "csv", dup);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{dup}:1: column 5", r.Error);
        var empty = Write("empty.csv", "question_id,forecaster,,made_at,probabilities\nq1,ann,x,2025-02-01,0.3\n");
        r = Run("import", "csv", empty);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{empty}:1: column 3 has no name", r.Error);
    }

    [Fact]
    public void A_ledger_file_of_a_newer_version_is_refused()
    {
        var file = Write("new.yaml", "ledger: 99\nquestions: []\n");
        var r = Run("import", "ledger", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("version 99 is newer than this Brink understands", r.Error);
        Assert.Contains($"{file}:1", r.Error);
    }

    [Fact]
    public void A_read_only_ledger_can_be_listed_shown_and_scored_but_not_written()
    {
        AddQuestion();
        Assert.Equal(0, Run("forecast", "add", "q1", "--forecaster", "ann", "--p", "0.3", "--at", "2025-02-01").ExitCode);
        var copy = Path.Combine(_dir, "ro.db");
        using (var source = new SqliteConnection($"Data Source={_db.Path};Pooling=False"))
        {
            source.Open();
            using var cmd = source.CreateCommand();
            cmd.CommandText = $"VACUUM INTO '{copy}'";
            cmd.ExecuteNonQuery();
        }
        File.SetAttributes(copy, FileAttributes.ReadOnly);
        var before = File.ReadAllBytes(copy);
        foreach (var args in new[] { new[] { "list" }, ["show", "q1"], ["score"] })
        {
            var r = CliRunner.Run(["ledger", .. args, "--db", copy]);
            Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r.Error}");
        }
        // Reading opened the file read-only: not a byte changed, no journal created (this holds even for root, who may write anyway).
        Assert.Equal(before, File.ReadAllBytes(copy));
        Assert.False(File.Exists(copy + "-wal"));
        if (Environment.UserName != "root")
        {
            var write = CliRunner.Run(["ledger", "forecast", "add", "q1", "--forecaster", "bob", "--p", "0.5", "--at", "2025-02-02", "--db", copy]);
            Assert.Equal(2, write.ExitCode);
            Assert.Contains("read-only", write.Error);
        }
    }

    [Fact]
    public void Damaged_foreign_and_unusable_db_paths_exit_2_with_the_path()
    {
        var junk = Write("junk.db", new string('x', 5000));
        var r = CliRunner.Run(["ledger", "list", "--db", junk]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(junk, r.Error);

        var foreign = Path.Combine(_dir, "foreign.db");
        using (var c = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE invoices(id INTEGER PRIMARY KEY, amount REAL)";
            cmd.ExecuteNonQuery();
        }
        r = CliRunner.Run(["ledger", "list", "--db", foreign]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a Brink ledger", r.Error);

        r = CliRunner.Run(["ledger", "list", "--db", ""]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--db", r.Error);

        r = CliRunner.Run(["ledger", "list", "--db", Path.Combine(_dir, "no", "such", "dir", "l.db")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("does not exist", r.Error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "no")));

        r = CliRunner.Run(["ledger", "list", "--db", _dir]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is a directory", r.Error);
    }

    [Fact]
    public void Search_treats_like_wildcards_as_text()
    {
        AddQuestion();
        Assert.DoesNotContain("q1", Run("list", "--search", "%").Out);
        Assert.DoesNotContain("q1", Run("list", "--search", "_").Out);
        Assert.Contains("q1", Run("list", "--search", "rain").Out);
    }

    [Fact]
    public async Task A_write_lock_held_past_the_busy_timeout_gives_ledger_busy_exit_2()
    {
        AddQuestion();
        // Another connection holds the write lock (BEGIN IMMEDIATE) for longer than the CLI's busy timeout.
        using var holder = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE"; begin.ExecuteNonQuery(); }
        var cli = Path.Combine(AppContext.BaseDirectory, "Brink.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "ledger", "forecast", "add", "q1", "--forecaster", "ann", "--p", "0.3", "--at", "2025-02-01", "--db", _db.Path }) psi.ArgumentList.Add(a);
        psi.Environment["BRINK_BUSY_TIMEOUT_MS"] = "300";
        using var child = Process.Start(psi)!;
        var error = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, child.ExitCode);
        Assert.Contains("ledger busy, try again", await error);
        using (var rollback = holder.CreateCommand()) { rollback.CommandText = "ROLLBACK"; rollback.ExecuteNonQuery(); }
        using var store = LedgerStore.Open(_db.Path);
        Assert.Empty(store.GetForecasts("q1"));
    }
}
