using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Brink.Cli;

namespace Brink.Web.Tests;

/// <summary>The back-test job's multipart form: <c>data</c>, <c>fit</c> (<c>--fit</c>) and <c>protocol</c> (<c>--protocol</c>), with bad input located.</summary>
public sealed class BacktestApiTests : IClassFixture<ApiTests.Host>
{
    private readonly HttpClient _client;

    public BacktestApiTests(ApiTests.Host host) => _client = host.Factory.CreateClient();

    private static string DeuFile => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "reference", "deu", "deu3_dev.tsv"));

    private static MultipartFormDataContent Form(params (string Field, string Text, string FileName)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, text, name) in parts)
        {
            var content = new StringContent(text, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(content, field, name);
        }
        return form;
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task A_bad_protocol_answers_400_located_in_the_protocol()
    {
        var response = await _client.PostAsync("/api/jobs/backtest?models=compromise",
            Form(("data", File.ReadAllText(DeuFile), "deu3_dev.tsv"), ("protocol", "{\"folds\": 1}", "my-protocol.json")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var diagnostics = Json(await response.Content.ReadAsStringAsync()).GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Contains(diagnostics, d => d.GetProperty("file").GetString() == "my-protocol.json");
    }

    [Fact]
    public async Task A_form_without_data_answers_400()
    {
        var response = await _client.PostAsync("/api/jobs/backtest", Form(("fit", "x", "fit.tsv")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Json(await response.Content.ReadAsStringAsync()).GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("path").GetString() == "data");
    }

    [Fact]
    public async Task Fit_and_protocol_answer_the_document_of_brink_backtest_with_the_overlap_warning()
    {
        var protocol = File.ReadAllText(Path.Combine(RepoPaths.Root, "backtest", "protocol.json"));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BrinkApp.Run(["backtest", "deu", DeuFile, "--fit", DeuFile, "--models", "compromise", "--format", "json",
            "--protocol", Path.Combine(RepoPaths.Root, "backtest", "protocol.json")], new CliContext(output, error));
        Assert.True(code == 0, error.ToString());
        var start = await _client.PostAsync($"/api/jobs/backtest?models=compromise&name={Uri.EscapeDataString(DeuFile)}&fit_name={Uri.EscapeDataString(DeuFile)}",
            Form(("data", File.ReadAllText(DeuFile), "a.tsv"), ("fit", File.ReadAllText(DeuFile), "b.tsv"), ("protocol", protocol, "protocol.json")));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = Json(await start.Content.ReadAsStringAsync()).GetProperty("id").GetString()!;
        var events = await _client.GetStringAsync($"/api/jobs/{id}/events");
        Assert.Contains("\"state\":\"succeeded\"", events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1]);
        var result = await _client.GetStringAsync($"/api/jobs/{id}/result");
        Assert.Equal(output.ToString(), result);
        Assert.Contains(Json(result).GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "backtest-fit-overlap");
    }
}
