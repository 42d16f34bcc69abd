namespace Brink.Tests;

/// <summary>Locates the repository and ../shared/reference from any test working directory.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>../shared/reference beside the repository root (never copied into the repo).</summary>
    public static string Reference(params string[] parts) =>
        Path.Combine([Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "reference")), .. parts]);

    public static string InRepo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Brink.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Brink.slnx not found above " + AppContext.BaseDirectory);
    }
}
