using System.Diagnostics;

namespace Brink.Tests.Launcher;

/// <summary>
/// The <c>./brink</c> launcher rebuilds when a source changes, not when a build writes its outputs
/// (bin/, obj/) under src/. Run against a copy of the script in a scratch tree with a stand-in
/// <c>dotnet</c> on PATH, so no real build happens. The stand-in's native publish (<c>-p:BrinkNative=true</c>) writes a
/// stand-in native binary when <c>BRINK_FAKE_NATIVE=1</c>, and fails otherwise.
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "brink-launcher-" + Guid.NewGuid().ToString("N"));

    public LauncherTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "src", "Brink", "obj"));
        Directory.CreateDirectory(Path.Combine(_root, "src", "Brink", "bin"));
        Directory.CreateDirectory(Path.Combine(_root, "fakebin"));
        File.Copy(TestPaths.InRepo("brink"), Path.Combine(_root, "brink"));
        File.WriteAllText(Path.Combine(_root, "src", "Brink", "A.cs"), "// source");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "Directory.Packages.props"), "<Project />");
        var fake = Path.Combine(_root, "fakebin", "dotnet");
        File.WriteAllText(fake, """
            #!/usr/bin/env bash
            if [ "$1" = build ] || [ "$1" = publish ]; then
              native=0; out=""; prev=""
              for a in "$@"; do [ "$a" = -p:BrinkNative=true ] && native=1; [ "$prev" = -o ] && out="$a"; prev="$a"; done
              if [ "$native" = 1 ]; then
                echo native-build >> "$BRINK_FAKE_LOG"
                [ "${BRINK_FAKE_NATIVE:-0}" = 1 ] || exit 1
                printf '#!/usr/bin/env bash\necho "native $BRINK_FULL_CLI" >> "$BRINK_FAKE_LOG"\n' > "$out/Brink.Cli"; chmod +x "$out/Brink.Cli"
              else echo build >> "$BRINK_FAKE_LOG"; fi
            else echo run >> "$BRINK_FAKE_LOG"; fi

            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Launch(Dictionary<string, string>? environment = null)
    {
        var log = Path.Combine(_root, "log.txt");
        File.Delete(log);
        var start = new ProcessStartInfo("bash", [Path.Combine(_root, "brink"), "--version"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PATH"] = Path.Combine(_root, "fakebin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["BRINK_FAKE_LOG"] = log;
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;
        using var p = Process.Start(start)!;
        p.WaitForExit(30_000);
        Assert.Equal(0, p.ExitCode);
        return File.ReadAllText(log).Trim().ReplaceLineEndings(" ");
    }

    private void Touch(params string[] parts)
    {
        var path = Path.Combine([_root, .. parts]);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void Build_outputs_under_src_do_not_trigger_a_rebuild_but_sources_do()
    {
        if (OperatingSystem.IsWindows()) return;
        var readyToRunOnly = new Dictionary<string, string> { ["BRINK_NATIVE"] = "0" };
        Assert.Equal("build run", Launch(readyToRunOnly));
        Assert.Equal("run", Launch(readyToRunOnly));
        Touch("src", "Brink", "obj", "project.assets.json");
        Touch("src", "Brink", "bin", "Brink.deps.json");
        Assert.Equal("run", Launch(readyToRunOnly));
        Touch("src", "Brink", "A.cs");
        Assert.Equal("build run", Launch(readyToRunOnly));
    }

    [Fact]
    public void The_native_binary_is_built_beside_the_ReadyToRun_build_and_runs_with_the_full_CLI_named()
    {
        if (OperatingSystem.IsWindows()) return;
        var native = new Dictionary<string, string> { ["BRINK_FAKE_NATIVE"] = "1" };
        var full = Path.Combine(_root, ".build", "cli", "Brink.Cli.dll");
        Assert.Equal($"build native-build native {full}", Launch(native));
        Assert.Equal($"native {full}", Launch(native));
        // BRINK_NATIVE=0 runs the ReadyToRun build even when a native binary exists.
        Assert.Equal("run", Launch(new() { ["BRINK_NATIVE"] = "0" }));
    }

    [Fact]
    public void A_failed_native_build_leaves_the_ReadyToRun_build_in_charge()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal("build native-build run", Launch());
        Assert.Equal("run", Launch());
        // A later rebuild that fails leaves no stale native binary behind.
        Touch("src", "Brink", "A.cs");
        Assert.Equal($"build native-build native {Path.Combine(_root, ".build", "cli", "Brink.Cli.dll")}", Launch(new() { ["BRINK_FAKE_NATIVE"] = "1" }));
        Touch("src", "Brink", "A.cs");
        Assert.Equal("build native-build run", Launch());
    }
}
