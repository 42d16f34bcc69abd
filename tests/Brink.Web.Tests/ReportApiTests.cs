using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Brink.Application.Report;

namespace Brink.Web.Tests;

/// <summary>POST /api/report: the run as a self-contained HTML report or a PDF. Sequential (one class): one test changes $BRINK_CHROMIUM.</summary>
public sealed partial class ReportApiTests : IClassFixture<ApiTests.Host>
{
    private readonly HttpClient _client;

    public ReportApiTests(ApiTests.Host host) => _client = host.Factory.CreateClient();

    private static string Nato => File.ReadAllText(RepoPaths.Scenario("nato-2022.yaml"));

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [GeneratedRegex(@"\b(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [Fact]
    public async Task The_html_report_has_no_external_url_and_holds_the_actors_warnings_and_sources()
    {
        var response = await _client.PostAsync("/api/report?format=html&name=nato-2022.yaml", Yaml(Nato));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nato-2022-report.html", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        foreach (var actor in new[] { "United States", "Russia", "Ukraine", "Belarus", "European Union (institutions)" }) Assert.Contains(actor, html);
        // The warnings of the run (the same document /api/run answers).
        var run = JsonDocument.Parse(await (await _client.PostAsync("/api/run", Yaml(Nato))).Content.ReadAsStringAsync()).RootElement;
        var codes = run.GetProperty("issues").EnumerateArray().SelectMany(i => i.GetProperty("models").EnumerateArray())
            .SelectMany(m => m.GetProperty("warnings").EnumerateArray()).Select(w => w.GetProperty("code").GetString()!).ToList();
        Assert.NotEmpty(codes);
        foreach (var code in codes) Assert.Contains($"data-code=\"{code}\"", html);
        // The sources with their quotes; the addresses as text.
        Assert.Contains("id=\"source-ryabkov-geneva\"", html);
        Assert.Contains("never, never, ever becomes a member of NATO", html);
        Assert.Contains("<div class=\"url\">https://tass.com/politics/1388151</div>", html);
    }

    [Fact]
    public async Task The_report_takes_the_run_options_and_reads_the_scenario_format_from_scenario_format()
    {
        var csv = "actor,capability,position,salience\nA,10,0,50\nB,20,100,60\nC,30,40,70\n";
        var response = await _client.PostAsync("/api/report?scenario_format=csv&model=median&name=t.csv", new StringContent(csv, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-model=\"median\"", html);
        Assert.DoesNotContain("data-model=\"eum\"", html);
        Assert.Contains("brink report t.csv --model median -o t.html", html);
    }

    [Fact]
    public async Task Bad_input_and_bad_options_answer_400_with_located_diagnostics()
    {
        var bad = await _client.PostAsync("/api/report", Yaml(Nato.Replace("capability: {value: 70,", "capability: {value: lots,")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(body.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("line").GetInt32() > 0 && d.GetProperty("path").GetString()!.Contains("capability"));

        var format = await _client.PostAsync("/api/report?format=docx", Yaml(Nato));
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Contains("\"path\":\"format\"", await format.Content.ReadAsStringAsync());
        var rounds = await _client.PostAsync("/api/report?rounds=many", Yaml(Nato));
        Assert.Equal(HttpStatusCode.BadRequest, rounds.StatusCode);
        Assert.Contains("\"path\":\"rounds\"", await rounds.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_pdf_is_printed_by_chromium_and_a_missing_chromium_answers_503_with_what_to_do()
    {
        Assert.True(File.Exists(Workbench.Chromium), $"{Workbench.Chromium} is missing (.ci/run installs chromium)");
        var response = await _client.PostAsync("/api/report?format=pdf&model=compromise&name=nato-2022.yaml", Yaml(Nato));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.True(pdf.Length > 10_000, $"a {pdf.Length}-byte PDF is too small for the report");

        var before = Environment.GetEnvironmentVariable(ChromiumPdf.EnvironmentVariable);
        Environment.SetEnvironmentVariable(ChromiumPdf.EnvironmentVariable, "/nonexistent/chromium");
        try
        {
            var missing = await _client.PostAsync("/api/report?format=pdf", Yaml(Nato));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, missing.StatusCode);
            var text = await missing.Content.ReadAsStringAsync();
            Assert.Contains("PDF export needs headless Chromium", text);
            Assert.Contains("apt-get install chromium", text);
            Assert.Contains("names /nonexistent/chromium, which does not exist", text);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ChromiumPdf.EnvironmentVariable, before);
        }
    }

    [Fact]
    public async Task OpenApi_lists_the_report_endpoint()
    {
        var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        var report = doc.GetProperty("paths").GetProperty("/api/report").GetProperty("post");
        Assert.True(report.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/yaml", out _));
        Assert.Contains(report.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "format");
    }
}
