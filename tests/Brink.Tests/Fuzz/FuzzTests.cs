using System.Text;
using Brink.Tests.Cli;
using Brink.Tests.Ledger;
using Xunit.Abstractions;

namespace Brink.Tests.Fuzz;

/// <summary>
/// Issue 10, point 6: thousands of malformed inputs derived from the bundled scenarios, CSV tables, a DEU file and
/// ledger files go through the CLI in-process. For each: exit 0 with finite numbers, or exit 2 with a diagnostic that
/// names the file, never exit 1 (an exception), and a bounded amount of work (bytes allocated, not wall time).
/// Fixed seed; BRINK_FUZZ_ITERATIONS and BRINK_FUZZ_SEED give a larger or different run.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultIterations = 1600;
    private const int DefaultSeed = 20261202;

    /// <summary>
    /// Most bytes one input may make Brink allocate: a fixed 256 MB plus 128 bytes per input byte. Honest work is linear
    /// in the input (a repeated line makes a file of many rows); an alias bomb, a quadratic suggestion or a runaway
    /// model is far above it.
    /// </summary>
    private static long WorkBound(long inputBytes) => 256L * 1024 * 1024 + 128 * inputBytes;

    private readonly string _dir = Directory.CreateTempSubdirectory("brink-fuzz-").FullName;
    private readonly TempDb _db = new();

    public void Dispose()
    {
        _db.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private enum Target { Scenario, Deu, Ledger, ForecastCsv }

    private sealed record Seed(string Name, string Extension, byte[] Bytes, Target Target, bool Json = false);

    private const string JsonScenario = """
        {
          "title": "Fuzz seed (JSON)",
          "sources": [{"id": "s1", "title": "A source", "date": "2024"}],
          "issues": [{"id": "x", "scale": {"min": 0, "max": 100, "labels": {"0": "none", "100": "all"}}, "status_quo": 20}],
          "actors": [
            {"id": "a", "name": "A", "capability": 0.4, "risk": 1.2, "positions": {"x": {"position": 10, "salience": 0.8}}},
            {"id": "b", "name": "B", "capability": {"value": 0.3, "range": [0.2, 0.4], "source": "s1"}, "positions": {"x": {"position": 60, "salience": 0.5}}},
            {"id": "c", "name": "C", "capability": 0.2, "positions": {"x": {"position": 90, "salience": 0.9}}},
            {"id": "d", "name": "D", "capability": 0.1, "positions": {"x": {"position": 40, "salience": 0.3}}}
          ],
          "evidence": [{"path": "actors[a].capability", "source": "s1"}]
        }
        """;

    private static List<Seed> Seeds()
    {
        var seeds = new List<Seed>();
        foreach (var f in Directory.EnumerateFiles(TestPaths.InRepo("scenarios"), "*.yaml").Order(StringComparer.Ordinal))
            seeds.Add(new Seed(Path.GetFileName(f), ".yaml", File.ReadAllBytes(f), Target.Scenario));
        seeds.Add(new Seed("inline.json", ".json", Encoding.UTF8.GetBytes(JsonScenario), Target.Scenario, Json: true));
        foreach (var f in Directory.EnumerateFiles(TestPaths.Reference("eum", "inputs"), "*.csv").Order(StringComparer.Ordinal))
            seeds.Add(new Seed(Path.GetFileName(f), ".csv", File.ReadAllBytes(f), Target.Scenario));
        seeds.Add(new Seed("emission_input.csv", ".csv", File.ReadAllBytes(TestPaths.Reference("eum", "emission_input.csv")), Target.Scenario));
        // The DEU file's header, GDP row and its first twelve issues (the whole file for every input would be slow).
        var deu = File.ReadAllLines(TestPaths.Reference("deu", "deu3_dev.tsv")).Take(14);
        seeds.Add(new Seed("deu3_dev.tsv", ".tsv", Encoding.UTF8.GetBytes(string.Join("\n", deu) + "\n"), Target.Deu));
        seeds.Add(new Seed("example.yaml (ledger)", ".yaml", File.ReadAllBytes(TestPaths.InRepo("ledger", "example.yaml")), Target.Ledger));
        seeds.Add(new Seed("forecasts.csv", ".csv", Encoding.UTF8.GetBytes(
            "question_id,forecaster,made_at,probabilities,rationale\n" +
            "fuzz-q,ann,2025-02-01,0.3,first\nfuzz-q,bob,2025-02-02,0.6,\"quoted, with comma\"\nfuzz-q,cat,2025-02-03T10:00:00Z,0.45,\n"), Target.ForecastCsv));
        return seeds;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    private string[] Command(Seed seed, string path, int iteration = 0) => seed.Target switch
    {
        // Every third scenario input is simulated too (distributions, correlations, noise), on one thread so the work is counted.
        Target.Scenario when iteration % 3 == 2 => ["simulate", path, "--format", "json", "--draws", "20", "--threads", "1", "--seed", "1"],
        // …and every fifth goes to the crisis model (the EUM's conflict dyads, P(war)).
        Target.Scenario when iteration % 5 == 4 => ["run", path, "--model", "crisis", "--format", "json", "--rounds", "3"],
        Target.Scenario => ["run", path, "--format", "json", "--rounds", "3"],
        Target.Deu => ["run", path, "--issue", "d00032i1", "--format", "json", "--rounds", "3"],
        Target.Ledger => ["ledger", "import", "ledger", path, "--db", _db.Path],
        _ => ["ledger", "import", "csv", path, "--db", _db.Path],
    };

    /// <summary>What is wrong with one run, or null when it behaved.</summary>
    private static string? Check(CliRunner.Result r, string path, long allocated, long inputBytes)
    {
        if (r.ExitCode == 1) return $"exit 1 (internal error): {First(r.Error)}";
        if (r.ExitCode is not (0 or 2)) return $"exit {r.ExitCode}: {First(r.Error)}";
        if (r.ExitCode == 2 && !r.Error.Contains(Path.GetFileName(path), StringComparison.Ordinal))
            return $"exit 2 without naming the file: {First(r.Error)}";
        if (r.ExitCode == 0 && (r.Out.Contains("NaN", StringComparison.Ordinal) || r.Out.Contains("Infinity", StringComparison.Ordinal)))
            return "exit 0 with a non-finite number in the output";
        if (allocated > WorkBound(inputBytes)) return $"allocated {allocated / (1024 * 1024)} MB for {inputBytes:N0} input bytes, above the {WorkBound(inputBytes) / (1024 * 1024)} MB work bound";
        return null;
    }

    private static string First(string text) => text.Length > 600 ? text[..600] + "…" : text;

    private static (CliRunner.Result Result, long Allocated) RunMeasured(string[] args)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var r = CliRunner.Run(args);
        return (r, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Malformed_inputs_get_a_located_diagnostic_or_a_finite_result()
    {
        var iterations = Setting("BRINK_FUZZ_ITERATIONS", DefaultIterations);
        var seed = Setting("BRINK_FUZZ_SEED", DefaultSeed);
        var mutator = new Mutator(seed);
        var seeds = Seeds();
        // The forecast CSV names a question: put it in the ledger once.
        Assert.Equal(0, CliRunner.Run(["ledger", "question", "add", "fuzz-q", "--title", "Fuzz?", "--criteria", "Yes if fuzz.",
            "--open", "2025-01-01", "--close", "2025-12-31", "--db", _db.Path]).ExitCode);

        // Every seed itself must be accepted (else the mutations test nothing).
        foreach (var s in seeds)
        {
            var path = Path.Combine(_dir, "seed" + s.Extension);
            File.WriteAllBytes(path, s.Bytes);
            var r = CliRunner.Run(Command(s, path));
            Assert.True(r.ExitCode == 0, $"seed {s.Name} → exit {r.ExitCode}: {First(r.Error)}");
        }

        var failures = new List<string>();
        int ok = 0, refused = 0, located = 0;
        long maxAllocated = 0;
        for (var i = 0; i < iterations; i++)
        {
            var s = seeds[i % seeds.Count];
            var bytes = mutator.Mutate(s.Bytes, s.Json, out var what);
            var path = Path.Combine(_dir, $"fuzz-{i}{s.Extension}");
            File.WriteAllBytes(path, bytes);
            var (r, allocated) = RunMeasured(Command(s, path, i / seeds.Count));
            maxAllocated = Math.Max(maxAllocated, allocated);
            if (Check(r, path, allocated, bytes.Length) is { } problem)
            {
                failures.Add($"#{i} {s.Name} [{what}] (seed {seed}): {problem}");
                File.Copy(path, Path.Combine(Path.GetTempPath(), $"brink-fuzz-repro-{seed}-{i}{s.Extension}"), overwrite: true);
            }
            else if (r.ExitCode == 0) ok++;
            else
            {
                refused++;
                if (System.Text.RegularExpressions.Regex.IsMatch(r.Error, Regex(path))) located++;
            }
            File.Delete(path);
        }
        output.WriteLine($"{iterations} inputs (seed {seed}): {ok} accepted, {refused} refused ({located} with a line number), {failures.Count} failures; most allocated by one input: {maxAllocated / (1024 * 1024)} MB");
        Assert.True(failures.Count == 0, $"{failures.Count} of {iterations} inputs misbehaved (reproducers in {Path.GetTempPath()}brink-fuzz-repro-*):\n" + string.Join("\n", failures.Take(25)));
    }

    private static string Regex(string path) => System.Text.RegularExpressions.Regex.Escape(Path.GetFileName(path)) + @":\d+";
}
