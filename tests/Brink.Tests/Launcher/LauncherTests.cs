using System.Diagnostics;

namespace Brink.Tests.Launcher;

/// <summary>
/// The <c>./brink</c> launcher rebuilds when a source changes, not when a build writes its outputs
/// (bin/, obj/) under src/. Run against a copy of the script in a scratch tree with a stand-in
/// <c>dotnet</c> on PATH, so no real build happens.
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
        File.WriteAllText(fake, "#!/usr/bin/env bash\nif [ \"$1\" = build ] || [ \"$1\" = publish ]; then echo build >> \"$BRINK_FAKE_LOG\"; else echo run >> \"$BRINK_FAKE_LOG\"; fi\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Launch()
    {
        var log = Path.Combine(_root, "log.txt");
        File.Delete(log);
        var start = new ProcessStartInfo("bash", [Path.Combine(_root, "brink"), "--version"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PATH"] = Path.Combine(_root, "fakebin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["BRINK_FAKE_LOG"] = log;
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
        Assert.Equal("build run", Launch());
        Assert.Equal("run", Launch());
        Touch("src", "Brink", "obj", "project.assets.json");
        Touch("src", "Brink", "bin", "Brink.deps.json");
        Assert.Equal("run", Launch());
        Touch("src", "Brink", "A.cs");
        Assert.Equal("build run", Launch());
    }
}
