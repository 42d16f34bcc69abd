using Brink.Application;
using Brink.Scenarios;

namespace Brink.Web.Api;

/// <summary>Answers of the API: Brink documents with the CLI's JSON convention, problems with located diagnostics.</summary>
internal static class ApiResults
{
    /// <summary>A Brink document, serialised exactly as the CLI prints it (<see cref="BrinkJson"/>, ending in a newline).</summary>
    public static IResult Document(object document, int status = 200) =>
        Results.Text(BrinkJson.Serialize(document) + "\n", "application/json", System.Text.Encoding.UTF8, status);

    public static IResult BadRequest(string title, IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        var detail = list.FirstOrDefault(d => d.Severity == Severity.Error)?.ToString() ?? title;
        return Problem(StatusCodes.Status400BadRequest, title, detail, list);
    }

    /// <summary>A problem-details document whose <c>diagnostics[]</c> carry file, line, column, path and message.</summary>
    public static IResult Problem(int status, string title, string detail, IEnumerable<Diagnostic> diagnostics) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?>
        {
            ["diagnostics"] = diagnostics.Select(DiagnosticDoc.From).ToList(),
        });
}
