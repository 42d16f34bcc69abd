using Brink.Ledger;

namespace Brink.Tests.Ledger;

/// <summary>A clock that stands still until told to move (NodaTime.Testing's FakeClock).</summary>
public sealed class FakeClock(DateTimeOffset now) : IClock
{
    public DateTimeOffset UtcNow { get; private set; } = now;
    public void Advance(TimeSpan by) => UtcNow += by;
}

/// <summary>A temporary ledger file, deleted with its WAL files on dispose.</summary>
public sealed class TempDb : IDisposable
{
    public TempDb() => Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"brink-ledger-{Guid.NewGuid():N}.db");
    public string Path { get; }
    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            try { File.Delete(Path + suffix); } catch (IOException) { }
    }
}
