using System.Net;
using System.Text;
using System.Text.Json;
using Brink.Cli;

namespace Brink.Web.Tests;

/// <summary>
/// <c>POST /api/crisis</c>, <c>POST /api/run?model=crisis</c>, <c>POST /api/whatif</c> and the back-test job through
/// WebApplicationFactory: each answers the document its CLI command prints with --format json, bad input answers 400 with
/// located diagnostics, the back-test job reports progress and can be cancelled.
/// </summary>
public sealed class AnalysisApiTests : IClassFixture<ApiTests.Host>
{
    private readonly HttpClient _client;

    public AnalysisApiTests(ApiTests.Host host) => _client = host.Factory.CreateClient();

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static string Nato => File.ReadAllText(RepoPaths.Scenario("nato-2022.yaml"));

    private static string DeuFile => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "reference", "deu", "deu3_dev.tsv"));

    private static (int Code, string Out, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BrinkApp.Run(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static async Task<JsonElement> Problem(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = Json(await response.Content.ReadAsStringAsync());
        var d = problem.GetProperty("diagnostics").EnumerateArray().FirstOrDefault(x => x.GetProperty("path").GetString() == field);
        Assert.True(d.ValueKind == JsonValueKind.Object, $"no diagnostic at '{field}' in {problem}");
        Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("message").GetString()));
        return d;
    }

    [Theory]
    [InlineData("nato-2022.yaml", "/api/crisis?", new string[0])]
    [InlineData("nato-2022.yaml", "/api/run?model=crisis&", new string[0])]
    [InlineData("emission.yaml", "/api/crisis?variant=scholz-code&rounds=3&", new[] { "--variant", "scholz-code", "--rounds", "3" })]
    [InlineData("nato-2022.yaml", "/api/run?model=crisis&issue=nato_membership&", new[] { "--issue", "nato_membership" })]
    public async Task Crisis_answers_exactly_the_document_of_brink_run_model_crisis(string file, string route, string[] options)
    {
        var path = RepoPaths.Scenario(file);
        var cli = Cli(["run", path, "--model", "crisis", "--format", "json", .. options]);
        Assert.Equal(0, cli.Code);
        var response = await _client.PostAsync($"{route}name={Uri.EscapeDataString(path)}", Yaml(File.ReadAllText(path)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cli.Out, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Crisis_without_the_eum_answers_the_document_of_brink_crisis_scenario()
    {
        var path = RepoPaths.Scenario("ceasefire-2025.yaml");
        var cli = Cli("crisis", "scenario", path, "--format", "json");
        Assert.Equal(0, cli.Code);
        var response = await _client.PostAsync($"/api/crisis?join=none&name={Uri.EscapeDataString(path)}", Yaml(File.ReadAllText(path)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(cli.Out, body);
        var doc = Json(body);
        Assert.True(doc.GetProperty("dyads").GetArrayLength() > 0);
        Assert.Contains(doc.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "crisis-every-dyad");
    }

    [Theory]
    [InlineData("/api/crisis?rounds=-1", "rounds")]
    [InlineData("/api/crisis?rounds=ten", "rounds")]
    [InlineData("/api/crisis?variant=nope", "variant")]
    [InlineData("/api/crisis?join=sometimes", "join")]
    [InlineData("/api/crisis?join=none&variant=paper", "variant")]
    [InlineData("/api/crisis?issue=nope", "issue")]
    [InlineData("/api/run?model=crisis&rounds=-1", "rounds")]
    [InlineData("/api/whatif", "target")]
    [InlineData("/api/whatif?target=lots", "target")]
    [InlineData("/api/whatif?target=50&actors=nobody", "actors")]
    [InlineData("/api/whatif?target=50&max_position_change=-1", "max_position_change")]
    [InlineData("/api/whatif?target=50&model=oracle", "model")]
    [InlineData("/api/whatif?target=50&parameters=capability", "parameters")]
    [InlineData("/api/whatif?target=50&issue=nope", "issue")]
    public async Task Bad_options_answer_400_naming_the_option(string route, string field)
    {
        var d = await Problem(await _client.PostAsync(route, Yaml(Nato)), field);
        Assert.Equal("request", d.GetProperty("file").GetString());
    }

    [Theory]
    [InlineData("/api/crisis")]
    [InlineData("/api/run?model=crisis")]
    [InlineData("/api/whatif?target=50")]
    public async Task A_bad_scenario_answers_400_with_the_line_and_field(string route)
    {
        var broken = Nato.Replace("capability: {value: 70,", "capability: {value: lots,");
        var response = await _client.PostAsync(route + (route.Contains('?') ? "&" : "?") + "name=nato.yaml", Yaml(broken));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var d = Json(await response.Content.ReadAsStringAsync()).GetProperty("diagnostics").EnumerateArray().First(x => x.GetProperty("severity").GetString() == "error");
        var line = Nato.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("capability: {value: 70,")).i + 1;
        Assert.Equal(line, d.GetProperty("line").GetInt32());
        Assert.Contains("capability", d.GetProperty("path").GetString());
        Assert.Equal("nato.yaml", d.GetProperty("file").GetString());
    }

    [Theory]
    [InlineData("target=60&model=compromise", new[] { "--target", "60", "--model", "compromise" })]
    [InlineData("target=30&model=median&parameters=salience&measure=median&issue=force_posture",
        new[] { "--target", "30", "--model", "median", "--parameters", "salience", "--measure", "median", "--issue", "force_posture" })]
    [InlineData("target=50&model=compromise&actors=usa,russia&max_position_change=40&max_salience_change=0.1",
        new[] { "--target", "50", "--model", "compromise", "--actors", "usa,russia", "--max-position-change", "40", "--max-salience-change", "0.1" })]
    public async Task WhatIf_answers_exactly_the_document_of_brink_whatif(string query, string[] options)
    {
        var path = RepoPaths.Scenario("nato-2022.yaml");
        var cli = Cli(["whatif", path, "--format", "json", .. options]);
        Assert.True(cli.Code == 0, cli.Error);
        var response = await _client.PostAsync($"/api/whatif?{query}", Yaml(Nato));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(cli.Out, body);
        var doc = Json(body);
        Assert.True(doc.GetProperty("bounds").GetArrayLength() > 0);
        Assert.True(doc.GetProperty("best").GetProperty("distance").GetDouble() >= 0);
    }

    [Fact]
    public async Task Backtest_job_reports_progress_and_answers_the_document_of_brink_backtest_deu()
    {
        var start = await _client.PostAsync($"/api/jobs/backtest?models=median,status-quo&name={Uri.EscapeDataString(DeuFile)}",
            new StringContent(File.ReadAllText(DeuFile), Encoding.UTF8, "text/tab-separated-values"));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = Json(await start.Content.ReadAsStringAsync());
        Assert.Equal("backtest", status.GetProperty("kind").GetString());
        var id = status.GetProperty("id").GetString()!;

        var events = await _client.GetStringAsync($"/api/jobs/{id}/events");
        var done = Json(events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split("data: ", 2)[1]);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(3, done.GetProperty("total").GetInt32()); // compromise (the baseline, always added), median, status-quo
        Assert.Equal(1.0, done.GetProperty("fraction").GetDouble());

        var result = await _client.GetStringAsync($"/api/jobs/{id}/result");
        var cli = Cli("backtest", "deu", DeuFile, "--models", "median,status-quo", "--format", "json");
        Assert.Equal(0, cli.Code);
        Assert.Equal(cli.Out, result);
        Assert.Equal(["compromise", "median", "status-quo"], Json(result).GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()!).ToArray());
    }

    [Fact]
    public async Task Backtest_job_can_be_cancelled()
    {
        // Every default model: the learned ones are cross-validated (minutes on a shared machine), so the job is still running when cancelled.
        var start = await _client.PostAsync("/api/jobs/backtest", new StringContent(File.ReadAllText(DeuFile), Encoding.UTF8, "text/tab-separated-values"));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = Json(await start.Content.ReadAsStringAsync()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, (await _client.GetAsync($"/api/jobs/{id}/result")).StatusCode);
        var cancel = await _client.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var events = await _client.GetStringAsync($"/api/jobs/{id}/events");
        var done = Json(events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split("data: ", 2)[1]);
        Assert.Equal("cancelled", done.GetProperty("state").GetString());
        Assert.True(done.GetProperty("done").GetInt32() < done.GetProperty("total").GetInt32());
        Assert.NotEqual(HttpStatusCode.OK, (await _client.GetAsync($"/api/jobs/{id}/result")).StatusCode);
    }

    [Theory]
    [InlineData("models=oracle", "models")]
    [InlineData("capabilities=votes,gdp", "capabilities")]
    public async Task Backtest_job_with_bad_options_answers_400_at_once(string query, string field) =>
        await Problem(await _client.PostAsync($"/api/jobs/backtest?{query}", new StringContent(File.ReadAllText(DeuFile), Encoding.UTF8, "text/tab-separated-values")), field);

    [Fact]
    public async Task Backtest_job_on_a_file_that_is_not_deu_answers_400_with_the_located_problem()
    {
        var response = await _client.PostAsync("/api/jobs/backtest?name=nato.yaml", Yaml(Nato));
        var d = await Problem(response, "header");
        Assert.Equal("nato.yaml", d.GetProperty("file").GetString());
        Assert.Equal(1, d.GetProperty("line").GetInt32());
        Assert.Contains("missing column", d.GetProperty("message").GetString());
    }

    [Fact]
    public async Task OpenApi_lists_the_crisis_whatif_and_backtest_endpoints()
    {
        var paths = Json(await _client.GetStringAsync("/openapi/v1.json")).GetProperty("paths");
        foreach (var route in new[] { "/api/crisis", "/api/whatif", "/api/jobs/backtest" })
            Assert.True(paths.TryGetProperty(route, out var p) && p.TryGetProperty("post", out _), route);
        Assert.True(paths.GetProperty("/api/crisis").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/yaml", out _));
    }
}
