namespace Brink.Scenarios;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum Severity
{
    /// <summary>The input cannot be used as it is; commands exit 2.</summary>
    Error,
    /// <summary>The input is used, but something in it is probably a mistake.</summary>
    Warning,
    /// <summary>For information: what was assumed or left unused (e.g. a rescaled table, an unused field).</summary>
    Notice,
}

/// <summary>
/// One problem (or notice) found in user input, located by file, line, column and field path.
/// User mistakes are collected as diagnostics, never thrown (style guide, practice 5).
/// </summary>
public sealed record Diagnostic(string File, int Line, int Column, string FieldPath, string Message, Severity Severity = Severity.Error)
{
    /// <summary>Compiler-style rendering: <c>file:line:col: error: path: message</c>.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        var path = string.IsNullOrEmpty(FieldPath) ? "" : $"{FieldPath}: ";
        return $"{where}: {Severity.ToString().ToLowerInvariant()}: {path}{Message}";
    }
}

/// <summary>A value, or every problem that prevented building it, plus notices either way.</summary>
public sealed record LoadResult<T>(T? Value, IReadOnlyList<Diagnostic> Diagnostics) where T : class
{
    /// <summary>True when there is a value and no error (notices and warnings allowed).</summary>
    public bool Ok => Value is not null && !Diagnostics.Any(d => d.Severity == Severity.Error);
    /// <summary>The diagnostics that are errors.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);
}
