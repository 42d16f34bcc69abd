namespace Brink.Tests.Cli;

/// <summary>
/// Compares text people read with a committed <c>.verified.txt</c>; on a mismatch writes
/// <c>.received.txt</c> beside it (git-ignored) so the change can be reviewed and accepted by renaming.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string actual)
    {
        var dir = TestPaths.InRepo("tests", "Brink.Tests", "Cli", "Snapshots");
        var verified = Path.Combine(dir, name + ".verified.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        actual = actual.ReplaceLineEndings("\n");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}; review {received} and rename it to accept."
            : $"Output differs from {verified}; review {received} (rename it to accept the change).");
    }
}
