using System.Diagnostics;

namespace Brink.Tests.Cli;

/// <summary>
/// The CLI as a process gives byte-identical output whatever the JIT tier, PGO, ReadyToRun use, the
/// publish mode (plain build vs ReadyToRun publish), the thread count, the vector width (AVX-512, 256-bit, scalar only) and the warm-up thread of simulate and large runs (CommandWarmup). The Monte Carlo runs enough
/// EUM draws that hot methods are re-jitted part-way (the tier switch that once changed results).
/// </summary>
[Collection(PublishedCliCollection.Name)]
public sealed class DeterminismProcessTests(ReadyToRunCli published)
{
    private static readonly string BuiltDll = Path.Combine(AppContext.BaseDirectory, "Brink.Cli.dll");

    public static TheoryData<string> Commands => new()
    {
        "simulate scenarios/emission.yaml --draws 3000 --noise 0.1 --model eum --format json",
        "simulate scenarios/ceasefire-2025.yaml --issue territory --draws 2000 --model eum --format json",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Output_bytes_do_not_depend_on_tier_readytorun_publish_mode_or_threads(string command)
    {
        Assert.True(published.PublishError is null, "dotnet publish failed: " + published.PublishError);
        var args = command.Split(' ');
        var runs = new List<(string What, string Dll, string[] Args, Dictionary<string, string> Env)>
        {
            ("ReadyToRun publish, defaults, 2 threads", published.Dll, [.. args, "--threads", "2"], []),
            ("ReadyToRun publish, TieredCompilation=0, 2 threads", published.Dll, [.. args, "--threads", "2"], new() { ["DOTNET_TieredCompilation"] = "0" }),
            ("ReadyToRun publish, TieredPGO=1 (dynamic PGO on; the CLI turns it off), 1 thread", published.Dll, [.. args, "--threads", "1"], new() { ["DOTNET_TieredPGO"] = "1" }),
            ("ReadyToRun publish, ReadyToRun=0 (everything jitted), 2 threads", published.Dll, [.. args, "--threads", "2"], new() { ["DOTNET_ReadyToRun"] = "0" }),
            ("ReadyToRun publish, tier-up after one call, 1 thread", published.Dll, [.. args, "--threads", "1"], new() { ["DOTNET_TC_CallCountThreshold"] = "1", ["DOTNET_TC_CallCountingDelayMs"] = "0" }),
            ("ReadyToRun publish, no warm-up thread (BRINK_WARMUP=0), 2 threads", published.Dll, [.. args, "--threads", "2"], new() { ["BRINK_WARMUP"] = "0" }),
            // Other vector widths: the kernels' vector loops and scalar tails must agree bit for bit.
            ("ReadyToRun publish, no AVX-512 (256-bit vectors), 2 threads", published.Dll, [.. args, "--threads", "2"], new() { ["DOTNET_EnableAVX512F"] = "0" }),
            ("ReadyToRun publish, no hardware intrinsics (scalar code only), 2 threads", published.Dll, [.. args, "--threads", "2"], new() { ["DOTNET_EnableHWIntrinsic"] = "0" }),
            ("plain build, defaults, 1 thread", BuiltDll, [.. args, "--threads", "1"], []),
            ("plain build, TieredCompilation=0, 2 threads", BuiltDll, [.. args, "--threads", "2"], new() { ["DOTNET_TieredCompilation"] = "0" }),
        };
        string? expected = null;
        var first = "";
        foreach (var (what, dll, runArgs, env) in runs)
        {
            var (code, output) = Exec("dotnet", [dll, .. runArgs], env);
            Assert.True(code == 0, $"{what}: exit {code}: {output}");
            if (expected is null)
            {
                expected = output;
                first = what;
            }
            else Assert.True(expected == output, $"{what} printed other bytes than {first}");
        }
    }

    [Fact]
    public void A_large_run_prints_the_same_bytes_with_and_without_its_warm_up_thread()
    {
        Assert.True(published.PublishError is null, "dotnet publish failed: " + published.PublishError);
        var folder = Directory.CreateTempSubdirectory("brink-run-warmup-");
        try
        {
            // Large enough that `run` starts its warm-up (CommandWarmup.LargeScenarioBytes), small enough to run in a second.
            var file = Path.Combine(folder.FullName, "actors-800.csv");
            File.WriteAllText(file, Brink.Cli.Commands.WholeProcessBench.ActorTable(800));
            Assert.NotNull(Brink.Cli.CommandWarmup.WorkFor(["run", file]));
            string[] args = ["run", file, "--model", "eum", "--format", "json"];
            var (code, expected) = Exec("dotnet", [published.Dll, .. args, "--threads", "2"], new() { ["BRINK_WARMUP"] = "0" });
            Assert.True(code == 0, $"without warm-up: exit {code}: {expected}");
            foreach (var threads in new[] { "1", "2" })
            {
                var (c, output) = Exec("dotnet", [published.Dll, .. args, "--threads", threads], []);
                Assert.True(c == 0, $"with warm-up, {threads} threads: exit {c}: {output}");
                Assert.True(expected == output, $"with warm-up, {threads} threads: other bytes than without it");
            }
            // And the kernels' scalar code alone (every vector loop off) at this size.
            var (scalarCode, scalar) = Exec("dotnet", [published.Dll, .. args, "--threads", "2"], new() { ["DOTNET_EnableHWIntrinsic"] = "0" });
            Assert.True(scalarCode == 0, $"scalar code: exit {scalarCode}: {scalar}");
            Assert.True(expected == scalar, "scalar code only (DOTNET_EnableHWIntrinsic=0): other bytes than the vector code");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs a process in the repository; the output is stdout, followed by stderr when it failed.</summary>
    internal static (int Code, string Output) Exec(string file, IEnumerable<string> args, Dictionary<string, string> env)
    {
        var (code, stdout, stderr) = CliProcess.Run(file, args, env);
        return (code, code == 0 ? stdout : stdout + stderr);
    }
}
