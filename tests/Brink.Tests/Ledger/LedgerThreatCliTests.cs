using System.Text.Json;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

/// <summary><c>ledger question add --threat-by</c>, <c>ledger threats</c> and <c>run/simulate --model crisis --threats-from-ledger</c>, in-process.</summary>
public sealed class LedgerThreatCliTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private CliRunner.Result Ledger(params string[] args) => CliRunner.Run(["ledger", .. args, "--db", _db.Path]);

    private static CliRunner.Result Ok(CliRunner.Result r, string what)
    {
        Assert.True(r.ExitCode == 0, $"{what} → {r.ExitCode}: {r.Error}");
        return r;
    }

    private void Threat(string id, string actor, string outcome, string at)
    {
        Ok(Ledger("question", "add", id, "--title", $"{id}?", "--criteria", "Reuters", "--open", "2024-01-01", "--close", "2024-12-31", "--threat-by", actor), "question add");
        Ok(Ledger("resolve", id, outcome, "--at", at), "resolve");
    }

    private static string Scenario => TestPaths.InRepo("scenarios", "ceasefire-2025.yaml");

    [Fact]
    public void Threats_prints_each_actors_record_from_resolved_threat_questions()
    {
        Threat("t2", "usa", "no", "2024-06-01");
        Threat("t1", "usa", "yes", "2024-03-01");
        Threat("r1", "russia", "yes", "2024-02-01");
        Ok(Ledger("question", "add", "t3", "--title", "t3?", "--criteria", "c", "--open", "2024-01-01", "--close", "2024-12-31", "--threat-by", "usa"), "open threat");

        var json = JsonDocument.Parse(Ok(Ledger("threats", "--format", "json", "--forgetting", "0.5"), "threats").Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["russia", "usa"], json.Select(e => e.GetProperty("actor").GetString()));
        var usa = json[1];
        Assert.Equal("F,B", usa.GetProperty("record").GetString());
        // Beta(1,1), φ = ½: F → (2, 1); B → (1 + ½·1, 1 + ½·0 + 1) = (1.5, 2); mean 1.5/3.5.
        Assert.Equal(1.5, usa.GetProperty("alpha").GetDouble(), 12);
        Assert.Equal(2.0, usa.GetProperty("beta").GetDouble(), 12);
        Assert.Equal(1.5 / 3.5, usa.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(2, usa.GetProperty("observations").GetInt32());

        var one = Ok(Ledger("threats", "USA"), "threats USA").Out;
        Assert.Contains("F,B", one);
        Assert.DoesNotContain("russia", one);
        // φ = 1: Beta(1 + 1, 1 + 1), mean 0.5.
        Assert.Contains("0.500", Ok(Ledger("threats", "usa", "--forgetting", "1"), "φ = 1").Out);
        Assert.Equal(2, Ledger("threats", "--forgetting", "0").ExitCode);
    }

    [Fact]
    public void Threat_by_shows_exports_and_round_trips()
    {
        Threat("walk", "usa", "no", "2025-06-01");
        Assert.Contains("Threat by", Ok(Ledger("show", "walk"), "show").Out);
        Assert.Equal("usa", JsonDocument.Parse(Ok(Ledger("show", "walk", "--format", "json"), "show json").Out).RootElement.GetProperty("question").GetProperty("threat_by").GetString());

        var file = Path.Combine(Path.GetTempPath(), $"brink-threat-{Guid.NewGuid():N}.json");
        try
        {
            Ok(Ledger("export", "--format", "json", "--output", file), "export");
            Assert.Contains("\"threat_by\": \"usa\"", File.ReadAllText(file));
            using var other = new TempDb();
            Ok(CliRunner.Run("ledger", "import", "ledger", file, "--db", other.Path), "import");
            var records = JsonDocument.Parse(Ok(CliRunner.Run("ledger", "threats", "--format", "json", "--db", other.Path), "threats").Out).RootElement;
            Assert.Equal("B", records[0].GetProperty("record").GetString());
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Threat_by_on_a_numeric_question_is_refused()
    {
        var r = Ledger("question", "add", "n", "--title", "n?", "--kind", "numeric", "--criteria", "c", "--open", "2024-01-01", "--close", "2024-12-31", "--threat-by", "usa");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("threat_by", r.Error);
    }

    [Fact]
    public void Run_crisis_takes_threat_records_from_the_ledger()
    {
        Ok(Ledger("import", "example"), "import example");
        var plain = Ok(CliRunner.Run("run", Scenario, "--model", "crisis", "--format", "json"), "run");
        var fromLedger = Ok(CliRunner.Run("run", Scenario, "--model", "crisis", "--format", "json", "--threats-from-ledger", "--db", _db.Path), "run --threats-from-ledger");
        Assert.Contains("actor 'usa': threat_record \"B\" from the ledger", fromLedger.Error);
        Assert.Contains("replacing the file's \"B,B\"", fromLedger.Error);
        Assert.Equal(1, fromLedger.Error.Split('\n').Count(l => l.Contains("brink: notice: actor")));

        static double Belief(string json) => JsonDocument.Parse(json).RootElement.GetProperty("dyads").EnumerateArray()
            .First(d => d.GetProperty("actor_a").GetString() == "usa" && d.GetProperty("actor_b").GetString() == "russia")
            .GetProperty("stages").EnumerateArray().First(s => s.GetProperty("mechanism").GetString() == "reputation").GetProperty("target_belief").GetDouble();
        // One exposed bluff instead of two: the US threat is more credible.
        Assert.True(Belief(fromLedger.Out) > Belief(plain.Out), $"{Belief(fromLedger.Out)} vs {Belief(plain.Out)}");

        // The same as writing the ledger's record into the scenario by hand.
        var edited = Path.Combine(Path.GetTempPath(), $"brink-ceasefire-{Guid.NewGuid():N}.yaml");
        try
        {
            var text = File.ReadAllText(Scenario);
            Assert.Contains("threat_record: \"B,B\"", text);
            File.WriteAllText(edited, text.Replace("threat_record: \"B,B\"", "threat_record: \"B\""));
            var byHand = Ok(CliRunner.Run("run", edited, "--model", "crisis", "--format", "json"), "run edited");
            Assert.Equal(JsonDocument.Parse(byHand.Out).RootElement.GetProperty("dyads").ToString(), JsonDocument.Parse(fromLedger.Out).RootElement.GetProperty("dyads").ToString());
        }
        finally { File.Delete(edited); }
    }

    [Fact]
    public void Simulate_crisis_takes_threat_records_from_the_ledger()
    {
        Ok(Ledger("import", "example"), "import example");
        var r = Ok(CliRunner.Run("simulate", Scenario, "--model", "crisis", "--draws", "20", "--seed", "3", "--format", "json", "--threats-from-ledger", "--db", _db.Path), "simulate");
        Assert.Contains("actor 'usa': threat_record \"B\" from the ledger", r.Error);
    }

    [Fact]
    public void Threats_from_ledger_needs_the_crisis_model_and_an_existing_ledger()
    {
        var notCrisis = CliRunner.Run("run", Scenario, "--threats-from-ledger", "--db", _db.Path);
        Assert.Equal(2, notCrisis.ExitCode);
        Assert.Contains("--model crisis", notCrisis.Error);
        var missing = CliRunner.Run("run", Scenario, "--model", "crisis", "--threats-from-ledger", "--db", _db.Path + ".missing");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no ledger at", missing.Error);
        Assert.False(File.Exists(_db.Path + ".missing"));
    }
}
