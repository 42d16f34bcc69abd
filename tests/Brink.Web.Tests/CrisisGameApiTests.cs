using System.Net;
using System.Text;
using System.Text.Json;
using Brink.Application;
using Brink.Cli;

namespace Brink.Web.Tests;

/// <summary>
/// <c>POST /api/crisis/games/{game}</c> and <c>POST /api/crisis/backtest</c> through WebApplicationFactory: each answers exactly the document
/// that <c>brink crisis GAME --format json</c> prints for the same request, and bad input answers 400 with diagnostics located at the field.
/// </summary>
public sealed class CrisisGameApiTests : IClassFixture<ApiTests.Host>
{
    private readonly HttpClient _client;

    public CrisisGameApiTests(ApiTests.Host host) => _client = host.Factory.CreateClient();

    private static (int Code, string Out, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BrinkApp.Run(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static TheoryData<string, string, string[]> Games() => new()
    {
        { "bargain", """{"p": 0.5, "cost_a": 0.1, "cost_b_max": 0.4}""", ["--p", "0.5", "--cost-a", "0.1", "--cost-b-max", "0.4"] },
        { "audience", """{"p": 0, "cost_d": 0, "audience_cost": 0.5, "prior_resolved": 0.4}""", ["--p", "0", "--cost-d", "0", "--audience-cost", "0.5", "--prior-resolved", "0.4"] },
        { "preventive", """{"path": [0.8, 0.3], "cost_a": 0.1, "cost_b": 0.1}""", ["--path", "0.8,0.3", "--cost-a", "0.1", "--cost-b", "0.1"] },
        { "preventive", """{"path": [0.5, 0.5, 0.5], "cost_a": 0.1, "cost_b": 0.1, "discount": 0.5}""", ["--path", "0.5,0.5,0.5", "--cost-a", "0.1", "--cost-b", "0.1", "--discount", "0.5"] },
        { "interaction", """{"payoffs_a": [0,1,2,3,4,5,6,7], "payoffs_b": [7,6,5,4,3,2,1,0], "lambda": 2}""", ["--payoffs-a", "0,1,2,3,4,5,6,7", "--payoffs-b", "7,6,5,4,3,2,1,0", "--lambda", "2"] },
        { "interaction", """{"payoffs_a": [0,1,2,3,4,5,6,7], "payoffs_b": [7,6,5,4,3,2,1,0]}""", ["--payoffs-a", "0,1,2,3,4,5,6,7", "--payoffs-b", "7,6,5,4,3,2,1,0"] },
        { "optimism", """{"p_a": 0.7, "p_b": 0.4, "cost_a": 0.1, "cost_b": 0.1}""", ["--p-a", "0.7", "--p-b", "0.4", "--cost-a", "0.1", "--cost-b", "0.1"] },
        { "optimism", """{"sweep": true, "p": 0.3, "cost_max": [0.2], "steps": 5, "max_gap": 0.5}""", ["--sweep", "--p", "0.3", "--cost-max", "0.2", "--steps", "5", "--max-gap", "0.5"] },
    };

    [Theory]
    [MemberData(nameof(Games))]
    public async Task A_game_answers_exactly_the_document_of_its_CLI_command(string game, string body, string[] options)
    {
        var cli = Cli(["crisis", game, .. options, "--format", "json"]);
        Assert.Equal(0, cli.Code);
        var response = await _client.PostAsync($"/api/crisis/games/{game}", Body(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cli.Out, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_document_is_the_one_the_service_builds_from_the_same_request()
    {
        var request = new BargainRequest { P = 0.9, CostA = 0, CostBMax = 1 };
        var response = await _client.PostAsync("/api/crisis/games/bargain", Body(BrinkJson.Serialize(request)));
        Assert.Equal(BrinkJson.Serialize(CrisisGameService.Bargain(request)) + "\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("bargain", """{"p": 1.5, "cost_a": 0.1, "cost_b_max": 0.4}""", "p", "--p")]
    [InlineData("bargain", """{"p": 0.5, "cost_a": 0.1}""", "cost_b_max", "--cost-b-max is required")]
    [InlineData("preventive", """{"path": [0.8, 1.3], "cost_a": 0.1, "cost_b": 0.1}""", "path[1]", "--path[2]")]
    [InlineData("interaction", """{"payoffs_a": [0,1,2], "payoffs_b": [7,6,5,4,3,2,1,0]}""", "payoffs_a", "needs 8")]
    [InlineData("audience", """{"p": 0.5, "cost_d": -1, "audience_cost": 0.5, "prior_resolved": 0.4}""", "cost_d", "--cost-d")]
    [InlineData("optimism", """{"p_a": 0.7}""", "p_b", "--p-b is required")]
    [InlineData("bargain", """{"p": 0.5, "cost_a": 0.1, "cost_b_max": 0.4, "costa": 1}""", "costa", "unknown field 'costa'")]
    [InlineData("bargain", """{"p": "x"}""", "p", "not a valid request")]
    public async Task Bad_input_answers_400_with_a_located_diagnostic(string game, string body, string field, string message)
    {
        var response = await _client.PostAsync($"/api/crisis/games/{game}", Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text);
        var diagnostics = JsonDocument.Parse(text).RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Contains(diagnostics, d => d.GetProperty("path").GetString() == field && d.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_game_answers_404_naming_the_games()
    {
        var response = await _client.PostAsync("/api/crisis/games/chicken", Body("{}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("bargain", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_backtest_answers_the_CLI_document_and_refuses_a_data_folder()
    {
        var refused = await _client.PostAsync("/api/crisis/backtest", Body("""{"data": "/etc"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var bad = await _client.PostAsync("/api/crisis/backtest", Body("""{"folds": 1}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        if (CrisisBacktestRequest.DefaultFolder() is null) return; // no reference data here: the 400s above still ran
        Assert.Contains("\"folds\"", await bad.Content.ReadAsStringAsync());
        var cli = Cli("crisis", "backtest", "--folds", "3", "--format", "json");
        Assert.Equal(0, cli.Code);
        var response = await _client.PostAsync("/api/crisis/backtest", Body("""{"folds": 3}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(cli.Out, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_backtest_job_shows_progress_answers_the_CLI_document_and_can_be_cancelled()
    {
        var refused = await _client.PostAsync("/api/jobs/crisis-backtest", Body("""{"data": "/etc"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"path\":\"data\"", await refused.Content.ReadAsStringAsync());
        var bad = await _client.PostAsync("/api/jobs/crisis-backtest", Body("""{"folds": 1"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        if (CrisisBacktestRequest.DefaultFolder() is null) return; // no reference data here: the 400s above still ran
        var fewFolds = await _client.PostAsync("/api/jobs/crisis-backtest", Body("""{"folds": 1}"""));
        Assert.Equal(HttpStatusCode.BadRequest, fewFolds.StatusCode);
        Assert.Contains("\"path\":\"folds\"", await fewFolds.Content.ReadAsStringAsync());

        // Cancelled at once: the job stops after reading the data and keeps no result.
        var doomed = await StartAsync("""{"folds": 3}""");
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync($"/api/jobs/{doomed}/cancel", null)).StatusCode);
        var last = (await _client.GetStringAsync($"/api/jobs/{doomed}/events")).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("event: done", last);
        Assert.Contains("\"state\":\"cancelled\"", last);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/jobs/{doomed}/result")).StatusCode);

        var id = await StartAsync("""{"folds": 3}""");
        var events = (await _client.GetStringAsync($"/api/jobs/{id}/events")).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"state\":\"succeeded\"", events[^1]);
        // Progress counts the scores (models × outcomes × splits of both data sets): every progress event of that stage
        // that the stream caught while the job ran (it reports every 250 ms and when a stage starts, so a stage that ends
        // before the stream wakes may show none) and the final status below.
        var scoring = events.Where(e => e.StartsWith("event: progress", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e[(e.IndexOf("data: ", StringComparison.Ordinal) + 6)..]).RootElement)
            .Where(e => e.GetProperty("stage").GetString()!.EndsWith(" scores", StringComparison.Ordinal)).ToList();
        Assert.All(scoring, e => Assert.True(e.GetProperty("total").GetInt64() > 1 && e.GetProperty("done").GetInt64() <= e.GetProperty("total").GetInt64()));
        var cli = Cli("crisis", "backtest", "--folds", "3", "--format", "json");
        Assert.Equal(0, cli.Code);
        Assert.Equal(cli.Out, await _client.GetStringAsync($"/api/jobs/{id}/result"));
        var status = JsonDocument.Parse(await _client.GetStringAsync($"/api/jobs/{id}")).RootElement;
        Assert.Equal("crisis-backtest", status.GetProperty("kind").GetString());
        Assert.EndsWith(" scores", status.GetProperty("stage").GetString(), StringComparison.Ordinal);
        Assert.True(status.GetProperty("total").GetInt64() > 1, "the scoring stage counts its scores");
        Assert.Equal(status.GetProperty("total").GetInt64(), status.GetProperty("done").GetInt64());
    }

    private async Task<string> StartAsync(string body)
    {
        var start = await _client.PostAsync("/api/jobs/crisis-backtest", Body(body));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_routes()
    {
        var text = await _client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/crisis/games/{game}", text);
        Assert.Contains("/api/crisis/backtest", text);
        Assert.Contains("/api/jobs/crisis-backtest", text);
    }
}
