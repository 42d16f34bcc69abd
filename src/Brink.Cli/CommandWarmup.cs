using Brink.Application;
using Brink.Scenarios;

namespace Brink.Cli;

/// <summary>
/// Compiles the code a short command is about to run on the other core while the main thread starts up.
/// </summary>
/// <remarks>
/// A command lives for well under a second, and a sizeable part of that is the runtime compiling code on first use:
/// the model kernels are jitted fully optimised at their first call (ReadyToRun cannot precompile their vector code),
/// and the result and JSON code runs once. The main thread first spends ~0.1–0.2 s parsing the command line and
/// reading the scenario with one core idle. For <c>simulate</c>, and for <c>run</c> on a large scenario file, a
/// background thread meanwhile runs the same service once on a built-in five-actor scenario (two draws, or the default
/// models' run) and serialises the result to nowhere, so that what the real run calls next is compiled already. It shares nothing with the real run but compiled code and the runtime's
/// thread-safe caches, writes nothing, and any failure is ignored: it can change the time of a command, never its
/// output (tests/Brink.Tests/Cli/DeterminismProcessTests.cs compares the bytes with and without it).
/// <c>BRINK_WARMUP=0</c> turns it off. Measured on 2026-12-04 (2-core machine, six interleaved runs each):
/// <c>simulate scenarios/emission.yaml --draws 10000</c> 0.64 → 0.57 s wall, and the same with <c>--noise 0.1 --model eum</c>
/// 0.62 → 0.55 s (CPU 1.5 % more); <c>run actors-1000.csv --model eum --format json</c> 0.575 → 0.518 s wall, CPU 50 ms
/// more (six interleaved runs each). The warm-up runs the default models; other models still gain from the shared code.
/// </remarks>
internal static class CommandWarmup
{
    // Five actors on one issue: enough for every default model to take its usual path (the EUM's rounds, Nash's solver).
    private const string Scenario = """
        title: warm-up
        question: warm-up
        capability_scale: warm-up
        issues:
          - id: warm
            description: warm-up
            scale: {min: 0, max: 100}
        actors:
          - {id: a, name: A, capability: 1, positions: {warm: {position: 0, salience: 0.5}}}
          - {id: b, name: B, capability: 2, positions: {warm: {position: 20, salience: 0.6}}}
          - {id: c, name: C, capability: 3, positions: {warm: {position: 50, salience: 0.7}}}
          - {id: d, name: D, capability: 4, positions: {warm: {position: 70, salience: 0.8}}}
          - {id: e, name: E, capability: 5, positions: {warm: {position: 100, salience: 0.9}}}
        """;

    // A `run` warms up only on a scenario file at least this large (about 700 actors as a CSV table; the bundled YAML
    // scenarios are 3–21 KB): for a small run the warm-up's own work cost about 40 ms of CPU for 25 ms of wall time
    // (same measurement), and start-up is measured in CPU, while a large run's wall time is mostly the model's.
    internal const long LargeScenarioBytes = 24 * 1024;

    /// <summary>Starts the warm-up for <paramref name="args"/>' command where one helps, unless <c>BRINK_WARMUP=0</c>.</summary>
    public static void Start(string[] args)
    {
        if (Environment.GetEnvironmentVariable("BRINK_WARMUP") == "0" || WorkFor(args) is not { } work) return;
        new Thread(() =>
        {
            try { _ = work(); }
            catch (Exception) { /* only a warm-up: the command itself reports its own errors */ }
        })
        { IsBackground = true, Name = "brink warm-up" }.Start();
    }

    /// <summary>The warm-up for a command line: <see cref="Simulate"/>, <see cref="Run"/> (large scenario files only) or none.</summary>
    internal static Func<string?>? WorkFor(string[] args) => args.FirstOrDefault() switch
    {
        "simulate" => Simulate,
        "run" when args.Skip(1).Any(IsLargeFile) => Run,
        _ => null,
    };

    private static bool IsLargeFile(string arg)
    {
        try { return !arg.StartsWith('-') && File.Exists(arg) && new FileInfo(arg).Length >= LargeScenarioBytes; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { return false; }
    }

    private static ScenarioSource Source => ScenarioSource.FromText(Scenario, ScenarioFormat.Yaml, "warm-up.yaml");

    /// <summary>The warm-up's work: simulate's service and JSON on the built-in scenario; the JSON, or null where it failed (tested).</summary>
    internal static string? Simulate()
    {
        var outcome = SimulateService.Run(new SimulateRequest { Scenario = Source, Draws = 2, Seed = 1, Threads = 1, Noise = 0.1 });
        return outcome.Report is { } report ? BrinkJson.Serialize(report) : null;
    }

    /// <summary>The warm-up of a large <c>run</c>: run's service (the default models) and JSON on the built-in scenario.</summary>
    internal static string? Run()
    {
        var outcome = RunService.Run(new RunRequest { Scenario = Source, Threads = 1 });
        return outcome.Document is { } document ? BrinkJson.Serialize(document) : null;
    }
}
