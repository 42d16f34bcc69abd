namespace Brink.Ledger;

/// <summary>
/// The ledger's source of "now". The domain never reads <see cref="DateTimeOffset.UtcNow"/> directly,
/// so recorded times are testable (style guide, practice 9; NodaTime's IClock).
/// </summary>
public interface IClock
{
    /// <summary>The current instant, in UTC.</summary>
    DateTimeOffset UtcNow { get; }
}

/// <summary>The real clock.</summary>
public sealed class SystemClock : IClock
{
    /// <summary>The one instance (the class has no state).</summary>
    public static readonly SystemClock Instance = new();
    private SystemClock() { }
    /// <inheritdoc/>
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
