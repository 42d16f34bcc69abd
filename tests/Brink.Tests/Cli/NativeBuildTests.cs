using System.Diagnostics;
using Brink.Cli;

namespace Brink.Tests.Cli;

/// <summary>
/// The native build prints the same bytes, on both streams, with the same exit code, as the ReadyToRun build, for
/// every kind of command line it runs itself (<see cref="NativeBuild.Commands"/>); everything else it hands to the
/// ReadyToRun build, or says how to get one.
/// </summary>
[Collection(PublishedCliCollection.Name)]
public sealed class NativeBuildTests(ReadyToRunCli readyToRun, NativeCli native)
{
    private static readonly string Deu = TestPaths.Reference("deu", "deu3_dev.tsv");

    public static TheoryData<string> NativeCommands => new()
    {
        "version",
        "validate scenarios/nato-2022.yaml",
        "validate scenarios/nato-2022.yaml --format json",
        "validate scenarios/nato-2022.yaml scenarios/emission.yaml scenarios/ceasefire-2025.yaml scenarios/nato-2022-linked.yaml scenarios/nato-2022-package.yaml --format json",
        "validate ledger/example.yaml --format json",
        $"validate {Deu} --format json",
        $"validate {Deu}",
        "validate BROKEN",
        "validate BROKEN --format json",
        "validate no-such-file.yaml",
        "run scenarios/nato-2022.yaml",
        "run scenarios/nato-2022.yaml --format json --threads 1",
        "run scenarios/nato-2022.yaml --format csv",
        "run scenarios/nato-2022.yaml --trace dyads --format json",
        "run scenarios/nato-2022.yaml --perspectives",
        "run scenarios/nato-2022.yaml --perspectives --format json",
        "run scenarios/nato-2022-linked.yaml --format json",
        "run scenarios/nato-2022-package.yaml --format json",
        "run scenarios/ceasefire-2025.yaml --variant all --format json",
        "run scenarios/emission.yaml --model smp --format json",
        "run scenarios/emission.yaml --model smp --trace TRACE --format json",
        $"run {Deu} --issue 1 --format json",
        "run BROKEN",
        "run scenarios/nato-2022.yaml --model crisis",
        "run scenarios/nato-2022.yaml --model crisis --format json",
        "run scenarios/nato-2022-linked.yaml --model exchange --format json",
        "run scenarios/nato-2022.yaml --rounds abc",
        "run scenarios/nato-2022.yaml --no-such-option",
        "simulate scenarios/emission.yaml --draws 2000 --format json --threads 2",
        "simulate scenarios/emission.yaml --draws 300 --noise 0.1 --model eum --format json --threads 1",
        "simulate scenarios/ceasefire-2025.yaml --issue territory --draws 200",
        "simulate scenarios/nato-2022.yaml --model crisis --draws 100 --format json",
        "simulate scenarios/nato-2022-linked.yaml --model exchange --draws 50 --format json",
        "simulate scenarios/nato-2022-package.yaml --model nash-package --draws 50 --format json",
        "simulate scenarios/emission.yaml --model smp --draws 20 --format json",
    };

    [Theory]
    [MemberData(nameof(NativeCommands))]
    public void Native_output_is_byte_identical_to_the_ReadyToRun_build(string command)
    {
        Ready();
        var broken = BrokenScenario();
        try
        {
            // TRACE: a file each build writes (SMP's --trace), compared afterwards.
            var traces = new[] { broken + ".r2r.jsonl", broken + ".native.jsonl" };
            string[] Args(string trace) => [.. command.Split(' ').Select(a => a switch { "BROKEN" => broken, "TRACE" => trace, _ => a })];
            Assert.True(NativeBuild.RunsHere(Args(traces[1])), $"{command}: not a command line the native build runs itself");
            var expected = Exec("dotnet", [readyToRun.Dll, .. Args(traces[0])], []);
            var actual = Exec(native.Binary, Args(traces[1]), []);
            if (command.Contains("TRACE", StringComparison.Ordinal))
            {
                Assert.True(File.Exists(traces[0]) && new FileInfo(traces[0]).Length > 100, "the ReadyToRun build wrote no trace");
                Assert.True(File.ReadAllText(traces[0]) == File.ReadAllText(traces[1]), $"{command}: the native build wrote another trace");
                foreach (var t in traces) File.Delete(t);
            }
            Assert.Equal(expected.Code, actual.Code);
            Assert.True(expected.Stdout == actual.Stdout, $"{command}: the native build wrote other bytes on stdout:\n{actual.Stdout}{actual.Stderr}");
            Assert.True(expected.Stderr == actual.Stderr, $"{command}: the native build wrote other bytes on stderr:\n{actual.Stderr}");
            Assert.DoesNotContain("internal error", actual.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("ledger --help")]
    [InlineData("sensitivity scenarios/emission.yaml --format json --samples 64")]
    [InlineData("crisis bargain --help")]
    public void Other_command_lines_are_handed_to_the_ReadyToRun_build(string command)
    {
        Ready();
        var args = command.Split(' ');
        Assert.False(NativeBuild.RunsHere(args));
        var expected = Exec("dotnet", [readyToRun.Dll, .. args], []);
        var actual = Exec(native.Binary, args, new() { [NativeBuild.FullCliVariable] = readyToRun.Dll });
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_ledger_option_is_handed_over_with_the_rest_of_the_command_line()
    {
        Ready();
        var folder = Directory.CreateTempSubdirectory("brink-native-record-");
        try
        {
            // A question that is not in the (new, empty) ledger: only the full build, which opens the ledger, can say so.
            string[] Args(string db) => ["run", "scenarios/emission.yaml", "--record", "emission-test", "--db", Path.Combine(folder.FullName, db), "--format", "json"];
            Assert.False(NativeBuild.RunsHere(Args("native.db")));
            var expected = Exec("dotnet", [readyToRun.Dll, .. Args("r2r.db")], []);
            var actual = Exec(native.Binary, Args("native.db"), new() { [NativeBuild.FullCliVariable] = readyToRun.Dll });
            Assert.Contains("no question 'emission-test' in the ledger", expected.Stderr, StringComparison.Ordinal);
            Assert.Equal(expected, actual);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Without_the_full_CLI_a_handed_over_command_says_what_to_run()
    {
        Ready();
        var (code, stdout, stderr) = Exec(native.Binary, ["ledger", "--help"], []);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("brink ledger is not in the native build", stderr, StringComparison.Ordinal);
        Assert.Contains("./brink", stderr, StringComparison.Ordinal);
        var (missingCode, _, missing) = Exec(native.Binary, ["ledger", "--help"], new() { [NativeBuild.FullCliVariable] = "/no/such/Brink.Cli.dll" });
        Assert.Equal(ExitCodes.BadInput, missingCode);
        Assert.Contains("/no/such/Brink.Cli.dll does not exist", missing, StringComparison.Ordinal);
    }

    private void Ready()
    {
        Assert.True(readyToRun.PublishError is null, "ReadyToRun publish failed: " + readyToRun.PublishError);
        Assert.True(native.PublishError is null, "native publish failed: " + native.PublishError);
    }

    /// <summary>A scenario with located errors (an unknown issue, a capability out of range).</summary>
    private static string BrokenScenario()
    {
        var path = Path.Combine(Path.GetTempPath(), "brink-native-broken-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, """
            title: broken
            issues:
              - id: a
                scale: {min: 0, max: 100}
            actors:
              - id: x
                capability: -3
                positions:
                  b: {position: 50, salience: 1}
            """);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Exec(string file, IEnumerable<string> args, Dictionary<string, string> env) =>
        CliProcess.Run(file, args, env);
}
