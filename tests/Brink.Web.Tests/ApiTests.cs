using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Brink.Application;
using Brink.Cli;
using Brink.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Brink.Web.Tests;

/// <summary>Every endpoint of the HTTP API through WebApplicationFactory, including bad input, oversize and cancellation.</summary>
public sealed class ApiTests : IClassFixture<ApiTests.Host>
{
    public sealed class Host : IDisposable
    {
        public WebTestHost Factory { get; } = new();
        public void Dispose() => Factory.Dispose();
    }

    private readonly HttpClient _client;

    public ApiTests(Host host) => _client = host.Factory.CreateClient();

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static string Nato => File.ReadAllText(RepoPaths.Scenario("nato-2022.yaml"));

    private static (int Code, string Out, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BrinkApp.Run(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData("nato-2022.yaml", "")]
    [InlineData("emission.yaml", "&model=eum&variant=all&rounds=4")]
    [InlineData("ceasefire-2025.yaml", "&model=nash")]
    public async Task Run_answers_exactly_the_document_brink_run_prints(string file, string query)
    {
        var path = Path.Combine("scenarios", file);
        var args = new List<string> { "run", Path.Combine(RepoPaths.Root, path), "--format", "json" };
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=');
            args.Add("--" + kv[0]);
            args.Add(kv[1]);
        }
        var cli = Cli([.. args]);
        Assert.Equal(0, cli.Code);
        var response = await _client.PostAsync($"/api/run?name={Uri.EscapeDataString(Path.Combine(RepoPaths.Root, path))}{query}",
            Yaml(File.ReadAllText(RepoPaths.Scenario(file))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cli.Out, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A query string such as <c>&amp;variant=ktab&amp;issue=security</c> as the CLI options it stands for.</summary>
    private static IEnumerable<string> QueryAsOptions(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=')).SelectMany(kv => new[] { "--" + kv[0], kv[1] });

    [Theory]
    [InlineData("ceasefire-2025.yaml", "")]
    [InlineData("nato-2022.yaml", "&variant=scholz-code&rounds=4&issue=nato_membership")]
    public async Task Run_with_perspectives_answers_exactly_the_document_brink_run_perspectives_prints(string file, string query)
    {
        var cli = Cli(["run", RepoPaths.Scenario(file), "--perspectives", "--format", "json", .. QueryAsOptions(query)]);
        Assert.True(cli.Code == 0, cli.Error);
        var response = await _client.PostAsync($"/api/run?perspectives=true{query}", Yaml(File.ReadAllText(RepoPaths.Scenario(file))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cli.Out, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Run_with_perspectives_and_another_model_or_variant_is_a_located_400()
    {
        var model = await _client.PostAsync("/api/run?perspectives=true&model=median", Yaml(Nato));
        Assert.Equal(HttpStatusCode.BadRequest, model.StatusCode);
        var d = Json(await model.Content.ReadAsStringAsync()).GetProperty("diagnostics")[0];
        Assert.Equal("perspectives", d.GetProperty("path").GetString());
        var variant = await _client.PostAsync("/api/run?perspectives=true&variant=nope", Yaml(Nato));
        Assert.Equal(HttpStatusCode.BadRequest, variant.StatusCode);
        Assert.Equal("variant", Json(await variant.Content.ReadAsStringAsync()).GetProperty("diagnostics")[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("&variant=ktab&issue=security")]
    public async Task Run_with_model_smp_answers_exactly_the_document_brink_run_model_smp_prints(string query)
    {
        var path = RepoPaths.Scenario("nato-2022-package.yaml");
        var cli = Cli(["run", path, "--model", "smp", "--format", "json", .. QueryAsOptions(query)]);
        Assert.True(cli.Code == 0, cli.Error);
        var response = await _client.PostAsync($"/api/run?model=smp&name={Uri.EscapeDataString(path)}{query}", Yaml(File.ReadAllText(path)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(cli.Out, body);
        Assert.Equal("smp", Json(body).GetProperty("issues")[0].GetProperty("models")[0].GetProperty("model").GetString());
    }

    [Fact]
    public async Task Run_with_model_smp_and_an_unknown_issue_or_variant_is_a_located_400()
    {
        var package = File.ReadAllText(RepoPaths.Scenario("nato-2022-package.yaml"));
        var issue = await _client.PostAsync("/api/run?model=smp&issue=nope", Yaml(package));
        Assert.Equal(HttpStatusCode.BadRequest, issue.StatusCode);
        var d = Json(await issue.Content.ReadAsStringAsync()).GetProperty("diagnostics")[0];
        Assert.Equal("issue", d.GetProperty("path").GetString());
        Assert.Contains("unknown issue 'nope'", d.GetProperty("message").GetString());
        var variant = await _client.PostAsync("/api/run?model=smp&variant=nope", Yaml(package));
        Assert.Equal(HttpStatusCode.BadRequest, variant.StatusCode);
        Assert.Equal("variant", Json(await variant.Content.ReadAsStringAsync()).GetProperty("diagnostics")[0].GetProperty("path").GetString());
        // rounds would be silently ignored by the SMP (its own stopping rule): refused, located.
        var rounds = await _client.PostAsync("/api/run?model=smp&rounds=5", Yaml(package));
        Assert.Equal(HttpStatusCode.BadRequest, rounds.StatusCode);
        Assert.Equal("rounds", Json(await rounds.Content.ReadAsStringAsync()).GetProperty("diagnostics")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task The_openapi_document_has_the_perspectives_option_and_its_document()
    {
        var text = await _client.GetStringAsync("/openapi/v1.json");
        var run = Json(text).GetProperty("paths").GetProperty("/api/run").GetProperty("post");
        Assert.Contains(run.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "perspectives");
        Assert.Contains("perspectives=true", run.GetProperty("description").GetString());
        Assert.Contains("PerspectivesDocument", text);
        Assert.Contains("eu_a_of_b", text);
        // The other documents /api/run answers (model=smp, model=crisis) are in the response schema too.
        var schemas = Json(text).GetProperty("components").GetProperty("schemas");
        JsonElement Resolve(JsonElement s) => s.TryGetProperty("$ref", out var r) ? schemas.GetProperty(r.GetString()!.Split('/')[^1]) : s;
        var alternatives = run.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf")
            .EnumerateArray().Select(s => Resolve(s).GetProperty("properties")).ToList();
        Assert.Equal(4, alternatives.Count);
        Assert.True(alternatives[2].TryGetProperty("options", out _), "SmpDocument (model=smp) has its options block");
        Assert.True(alternatives[3].TryGetProperty("dyads", out _), "CrisisDocument (model=crisis) has its dyads");
    }

    [Fact]
    public async Task Run_reads_options_from_the_query()
    {
        var response = await _client.PostAsync("/api/run?model=eum&variant=paper&rounds=3", Yaml(Nato));
        var doc = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, doc.GetProperty("options").GetProperty("rounds").GetInt32());
        foreach (var issue in doc.GetProperty("issues").EnumerateArray())
        {
            var model = Assert.Single(issue.GetProperty("models").EnumerateArray());
            Assert.Equal("paper", model.GetProperty("variant").GetString());
            Assert.Equal(3, model.GetProperty("rounds").GetArrayLength());
        }
    }

    [Fact]
    public async Task Run_reads_json_and_csv_by_content_type_or_format()
    {
        var csv = "actor,capability,position,salience\nA,10,0,50\nB,20,100,60\nC,30,40,70\n";
        var byQuery = await _client.PostAsync("/api/run?format=csv&model=median", new StringContent(csv, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        var byType = await _client.PostAsync("/api/run?model=median", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(await byQuery.Content.ReadAsStringAsync(), await byType.Content.ReadAsStringAsync());
        Assert.Equal(40, Json(await byType.Content.ReadAsStringAsync()).GetProperty("models")[0].GetProperty("forecast").GetProperty("median").GetDouble());

        var json = """{"title": "t", "issues": [{"id": "x", "scale": {"min": 0, "max": 10}}], "actors": [{"id": "a", "capability": 1, "positions": {"x": {"position": 2, "salience": 1}}}, {"id": "b", "capability": 1, "positions": {"x": {"position": 8, "salience": 1}}}]}""";
        var fromJson = await _client.PostAsync("/api/validate", new StringContent(json, Encoding.UTF8, "application/json"));
        var validation = Json(await fromJson.Content.ReadAsStringAsync());
        Assert.True(validation.GetProperty("valid").GetBoolean(), validation.ToString());
    }

    [Fact]
    public async Task Bad_scenario_answers_400_with_located_diagnostics()
    {
        var broken = Nato.Replace("capability: {value: 70,", "capability: {value: lots,");
        Assert.NotEqual(Nato, broken);
        var response = await _client.PostAsync("/api/run?name=nato.yaml", Yaml(broken));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var d = problem.GetProperty("diagnostics").EnumerateArray().First(x => x.GetProperty("severity").GetString() == "error");
        var line = Nato.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("capability: {value: 70,")).i + 1;
        Assert.Equal(line, d.GetProperty("line").GetInt32());
        Assert.True(d.GetProperty("column").GetInt32() > 0);
        Assert.Contains("capability", d.GetProperty("path").GetString());
        Assert.Equal("nato.yaml", d.GetProperty("file").GetString());
        Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("rounds=-1", "rounds")]
    [InlineData("rounds=ten", "rounds")]
    [InlineData("model=oracle", "model")]
    [InlineData("model=eum&variant=nope", "variant")]
    [InlineData("issue=nope", "issue")]
    [InlineData("format=xml", "format")]
    public async Task Bad_options_answer_400_naming_the_option(string query, string field)
    {
        var response = await _client.PostAsync($"/api/run?{query}", Yaml(Nato));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var d = Json(await response.Content.ReadAsStringAsync()).GetProperty("diagnostics");
        Assert.Contains(d.EnumerateArray(), x => x.GetProperty("path").GetString() == field);
    }

    [Fact]
    public async Task Validate_answers_valid_and_diagnostics()
    {
        var ok = Json(await (await _client.PostAsync("/api/validate", Yaml(Nato))).Content.ReadAsStringAsync());
        Assert.True(ok.GetProperty("valid").GetBoolean());
        Assert.Equal(11, ok.GetProperty("summary").GetProperty("actors").GetInt32());

        var response = await _client.PostAsync("/api/validate", Yaml("title: x\nissues:\n  - id: a\n    scale: {min: 0, max: 1}\nactors: 3\n"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bad = Json(await response.Content.ReadAsStringAsync());
        Assert.False(bad.GetProperty("valid").GetBoolean());
        var d = Assert.Single(bad.GetProperty("diagnostics").EnumerateArray(), x => x.GetProperty("path").GetString() == "actors");
        Assert.Equal(5, d.GetProperty("line").GetInt32());
        Assert.Equal(9, d.GetProperty("column").GetInt32());
        foreach (var field in new[] { "line", "column", "path", "message" }) Assert.True(d.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Body_that_is_not_utf8_answers_400()
    {
        var response = await _client.PostAsync("/api/validate", new ByteArrayContent([0xff, 0xfe, 0x00, 0xc3]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Models_and_bundled_scenarios_are_listed()
    {
        var models = Json(await _client.GetStringAsync("/api/models"));
        var eum = models.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "eum");
        Assert.Contains("paper", eum.GetProperty("variants").EnumerateArray().Select(v => v.GetString()));
        var names = Json(await _client.GetStringAsync("/api/scenarios")).EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal(Directory.GetFiles(Path.Combine(RepoPaths.Root, "scenarios"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(), names);
        Assert.Equal(Nato, await _client.GetStringAsync("/api/scenarios/nato-2022"));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/scenarios/atlantis")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint_and_the_reference_page_is_local()
    {
        var doc = Json(await _client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var route in new[] { "/api/validate", "/api/run", "/api/models", "/api/scenarios", "/api/scenarios/{name}", "/api/jobs/simulate", "/api/jobs/sensitivity", "/api/jobs/{id}",
                     "/api/jobs/{id}/events", "/api/jobs/{id}/cancel", "/api/jobs/{id}/result", "/api/ledger/questions", "/api/ledger/forecasts",
                     "/api/ledger/resolutions", "/api/ledger/leaderboard" })
            Assert.Contains(route, paths);
        Assert.True(doc.GetProperty("paths").GetProperty("/api/run").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/yaml", out _));
        var page = await _client.GetStringAsync("/scalar/");
        Assert.DoesNotContain("cdn.", page);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/scalar/scalar.js")).StatusCode);
    }

    [Fact]
    public async Task Simulate_job_reports_progress_and_keeps_its_result()
    {
        var start = await _client.PostAsync("/api/jobs/simulate?draws=400&seed=7&model=compromise,median", Yaml(Nato));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = Json(await start.Content.ReadAsStringAsync()).GetProperty("id").GetString()!;

        var events = await _client.GetStringAsync($"/api/jobs/{id}/events");
        var blocks = events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: done\ndata: ", blocks[^1]);
        var done = Json(blocks[^1].Split("data: ", 2)[1]);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(1.0, done.GetProperty("fraction").GetDouble());

        var result = await _client.GetStringAsync($"/api/jobs/{id}/result");
        var expected = SimulateService.Run(new SimulateRequest
        {
            Scenario = ScenarioSource.FromText(Nato, Brink.Scenarios.ScenarioFormat.Yaml), Draws = 400, Seed = 7, Models = ["compromise,median"],
        });
        Assert.Equal(BrinkJson.Serialize(expected.Report!) + "\n", result);
        Assert.Equal("succeeded", Json(await _client.GetStringAsync($"/api/jobs/{id}")).GetProperty("state").GetString());
    }

    /// <summary>A simulate job of <paramref name="model"/> on nato-2022-package.yaml (30 draws, seed 3): its result, checked to be the bytes of <see cref="SimulateService.Run"/>.</summary>
    private async Task<string> PackageSimulateJobAsSimulateService(string model)
    {
        var package = File.ReadAllText(RepoPaths.Scenario("nato-2022-package.yaml"));
        var start = await _client.PostAsync($"/api/jobs/simulate?draws=30&seed=3&model={model}", Yaml(package));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = Json(await start.Content.ReadAsStringAsync()).GetProperty("id").GetString()!;
        var events = await _client.GetStringAsync($"/api/jobs/{id}/events");
        Assert.Contains("\"succeeded\"", events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1]);
        var result = await _client.GetStringAsync($"/api/jobs/{id}/result");
        var expected = SimulateService.Run(new SimulateRequest
        {
            Scenario = ScenarioSource.FromText(package, Brink.Scenarios.ScenarioFormat.Yaml), Draws = 30, Seed = 3, Models = [model],
        });
        Assert.Equal(BrinkJson.Serialize(expected.Report!) + "\n", result);
        return result;
    }

    [Fact]
    public async Task Simulate_job_with_model_smp_draws_the_packages_dimensions_jointly_as_brink_simulate()
    {
        var result = await PackageSimulateJobAsSimulateService("smp");
        var issues = Json(result).GetProperty("issues").EnumerateArray().ToList();
        Assert.Equal(["security.nato_membership", "security.force_posture"], issues.Select(i => i.GetProperty("issue").GetString()));
        Assert.All(issues, i => Assert.Equal(2, i.GetProperty("models")[0].GetProperty("space").GetArrayLength()));
    }

    [Fact]
    public async Task Simulate_job_with_model_nash_package_solves_the_package_per_joint_draw_and_refuses_a_scenario_without_packages()
    {
        var models = Json(await _client.GetStringAsync("/api/models"));
        var listed = models.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "nash-package");
        Assert.Equal(["quadratic"], listed.GetProperty("variants").EnumerateArray().Select(v => v.GetString()));

        var result = await PackageSimulateJobAsSimulateService("nash-package");
        Assert.All(Json(result).GetProperty("issues").EnumerateArray(), i => Assert.Equal("nash-package", i.GetProperty("models")[0].GetProperty("model").GetString()));

        var refused = await _client.PostAsync("/api/jobs/simulate?draws=30&model=nash-package&name=nato-2022.yaml", Yaml(Nato));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = Json(await refused.Content.ReadAsStringAsync());
        Assert.False(body.TryGetProperty("id", out _));
        var diagnostic = Assert.Single(body.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("path").GetString() == "model");
        Assert.Contains("model 'nash-package' solves Nash bargaining on the product space", diagnostic.GetProperty("message").GetString());
        Assert.Contains("multi-dimensional package", diagnostic.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Sensitivity_job_answers_the_document_of_brink_sensitivity()
    {
        var start = await _client.PostAsync("/api/jobs/sensitivity?model=compromise&samples=16&trajectories=4&seed=3&issue=force_posture", Yaml(Nato));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = Json(await start.Content.ReadAsStringAsync()).GetProperty("id").GetString()!;
        var events = await _client.GetStringAsync($"/api/jobs/{id}/events");
        Assert.Contains("\"state\":\"succeeded\"", events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1]);
        var result = await _client.GetStringAsync($"/api/jobs/{id}/result");

        var path = RepoPaths.Scenario("nato-2022.yaml");
        var cli = Cli("sensitivity", path, "--model", "compromise", "--samples", "16", "--trajectories", "4", "--seed", "3", "--issue", "force_posture", "--format", "json");
        Assert.Equal(0, cli.Code);
        Assert.Equal(cli.Out, result);
        Assert.True(Json(result).GetProperty("result").GetProperty("tornado").GetArrayLength() > 0);

        var bad = await _client.PostAsync("/api/jobs/sensitivity?samples=1", Yaml(Nato));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains(Json(await bad.Content.ReadAsStringAsync()).GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("path").GetString() == "samples");
    }

    [Fact]
    public async Task Simulate_job_can_be_cancelled_and_keeps_the_partial_result()
    {
        var start = await _client.PostAsync("/api/jobs/simulate?draws=1000000&model=eum", Yaml(Nato));
        var id = Json(await start.Content.ReadAsStringAsync()).GetProperty("id").GetString()!;
        var pending = await _client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        var cancel = await _client.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var events = await _client.GetStringAsync($"/api/jobs/{id}/events");
        var done = Json(events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split("data: ", 2)[1]);
        Assert.Equal("cancelled", done.GetProperty("state").GetString());
        Assert.True(done.GetProperty("partial").GetBoolean());
        var result = Json(await _client.GetStringAsync($"/api/jobs/{id}/result"));
        Assert.True(result.GetProperty("partial").GetBoolean());
        Assert.True(result.GetProperty("draws_completed").GetInt32() < 1_000_000);
    }

    [Fact]
    public async Task Simulate_job_with_bad_input_answers_400_at_once()
    {
        foreach (var draws in new[] { 0, 1_000_001 })
        {
            var response = await _client.PostAsync($"/api/jobs/simulate?draws={draws}", Yaml(Nato));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(Json(await response.Content.ReadAsStringAsync()).GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("path").GetString() == "draws");
        }
        var broken = await _client.PostAsync("/api/jobs/simulate", Yaml("title: [unclosed\n"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/jobs/nosuchjob")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/jobs/nosuchjob/result")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/jobs/nosuchjob/cancel", null)).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&model=compromise")]
    [InlineData("&model=crisis")]
    public async Task Simulate_job_with_an_unknown_issue_answers_400_before_any_job_starts(string model)
    {
        var response = await _client.PostAsync($"/api/jobs/simulate?draws=50&issue=no-such-issue{model}&name=nato-2022.yaml", Yaml(Nato));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = Json(await response.Content.ReadAsStringAsync());
        Assert.False(body.TryGetProperty("id", out _));
        var diagnostic = Assert.Single(body.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("path").GetString() == "issue");
        Assert.Contains("no-such-issue", diagnostic.GetProperty("message").GetString());
        Assert.Contains("nato-2022.yaml", diagnostic.GetProperty("message").GetString());
        Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Ledger_question_forecast_resolution_and_leaderboard()
    {
        var q = await _client.PostAsync("/api/ledger/questions", JsonBody(new
        {
            id = "api-q1", title = "Does it happen?", criteria = "Reported by Reuters", close = "2027-01-01T00:00:00Z",
        }));
        Assert.Equal(HttpStatusCode.Created, q.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/ledger/forecasts", JsonBody(new { question = "api-q1", forecaster = "ada", probabilities = new[] { 0.8 } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/ledger/forecasts", JsonBody(new { question = "api-q1", forecaster = "bob", probabilities = new[] { 0.3 } }))).StatusCode);
        var listed = Json(await _client.GetStringAsync("/api/ledger/questions"));
        Assert.Equal(2, listed.EnumerateArray().Single(x => x.GetProperty("id").GetString() == "api-q1").GetProperty("forecasts").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/ledger/resolutions", JsonBody(new { question = "api-q1", outcome = "yes" }))).StatusCode);

        var board = Json(await _client.GetStringAsync("/api/ledger/leaderboard"));
        var entries = board.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["ada", "bob"], entries.Select(e => e.GetProperty("forecaster").GetString()));
        Assert.Equal(0.04, entries[0].GetProperty("score").GetDouble(), 10);   // Brier (1 − 0.8)²
        Assert.Equal(0.49, entries[1].GetProperty("score").GetDouble(), 10);
    }

    [Theory]
    [InlineData("/api/ledger/forecasts", """{"question": "no-such-question", "forecaster": "ada", "probabilities": [0.5]}""", "ledger")]
    [InlineData("/api/ledger/forecasts", """{"question": "x", "forecaster": "ada", "probabilities": [1.5]}""", "ledger")]
    [InlineData("/api/ledger/questions", """{"id": "", "title": "t", "criteria": "c", "close": "2027-01-01T00:00:00Z"}""", "ledger")]
    [InlineData("/api/ledger/resolutions", """{"question": "no-such-question", "outcome": "yes"}""", "ledger")]
    public async Task Ledger_mistakes_answer_400(string route, string body, string field)
    {
        var response = await _client.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Json(await response.Content.ReadAsStringAsync()).GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("path").GetString() == field);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/ledger/leaderboard?metric=vibes")).StatusCode);
    }

    private static StringContent JsonBody(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}

/// <summary>Limits and failures that need their own host configuration.</summary>
public sealed class ApiLimitTests
{
    [Fact]
    public async Task Oversize_body_answers_413()
    {
        using var host = new WebTestHost(new BrinkWebOptions { MaxBodyBytes = 2048 });
        var client = host.CreateClient();
        var big = "title: big\n" + new string('#', 4096) + "\n";
        foreach (var route in new[] { "/api/validate", "/api/run", "/api/jobs/simulate" })
        {
            var response = await client.PostAsync(route, new StringContent(big, Encoding.UTF8, "application/yaml"));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal(413, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        }
        // Without a Content-Length (chunked), the limit holds while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/validate") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(request)).StatusCode);
    }

    private sealed class FailingCatalog : IScenarioCatalog
    {
        public IReadOnlyList<string> Names() => throw new InvalidOperationException("secret internal detail at Brink.Web.Somewhere");
        public string? Text(string name) => throw new InvalidOperationException("secret internal detail");
    }

    [Fact]
    public async Task Internal_error_answers_500_without_a_stack_trace()
    {
        using var host = new WebTestHost(services: s => s.AddSingleton<IScenarioCatalog, FailingCatalog>());
        var response = await host.CreateClient().GetAsync("/api/scenarios");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret", body);
        Assert.DoesNotContain(" at ", body);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    public void Serve_refuses_a_non_loopback_bind_without_authentication(string host)
    {
        Assert.Contains("without authentication", new BrinkWebOptions { Host = host }.BindError());
        Assert.Null(new BrinkWebOptions { Host = host, AuthenticationConfigured = true }.BindError());
        var error = new StringWriter();
        Assert.Equal(2, Brink.Cli.BrinkApp.Run(["serve", "--host", host, "--port", "0"], new Brink.Cli.CliContext(new StringWriter(), error)));
        Assert.Contains("refusing to bind", error.ToString());
    }

    [Fact]
    public async Task Serve_prints_its_address_and_serves_the_workbench_until_stopped()
    {
        var db = Path.Combine(Path.GetTempPath(), $"brink-serve-{Guid.NewGuid():n}.db");
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(() => BrinkWebHost.ServeAsync(new BrinkWebOptions { Port = 0, Db = db }, TextWriter.Synchronized(output), TextWriter.Null, stop.Token));
        string? url = null;
        for (var i = 0; i < 600 && url is null && !serving.IsCompleted; i++)
        {
            await Task.Delay(100);
            url = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"Brink workbench: (http://127\.0\.0\.1:\d+)/").Groups[1] is { Success: true } g ? g.Value : null;
        }
        Assert.NotNull(url);
        Assert.Contains(db, output.ToString());
        using var client = new HttpClient();
        var page = await client.GetStringAsync(url + "/");
        Assert.Contains("Brink", page);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url + "/_content/MudBlazor/MudBlazor.min.css")).StatusCode);
        stop.Cancel();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(db);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public void Loopback_binds_are_allowed(string host) => Assert.Null(new BrinkWebOptions { Host = host }.BindError());
}
