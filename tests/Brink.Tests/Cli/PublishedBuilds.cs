using System.Diagnostics;
using Brink.Cli;

namespace Brink.Tests.Cli;

/// <summary>The CLI published once into a temporary folder, as <c>./brink</c> publishes it, for the process tests.</summary>
public abstract class PublishedBuild : IDisposable
{
    protected PublishedBuild(string prefix, params string[] publishOptions)
    {
        Folder = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        var rid = (OperatingSystem.IsMacOS() ? "osx-" : "linux-") +
                  (System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "x64");
        var (code, output) = DeterminismProcessTests.Exec("dotnet",
            ["publish", TestPaths.InRepo("src", "Brink.Cli", "Brink.Cli.csproj"), "-c", "Release", "-r", rid, .. publishOptions, "-o", Folder, "--nologo", "-v", "q"],
            new Dictionary<string, string>());
        PublishError = code == 0 ? null : output;
    }

    public string Folder { get; }
    public string? PublishError { get; }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>The ReadyToRun build (framework-dependent), for <see cref="DeterminismProcessTests"/> and <see cref="NativeBuildTests"/>.</summary>
public sealed class ReadyToRunCli() : PublishedBuild("brink-r2r-", "--self-contained", "false")
{
    public string Dll => Path.Combine(Folder, "Brink.Cli.dll");
}

/// <summary>
/// The native build (Native AOT, <c>-p:BrinkNative=true</c>), for <see cref="NativeBuildTests"/>. Its projects build under
/// .build/native-build (Directory.Build.props).
/// </summary>
public sealed class NativeCli() : PublishedBuild("brink-native-", "-p:BrinkNative=true")
{
    public string Binary => Path.Combine(Folder, "Brink.Cli");
}

/// <summary>The published builds, made one after the other (two publishes at once would share referenced projects' outputs).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedCliCollection : ICollectionFixture<ReadyToRunCli>, ICollectionFixture<NativeCli>
{
    public const string Name = "published CLI builds";
}

/// <summary>A CLI process in the repository root, with none of the test host's runtime or Brink settings.</summary>
internal static class CliProcess
{
    public static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The test host's own runtime settings must not leak into the child.
        foreach (var key in new[] { "DOTNET_TieredCompilation", "DOTNET_TieredPGO", "DOTNET_ReadyToRun", "DOTNET_TC_CallCountThreshold", "DOTNET_TC_CallCountingDelayMs",
                     "BRINK_WARMUP", "DOTNET_EnableAVX512F", "DOTNET_EnableHWIntrinsic", NativeBuild.FullCliVariable, "BRINK_NATIVE", "BRINK_NATIVE_CLI" })
            start.Environment.Remove(key);
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
