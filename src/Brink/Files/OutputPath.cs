namespace Brink.Files;

/// <summary>
/// Checks a path Brink was told to write to before any work is done, so a typo does not cost a long run: the
/// parent directory must exist (Brink never creates missing parents silently), the path must not be a directory
/// (for a file) or a device, FIFO or socket, and it must be writable.
/// </summary>
public static class OutputPath
{
    /// <summary>Why a file cannot be written at <paramref name="path"/> (prefixed with <paramref name="option"/>), or null.</summary>
    public static string? FileProblem(string? path, string option)
    {
        if (path is null) return null;
        if (CommonProblem(path, option) is { } common) return common;
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Directory) return $"{option}: {path} is a directory; give a file name";
        if (kind is not (FileKind.Missing or FileKind.Regular)) return $"{option}: {path} is {FileKinds.Describe(kind)}; give a regular file";
        return ParentProblem(path, option) ?? WritableProblem(path, option, kind == FileKind.Regular);
    }

    /// <summary>
    /// Why Brink cannot write into the folder <paramref name="path"/>, or null. A missing folder is fine when its parent
    /// exists (Brink creates the folder it was told to create, not the ones above it).
    /// </summary>
    public static string? DirectoryProblem(string? path, string option)
    {
        if (path is null) return null;
        if (CommonProblem(path, option) is { } common) return common;
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Directory)
        {
            var probe = Path.Combine(path, $".brink-write-test-{Environment.ProcessId}");
            try { using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { } return null; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return $"{option}: cannot write into {path}: {e.Message}"; }
        }
        if (kind != FileKind.Missing) return $"{option}: {path} is {FileKinds.Describe(kind)}, not a folder";
        return ParentProblem(path, option);
    }

    private static string? CommonProblem(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) return $"{option}: the path is empty";
        if (path.Contains('\0', StringComparison.Ordinal)) return $"{option}: the path contains a NUL character";
        try { Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return $"{option}: {path} is not a usable path ({e.Message})"; }
        return null;
    }

    private static string? ParentProblem(string path, string option)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is null || Directory.Exists(parent)) return null;
        return File.Exists(parent)
            ? $"{option}: cannot write {path}: {parent} is a file, not a folder"
            : $"{option}: cannot write {path}: the folder {parent} does not exist (create it first)";
    }

    private static string? WritableProblem(string path, string option, bool exists)
    {
        try
        {
            if (exists) { using (new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { } }
            else
            {
                var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
                var probe = Path.Combine(parent, $".brink-write-test-{Environment.ProcessId}");
                using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{option}: cannot write {path}: {e.Message}";
        }
    }
}
