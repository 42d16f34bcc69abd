using System.Diagnostics;
using Brink.Store;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

/// <summary>A process killed in the middle of an import leaves a sound database with the import either complete or absent.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    /// <summary>The built CLI sits beside the tests (the test project references Brink.Cli).</summary>
    private static string CliDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Brink.Cli.dll");
            Assert.True(File.Exists(path), $"{path} not found");
            return path;
        }
    }

    [Fact]
    public async Task Killing_the_CLI_mid_import_leaves_the_ledger_consistent_and_the_import_absent()
    {
        using (var store = LedgerStore.Open(_db.Path))
            Assert.Equal(0, store.Counts()["forecasts"]);

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { CliDll, "ledger", "import", "metaculus", MetaculusLedger.Zip, "--db", _db.Path }) psi.ArgumentList.Add(a);
        using var child = Process.Start(psi)!;
        using var writing = new ManualResetEventSlim();
        // The CLI reports progress every 20,000 forecasts from inside the import transaction; kill it at the first report.
        child.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("forecasts written", StringComparison.Ordinal) == true) writing.Set(); };
        child.BeginErrorReadLine();
        var stdout = child.StandardOutput.ReadToEndAsync();
        Assert.True(writing.Wait(TimeSpan.FromMinutes(5)), "the import never reported progress");
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        Assert.NotEqual(0, child.ExitCode);
        Assert.DoesNotContain("Imported", await stdout);

        using (var store = LedgerStore.Open(_db.Path))
        {
            Assert.Equal("ok", store.IntegrityCheck());
            var counts = store.Counts();
            Assert.Equal((0L, 0L, 0L, 0L, 0L), (counts["questions"], counts["forecasts"], counts["resolutions"], counts["forecasters"], counts["imports"]));
        }

        // The same ledger then takes the import whole.
        var again = CliRunner.Run("ledger", "import", "metaculus", MetaculusLedger.Zip, "--db", _db.Path);
        Assert.True(again.ExitCode == 0, again.Error);
        using (var store = LedgerStore.Open(_db.Path))
        {
            Assert.Equal("ok", store.IntegrityCheck());
            Assert.Equal((2637L, 217_676L, 1L), (store.Counts()["questions"], store.Counts()["forecasts"], store.Counts()["imports"]));
        }
    }

    [Fact]
    public async Task Two_processes_writing_at_once_both_land_and_the_ledger_stays_sound()
    {
        // Process 1 runs a long import inside one write transaction; process 2 starts writing while it
        // holds the lock and must wait (busy timeout), not fail or corrupt anything.
        var big = Start("ledger", "import", "metaculus", MetaculusLedger.Zip, "--db", _db.Path);
        using var writing = new ManualResetEventSlim();
        big.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("forecasts written", StringComparison.Ordinal) == true) writing.Set(); };
        big.BeginErrorReadLine();
        var bigOut = big.StandardOutput.ReadToEndAsync();
        Assert.True(writing.Wait(TimeSpan.FromMinutes(5)), "the import never reported progress");

        var small = Start("ledger", "import", "example", "--db", _db.Path);
        var smallErr = small.StandardError.ReadToEndAsync();
        var smallOut = small.StandardOutput.ReadToEndAsync();
        await Task.WhenAll(big.WaitForExitAsync(), small.WaitForExitAsync());
        Assert.True(big.ExitCode == 0, "metaculus import failed: " + await bigOut);
        Assert.True(small.ExitCode == 0, "example import failed: " + await smallErr + await smallOut);

        using var store = LedgerStore.Open(_db.Path);
        Assert.Equal("ok", store.IntegrityCheck());
        var counts = store.Counts();
        // Both imports are there whole: the Metaculus series and the 4 questions / 8 forecasts of the example ledger.
        Assert.Equal((2637L + 4L, 217_676L + 8L, 2L), (counts["questions"], counts["forecasts"], counts["imports"]));
        big.Dispose();
        small.Dispose();
    }

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { CliDll }.Concat(args)) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }
}
