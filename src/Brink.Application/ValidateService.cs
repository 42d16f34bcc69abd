using Brink.Scenarios;

namespace Brink.Application;

/// <summary>Counts that describe a valid scenario.</summary>
public sealed record ScenarioSummary(string Title, int Actors, int Issues, int Sources, int EvidenceLinks, int UncertainInputs, int Beliefs, int Relations)
{
    public static ScenarioSummary Of(Scenario s) =>
        new(s.Title, s.Actors.Length, s.Issues.Length, s.Sources.Length, s.Evidence.Length, s.Uncertain.Length, s.Beliefs.Length, s.Relations.Length);
}

/// <summary><c>brink validate</c> / <c>POST /api/validate</c>: one or more scenarios, every problem at once.</summary>
public sealed record ValidateRequest(IReadOnlyList<ScenarioSource> Scenarios)
{
    public IReadOnlyList<Diagnostic> Validate() =>
        Scenarios.Count == 0 ? [Outcome.RequestError("file", "give at least one scenario")] : [];
}

/// <summary>The document of <c>POST /api/validate</c> (and the workbench's editor): <c>{valid, diagnostics[], summary}</c>.</summary>
public sealed record ValidationDocument(bool Valid, IReadOnlyList<DiagnosticDoc> Diagnostics, ScenarioSummary? Summary);

/// <summary>The document of <c>brink validate --format json</c>.</summary>
public sealed record ValidateFilesDocument(bool Valid, IReadOnlyList<ValidateFilesDocument.FileDoc> Files)
{
    public sealed record FileDoc(string File, bool Valid, int Errors, int Warnings, ScenarioSummary? Summary, IReadOnlyList<DiagnosticLine> Diagnostics);

    public sealed record DiagnosticLine(string File, int Line, int Column, string Field, string Message, Severity Severity);
}

public sealed record ValidateOutcome : Outcome
{
    public required IReadOnlyList<(ScenarioSource Source, LoadResult<Scenario> Result)> Reports { get; init; }

    public bool Valid => Reports.All(r => r.Result.Ok);

    public ValidateFilesDocument FilesDocument() => new(Valid,
    [
        .. Reports.Select(r => new ValidateFilesDocument.FileDoc(r.Source.FileName, r.Result.Ok, r.Result.Errors.Count(),
            r.Result.Diagnostics.Count(d => d.Severity == Severity.Warning), r.Result.Ok ? ScenarioSummary.Of(r.Result.Value!) : null,
            [.. r.Result.Diagnostics.Select(d => new ValidateFilesDocument.DiagnosticLine(d.File, d.Line, d.Column, d.FieldPath, d.Message, d.Severity))])),
    ]);

    /// <summary>The first (or only) scenario as the API's <c>{valid, diagnostics[]}</c>.</summary>
    public ValidationDocument Document()
    {
        var r = Reports[0].Result;
        return new ValidationDocument(r.Ok, [.. r.Diagnostics.Select(DiagnosticDoc.From)], r.Ok ? ScenarioSummary.Of(r.Value!) : null);
    }
}

public static class ValidateService
{
    public static ValidateOutcome Validate(ValidateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return new ValidateOutcome { Diagnostics = problems, Reports = [] };
        var reports = request.Scenarios.Select(s => (s, s.Path is not null ? ScenarioLoader.Load(s.Path) : ScenarioLoader.Parse(s.Text ?? "", s.FileName, s.Format))).ToList();
        return new ValidateOutcome { Reports = reports, Diagnostics = [.. reports.SelectMany(r => r.Item2.Diagnostics)] };
    }
}
