using System.Diagnostics;
using System.Text;
using Brink.Files;
using Brink.Models;
using Brink.Tests.Cli;

namespace Brink.Tests.Files;

/// <summary>Issue 10, points 2–5: inputs are bounded before they are read, every mistake is exit 2 with a location, results are finite.</summary>
public sealed class InputBoundsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brink-bounds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Fifo(string name)
    {
        var path = Path.Combine(_dir, name);
        using var p = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    private const string Valid = """
        title: t
        issues:
          - id: x
            scale: {min: 0, max: 100}
        actors:
          - {id: a, capability: 1, positions: {x: {position: 10, salience: 0.5}}}
          - {id: b, capability: 2, positions: {x: {position: 80, salience: 0.7}}}
        """;

    [Fact]
    public void A_fifo_a_device_a_directory_and_links_to_them_are_refused_at_once()
    {
        var fifo = Fifo("pipe.yaml");
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "folder.yaml")).FullName;
        var toZero = Path.Combine(_dir, "zero.yaml");
        File.CreateSymbolicLink(toZero, "/dev/zero");
        var toFifo = Path.Combine(_dir, "link-to-pipe.yaml");
        File.CreateSymbolicLink(toFifo, fifo);
        var toRandom = Path.Combine(_dir, "random.tsv");
        File.CreateSymbolicLink(toRandom, "/dev/urandom");
        // Each of these would block (a FIFO with no writer) or never end (/dev/zero) if it were opened.
        foreach (var (path, what) in new[] { (fifo, "FIFO"), (toFifo, "FIFO"), (toZero, "character device"), (toRandom, "character device"), ("/dev/zero", "character device"), (dir, "directory") })
        {
            var r = CliRunner.Run(["run", path]);
            Assert.True(r.ExitCode == 2, $"{path}: exit {r.ExitCode}: {r.Error}");
            Assert.Contains(path, r.Error);
            Assert.Contains(what, r.Error);
        }
        Assert.Equal(2, CliRunner.Run(["ledger", "import", "ledger", fifo, "--db", Path.Combine(_dir, "l.db")]).ExitCode);
        Assert.Equal(2, CliRunner.Run(["ledger", "import", "csv", toZero, "--db", Path.Combine(_dir, "l.db")]).ExitCode);
        Assert.Equal(2, CliRunner.Run(["backtest", toRandom]).ExitCode);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(toFifo));
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of(toZero));
    }

    [Fact]
    public void Every_format_respects_the_byte_limit_before_parsing()
    {
        foreach (var name in new[] { "big.yaml", "big.json", "big.csv", "big.tsv" })
        {
            var path = Path.Combine(_dir, name);
            using (var f = File.Create(path)) f.SetLength(InputLimits.MaxInputBytes + 1); // sparse: costs no disk
            var before = GC.GetAllocatedBytesForCurrentThread();
            var r = CliRunner.Run(["run", path, "--issue", "d00032i1"]);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("larger than the 20 MiB limit", r.Error);
            Assert.True(allocated < InputLimits.MaxInputBytes / 4, $"refusing the file allocated {allocated:N0} bytes: it was read");
        }
        var import = Path.Combine(_dir, "huge.yaml");
        using (var f = File.Create(import)) f.SetLength(InputLimits.MaxImportBytes + 1);
        var i = CliRunner.Run(["ledger", "import", "ledger", import, "--db", Path.Combine(_dir, "l.db")]);
        Assert.Equal(2, i.ExitCode);
        Assert.Contains("1 GiB limit", i.Error);
    }

    [Fact]
    public void Too_many_actors_for_the_eum_say_how_many_fit_while_linear_models_run()
    {
        var sb = new StringBuilder("title: many\nissues:\n  - id: x\n    scale: {min: 0, max: 100}\nactors:\n");
        for (var i = 0; i < ModelLimits.MaxEumActors + 1; i++)
            sb.Append($"  - {{id: a{i}, capability: {1 + i % 7}, positions: {{x: {{position: {i % 101}, salience: 0.5}}}}}}\n");
        var path = Write("many.yaml", sb.ToString());
        var eum = CliRunner.Run(["run", path, "--model", "eum"]);
        Assert.Equal(2, eum.ExitCode);
        Assert.Contains("20,001 actors", eum.Error);
        Assert.Contains("the EUM takes at most 20,000", eum.Error);
        Assert.Contains(path, eum.Error);
        Assert.Equal(2, CliRunner.Run(["simulate", path, "--model", "eum", "--draws", "2"]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["run", path, "--model", "compromise"]).ExitCode);
        var draws = CliRunner.Run(["simulate", path, "--model", "compromise", "--draws", "2000000"]);
        Assert.Equal(2, draws.ExitCode);
        Assert.Contains("at most 1,000,000", draws.Error);
    }

    [Fact]
    public void Below_its_cap_the_eum_is_limited_by_memory_alone()
    {
        // 1,500 actors: over the fixed cap of 1,000 that the EUM once had; the memory estimate is the limit now.
        var sb = new StringBuilder("actor,capability,position,salience\n");
        for (var i = 0; i < 1500; i++) sb.Append($"a{i},{1 + i % 7},{i % 101},0.5\n");
        var path = Write("many.csv", sb.ToString());
        var run = CliRunner.Run(["run", path, "--model", "eum", "--rounds", "1", "--format", "csv"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var limit = 16L << 20;
        var refused = CliRunner.Run(["run", path, "--model", "eum", "--rounds", "1", "--max-memory", "16MB"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(path, refused.Error);
        Assert.Contains($"at most {ModelMemory.MaxActors("eum", limit):N0} actors fit", refused.Error);
        Assert.Contains("change it with --max-memory", refused.Error);
    }

    [Fact]
    public void Numbers_near_the_double_limit_are_refused_where_they_are_written()
    {
        var path = Write("huge.yaml", Valid.Replace("capability: 2", "capability: 1e308", StringComparison.Ordinal).Replace("max: 100", "max: 1.7e308", StringComparison.Ordinal));
        var r = CliRunner.Run(["run", path, "--format", "json"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:4:", r.Error);
        Assert.Contains($"{path}:7:", r.Error);
        Assert.DoesNotContain("NaN", r.Out);
        var csv = Write("huge.csv", "Actor,Capability,Position,Salience\nA,1e308,0,40\nB,1,100,60\n");
        r = CliRunner.Run(["run", csv]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{csv}:2:", r.Error);
    }

    [Fact]
    public void The_result_guard_names_the_model_and_field_of_a_non_finite_number()
    {
        var result = new EumResult("paper", [], new Forecast(double.NaN, 1), [1, 2]);
        var e = Assert.Throws<NonFiniteResultException>(() => ResultGuard.EnsureFinite(result));
        Assert.Contains("eum/paper", e.Message);
        Assert.Equal("forecast.mean", e.Field);
        var positions = new EumResult("paper", [], new Forecast(1, 1), [1, double.PositiveInfinity]);
        Assert.Equal("final_positions[1]", Assert.Throws<NonFiniteResultException>(() => ResultGuard.EnsureFinite(positions)).Field);
        Assert.Same(positions with { FinalPositions = [1, 2] } is var ok ? ok : null, ResultGuard.EnsureFinite(ok));
    }

    [Fact]
    public void Non_finite_and_overflowing_numbers_in_options_exit_2_naming_the_option()
    {
        var path = Write("ok.yaml", Valid);
        foreach (var value in new[] { "NaN", "Infinity", "-Infinity", "1e400" })
        {
            var r = CliRunner.Run(["simulate", path, "--noise", value]);
            Assert.True(r.ExitCode == 2, $"--noise {value}: exit {r.ExitCode}: {r.Error}");
            Assert.Contains("--noise", r.Error);
        }
        var big = CliRunner.Run(["simulate", path, "--draws", "99999999999"]);
        Assert.Equal(2, big.ExitCode);
        var twice = CliRunner.Run(["simulate", path, "--draws", "10", "--draws", "20"]);
        Assert.Equal(2, twice.ExitCode);
    }

    [Fact]
    public void Output_paths_that_cannot_be_written_exit_2_before_any_work()
    {
        var db = Path.Combine(_dir, "l.db");
        var missing = Path.Combine(_dir, "no", "such", "chart.png");
        foreach (var args in new[]
        {
            new[] { "ledger", "calibration", "--chart", missing, "--db", db },
            ["ledger", "calibration", "--chart", _dir, "--db", db],
            ["ledger", "calibration", "--chart", "/dev/null", "--db", db],
            ["ledger", "export", "-o", Path.Combine(_dir, "no", "x.json"), "--db", db],
            ["sensitivity", Write("s.yaml", Valid), "--out", Path.Combine(_dir, "no", "such", "dir")],
            ["backtest", TestPaths.Reference("deu", "deu3_dev.tsv"), "--out", Path.Combine(_dir, "no", "deeper", "dir")],
        })
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: exit {r.ExitCode}: {r.Error}");
            Assert.Contains(args.Contains("-o") ? "-o" : args.First(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--db"), r.Error);
        }
        Assert.False(Directory.Exists(Path.Combine(_dir, "no")));
    }

    [Fact]
    public void An_unbalanced_quote_is_reported_once_and_rejecting_the_file_stays_linear()
    {
        // Fuzz reproducer (seed 3, input 6100): a truncated DEU header repeated 1,528 times made every later field
        // "bad quoting", each reported with its growing raw record: 383 MB allocated for a 130 KB file.
        var line = "\"prnrnmc\"\t\"isnrnmc\"\t\"prnr\"\t\"prname\"\t\"isnr\"\t\"type\"\t\"council\"\t\"proc\"\t\"counvte\"\t\"proccd";
        var path = Write("quote.tsv", string.Concat(Enumerable.Repeat(line + "\n", 1528)));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var r = CliRunner.Run(["run", path]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Error.Split('\n'), l => l.Contains("bad quoting", StringComparison.Ordinal));
        Assert.True(allocated < 256L * 1024 * 1024 + 128L * new FileInfo(path).Length, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Csv_headers_with_empty_or_repeated_names_are_located()
    {
        var dup = Write("dup.csv", "Actor,Capability,Position,Salience,note,Note\nA,1,0,40,x,y\nB,1,100,60,x,y\n");
        var r = CliRunner.Run(["validate", dup]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{dup}:1:", r.Error);
        Assert.Contains("repeats the name of column 5", r.Error);
        var empty = Write("empty.csv", "Actor,Capability,,Position,Salience\nA,1,,0,40\nB,1,,100,60\n");
        r = CliRunner.Run(["validate", empty]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{empty}:1:", r.Error);
        Assert.Contains("column 3 has no name", r.Error);
    }

    [Fact]
    public void Invalid_utf8_and_utf16_are_located_errors()
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("{\n  \"title\": \"a"), 0xFF, .. Encoding.UTF8.GetBytes("\"\n}\n")]);
        var r = CliRunner.Run(["validate", path]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:2:", r.Error);
        Assert.Contains("not valid UTF-8", r.Error);
        var surrogate = Write("surrogate.json", "{\n  \"title\": \"a\\ud800b\"\n}\n");
        r = CliRunner.Run(["validate", surrogate]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{surrogate}:2:", r.Error);
        Assert.Contains("UTF-16", r.Error);
    }

    [Fact]
    public void Evidence_links_to_nothing_and_absurdly_long_keys_are_located_errors()
    {
        var path = Write("ev.yaml", Valid + "\nsources:\n  - {id: s1, title: S}\nevidence:\n  - {path: \"actors[7].capability\", source: s1}\n  - {path: \"nowhere\", source: s1}\n");
        var r = CliRunner.Run(["validate", path]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("out of range", r.Error);
        Assert.Contains("does not point at a field", r.Error);
        var key = new string('k', 200_000);
        // YAML caps simple keys at 1,024 characters in its scanner; JSON keys have no limit.
        var longKey = Write("long.json", $"{{\"title\": \"t\", \"{key}\": 1, \"issues\": [], \"actors\": []}}");
        var before = GC.GetAllocatedBytesForCurrentThread();
        r = CliRunner.Run(["validate", longKey]);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100L * 1024 * 1024, "the suggestion for a long key did quadratic work");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("(200,000 characters)", r.Error);
        Assert.True(r.Error.Length < 2000, "the message repeats the whole key");
    }
}
