using System.Diagnostics;

namespace Brink.Application.Report;

/// <summary>Thrown when a PDF cannot be printed because headless Chromium is missing or failed; the message says what to do.</summary>
public sealed class PdfUnavailableException(string message) : Exception(message);

/// <summary>
/// Prints HTML to PDF with headless Chromium (<c>chromium --headless --print-to-pdf</c>): the browser's own
/// layout, so the PDF is the HTML report as a browser shows it. <c>$BRINK_CHROMIUM</c> names the executable;
/// else <c>chromium</c>, <c>chromium-browser</c>, <c>google-chrome</c> on the PATH.
/// </summary>
public static class ChromiumPdf
{
    public const string EnvironmentVariable = "BRINK_CHROMIUM";
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>The Chromium executable, or null when none is installed.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given) return File.Exists(given) ? given : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in Candidates)
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>The message when no Chromium is found.</summary>
    public static string MissingMessage =>
        $"PDF export needs headless Chromium, and none was found (${EnvironmentVariable} unset; no {string.Join(", ", Candidates)} on the PATH): " +
        $"install it (Debian: apt-get install chromium) or set {EnvironmentVariable} to its executable; the HTML report needs nothing";

    /// <summary>Prints <paramref name="html"/> (self-contained) to PDF bytes; throws <see cref="PdfUnavailableException"/> when Chromium is missing, fails or takes longer than <paramref name="timeout"/>.</summary>
    public static byte[] Print(string html, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var chromium = Find() ?? throw new PdfUnavailableException(MissingMessage);
        var dir = Directory.CreateTempSubdirectory("brink-report-");
        try
        {
            var input = Path.Combine(dir.FullName, "report.html");
            var output = Path.Combine(dir.FullName, "report.pdf");
            File.WriteAllText(input, html);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            // No network, no profile of the user's, no first-run work: the report is a local file that loads nothing.
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-extensions", $"--user-data-dir={Path.Combine(dir.FullName, "profile")}",
                         "--no-pdf-header-footer", $"--print-to-pdf={output}", new Uri(input).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new PdfUnavailableException($"could not start {chromium}");
            var stderr = process.StandardError.ReadToEndAsync(cancellation);
            _ = process.StandardOutput.ReadToEndAsync(cancellation);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timer.CancelAfter(timeout ?? TimeSpan.FromSeconds(90));
            try
            {
                process.WaitForExitAsync(timer.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellation.ThrowIfCancellationRequested();
                throw new PdfUnavailableException($"{chromium} did not print the PDF within {(timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds:0} s");
            }
            if (process.ExitCode != 0 || !File.Exists(output) || new FileInfo(output).Length == 0)
            {
                var detail = stderr.IsCompletedSuccessfully ? LastLine(stderr.Result) : "";
                throw new PdfUnavailableException($"{chromium} could not print the PDF (exit code {process.ExitCode}){(detail.Length > 0 ? ": " + detail : "")}");
            }
            return File.ReadAllBytes(output);
        }
        finally
        {
            try { dir.Delete(recursive: true); }
            catch (IOException) { /* a Chromium child still holding the profile; the temp folder is cleaned by the system */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => !l.Contains("dbus", StringComparison.OrdinalIgnoreCase)) ?? "";
}
