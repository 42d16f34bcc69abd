using Brink.Models;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>What every application request answers besides its value: located diagnostics and plain notices.</summary>
public abstract record Outcome
{
    /// <summary>Scenario diagnostics (file, line, column, field) and request errors (file <see cref="RequestFile"/>, field = the option).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
    /// <summary>Remarks for people (skipped issues, inputs without uncertainty…), not errors.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
    public bool Ok => !Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>File name of diagnostics that are about the request's options rather than the scenario.</summary>
    public const string RequestFile = "request";

    /// <summary>A request error located at the option it is about; <paramref name="message"/> is complete on its own.</summary>
    public static Diagnostic RequestError(string field, string message) => new(RequestFile, 0, 0, field, message);

    /// <summary>True for a diagnostic about an option rather than the scenario text.</summary>
    public static bool IsRequestError(Diagnostic d) => d.File == RequestFile;
}

/// <summary>
/// JSON shape of one <see cref="ResultWarning"/> in every document (<c>warnings[]</c>):
/// <c>{code, message, actors, issue}</c>; <c>actors</c> is always an array (empty when the warning
/// concerns the whole result).
/// </summary>
public sealed record WarningDoc(string Code, string Message, IReadOnlyList<string> Actors, string? Issue)
{
    public static IReadOnlyList<WarningDoc> From(IModelResult result) => From(result.Warnings);

    public static IReadOnlyList<WarningDoc> From(IEnumerable<ResultWarning> warnings) =>
        [.. warnings.Select(w => new WarningDoc(w.Code, w.Message, w.Actors.IsDefault ? [] : [.. w.Actors], w.Issue))];

    public static IReadOnlyList<WarningDoc> From(System.Collections.Immutable.ImmutableArray<ResultWarning> warnings) =>
        From(warnings.IsDefault ? [] : (IEnumerable<ResultWarning>)warnings);
}
