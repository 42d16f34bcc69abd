using System.Collections.Immutable;

namespace Brink.Models;

/// <summary>
/// Something a reader must know to judge a result: a fallback, a defaulted input, a cycle, a move the
/// forecast rests on. Every model result carries a list of these and every front end shows them
/// (terminal under the table, JSON as <c>warnings[]</c>, CSV as comment lines), so no fallback is silent.
/// </summary>
/// <param name="Code">Stable, kebab-case identifier scripts can match on, e.g. <c>nash-no-feasible-agreement</c>.</param>
/// <param name="Message">One plain-language sentence for a person.</param>
public sealed record ResultWarning(string Code, string Message)
{
    /// <summary>Ids of the actors the warning concerns (empty when it concerns the whole result).</summary>
    public ImmutableArray<string> Actors { get; init; } = [];

    /// <summary>Id of the issue concerned, when there is one.</summary>
    public string? Issue { get; init; }
}
