namespace Brink.Crisis;

/// <summary>
/// Why rational states fight instead of settling (Fearon 1995, "Rationalist explanations for war",
/// International Organization 49(3)): every simulated war carries one of these tags.
/// </summary>
public enum WarCause
{
    /// <summary>Private information about costs, capability or resolve, with incentives to misrepresent it.</summary>
    Information,
    /// <summary>Each side's own estimate of its chance of winning leaves no split both prefer (mutual optimism).</summary>
    Misperception,
    /// <summary>A shift in power the rising side cannot credibly promise not to exploit (preventive war).</summary>
    Commitment,
    /// <summary>The good cannot be split into any share inside the bargaining range.</summary>
    Indivisibility,
}
