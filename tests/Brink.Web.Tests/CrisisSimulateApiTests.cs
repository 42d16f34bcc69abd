using System.Net;
using System.Text;
using System.Text.Json;
using Brink.Cli;

namespace Brink.Web.Tests;

/// <summary>
/// <c>POST /api/jobs/simulate?model=crisis</c> and <c>threatsFromLedger=true</c> (simulate and <c>/api/crisis</c>) through WebApplicationFactory:
/// the job's result is byte for byte the document of <c>brink simulate --model crisis -f json</c>, the ledger read is the server's own, bad
/// input answers 400 with located diagnostics.
/// </summary>
public sealed class CrisisSimulateApiTests : IDisposable
{
    private readonly WebTestHost _host = new();
    private readonly HttpClient _client;

    public CrisisSimulateApiTests() => _client = _host.CreateClient();

    public void Dispose() => _host.Dispose();

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static (int Code, string Out, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BrinkApp.Run(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private async Task<(JsonElement Status, string Result)> Job(string route, string path)
    {
        var start = await _client.PostAsync($"{route}&name={Uri.EscapeDataString(path)}", Yaml(File.ReadAllText(path)));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = Json(await start.Content.ReadAsStringAsync()).GetProperty("id").GetString()!;
        var events = await _client.GetStringAsync($"/api/jobs/{id}/events");
        var done = Json(events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split("data: ", 2)[1]);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        return (done, await _client.GetStringAsync($"/api/jobs/{id}/result"));
    }

    [Theory]
    [InlineData("nato-2022.yaml", "", new string[0])]
    [InlineData("ceasefire-2025.yaml", "&variant=scholz-code&issue=territory&bins=5", new[] { "--variant", "scholz-code", "--issue", "territory", "--bins", "5" })]
    public async Task Crisis_simulate_job_answers_exactly_the_document_of_brink_simulate_model_crisis(string file, string query, string[] options)
    {
        var path = RepoPaths.Scenario(file);
        var cli = Cli(["simulate", path, "--model", "crisis", "--draws", "30", "--seed", "5", "--format", "json", .. options]);
        Assert.True(cli.Code == 0, cli.Error);
        var (_, result) = await Job($"/api/jobs/simulate?model=crisis&draws=30&seed=5{query}", path);
        Assert.Equal(cli.Out, result);
        var doc = Json(result);
        Assert.Equal("crisis", doc.GetProperty("model").GetString());
        Assert.True(doc.GetProperty("dyads").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("model=crisis,eum", "model")]
    [InlineData("model=crisis&shocks=true", "shocks")]
    [InlineData("model=crisis&variant=nope", "variant")]
    [InlineData("model=crisis&draws=0", "draws")]
    [InlineData("model=crisis&issue=nope", "issue")]
    [InlineData("model=eum&threatsFromLedger=true", "threatsFromLedger")]
    public async Task Crisis_simulate_bad_options_answer_400_with_the_field(string query, string field)
    {
        var response = await _client.PostAsync($"/api/jobs/simulate?{query}", Yaml(File.ReadAllText(RepoPaths.Scenario("nato-2022.yaml"))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Json(await response.Content.ReadAsStringAsync());
        var diagnostics = problem.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Contains(diagnostics, d => d.GetProperty("path").GetString() == field && d.GetProperty("message").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Crisis_simulate_of_a_broken_scenario_answers_located_diagnostics()
    {
        var response = await _client.PostAsync("/api/jobs/simulate?model=crisis", Yaml("title: [unclosed\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var d = Json(await response.Content.ReadAsStringAsync()).GetProperty("diagnostics")[0];
        Assert.True(d.GetProperty("line").GetInt32() >= 1);
    }

    private void ImportExampleLedger() =>
        Assert.Equal(0, Cli("ledger", "import", "example", "--db", _host.LedgerPath).Code);

    [Fact]
    public async Task Threats_from_ledger_reads_the_servers_ledger_in_simulate_and_crisis()
    {
        ImportExampleLedger();
        var path = RepoPaths.Scenario("ceasefire-2025.yaml");
        var cli = Cli("simulate", path, "--model", "crisis", "--draws", "20", "--seed", "3", "--format", "json", "--threats-from-ledger", "--db", _host.LedgerPath);
        Assert.True(cli.Code == 0, cli.Error);
        var plain = Cli("simulate", path, "--model", "crisis", "--draws", "20", "--seed", "3", "--format", "json");
        Assert.NotEqual(plain.Out, cli.Out);
        var (status, result) = await Job("/api/jobs/simulate?model=crisis&draws=20&seed=3&threatsFromLedger=true", path);
        Assert.Equal(cli.Out, result);
        var notices = status.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notices, n => n.Contains("actor 'usa': threat_record \"B\" from the ledger", StringComparison.Ordinal));
        foreach (var n in notices.Where(n => n.Contains("from the ledger", StringComparison.Ordinal))) Assert.Contains(n, cli.Error);

        var run = Cli("run", path, "--model", "crisis", "--format", "json", "--threats-from-ledger", "--db", _host.LedgerPath);
        Assert.True(run.Code == 0, run.Error);
        foreach (var route in new[] { "/api/crisis?threatsFromLedger=true", "/api/run?model=crisis&threatsFromLedger=true" })
        {
            var response = await _client.PostAsync($"{route}&name={Uri.EscapeDataString(path)}", Yaml(File.ReadAllText(path)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(run.Out, await response.Content.ReadAsStringAsync());
            var headers = response.Headers.GetValues("Brink-Notice").Select(Uri.UnescapeDataString).ToList();
            Assert.Contains(headers, n => n.Contains("actor 'usa': threat_record \"B\" from the ledger", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Threats_from_an_empty_ledger_say_so_and_keep_the_files_records()
    {
        var path = RepoPaths.Scenario("ceasefire-2025.yaml");
        var (status, result) = await Job("/api/jobs/simulate?model=crisis&draws=10&seed=2&threatsFromLedger=true", path);
        Assert.Contains(status.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("no resolved threat questions", StringComparison.Ordinal));
        Assert.Equal(Cli("simulate", path, "--model", "crisis", "--draws", "10", "--seed", "2", "--format", "json").Out, result);
    }
}
