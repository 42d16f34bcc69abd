using System.Text.Json;
using Brink.Store;
using Brink.Tests.Cli;
using Brink.Tests.Ledger;

namespace Brink.Tests.Simulation;

/// <summary><c>brink simulate … --record QUESTION --db PATH</c>: the draws go into the ledger.</summary>
public sealed class SimulateRecordTests
{
    private static readonly string Nato = TestPaths.InRepo("scenarios", "nato-2022.yaml");

    private static void AddQuestion(TempDb db, string id, params string[] extra)
    {
        var r = CliRunner.Run(["ledger", "question", "add", id, "--title", id, "--criteria", "test", "--close", "2030-01-01", "--db", db.Path, .. extra]);
        Assert.True(r.ExitCode == 0, r.Error);
    }

    [Fact]
    public void Numeric_question_gets_every_draw_and_binary_threshold_question_the_share_below()
    {
        using var db = new TempDb();
        AddQuestion(db, "posture", "--kind", "numeric");
        AddQuestion(db, "posture-low", "--kind", "binary", "--threshold", "45");
        string[] sim = ["simulate", Nato, "--issue", "force_posture", "--model", "compromise", "--draws", "60", "--seed", "5", "--db", db.Path, "--format", "json"];
        var numeric = CliRunner.Run([.. sim, "--record", "posture"]);
        Assert.True(numeric.ExitCode == 0, numeric.Error);
        Assert.Contains("recorded model:compromise/", numeric.Error);
        var binary = CliRunner.Run([.. sim, "--record", "posture-low"]);
        Assert.True(binary.ExitCode == 0, binary.Error);

        using var store = LedgerStore.Open(db.Path);
        var f = Assert.Single(store.GetForecasts("posture"));
        Assert.StartsWith("model:compromise/", f.Forecaster);
        Assert.Equal(60, f.Samples!.Count);
        Assert.Equal(5, f.Provenance!.Seed);
        Assert.True(f.Samples.Distinct().Count() > 1, "the draws differ");
        // The recorded samples are the simulated draws: their mean is the printed forecast mean.
        using var doc = JsonDocument.Parse(numeric.Out);
        var mean = doc.RootElement.GetProperty("issues")[0].GetProperty("models")[0].GetProperty("forecast_mean").GetProperty("mean").GetDouble();
        Assert.Equal(mean, f.Samples.Average(), 9);

        var p = Assert.Single(store.GetForecasts("posture-low"));
        var expected = f.Samples.Count(x => x <= 45) / 60.0;
        Assert.Equal(expected, Assert.Single(p.Probabilities!));
        Assert.InRange(expected, 0.01, 0.99);
    }

    [Fact]
    public void Record_needs_one_issue()
    {
        using var db = new TempDb();
        AddQuestion(db, "q", "--kind", "numeric");
        var r = CliRunner.Run("simulate", Nato, "--model", "compromise", "--draws", "5", "--record", "q", "--db", db.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--issue", r.Error);
        Assert.Equal("", r.Out); // refused before simulating
    }

    [Fact]
    public void Crisis_records_mean_overall_war_probability_on_a_binary_question()
    {
        using var db = new TempDb();
        AddQuestion(db, "war", "--kind", "binary");
        AddQuestion(db, "num", "--kind", "numeric");
        string[] sim = ["simulate", Nato, "--model", "crisis", "--draws", "20", "--seed", "3", "--db", db.Path, "--format", "json"];
        var r = CliRunner.Run([.. sim, "--record", "war"]);
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var mean = doc.RootElement.GetProperty("overall").GetProperty("p_war").GetProperty("mean").GetDouble();
        using (var store = LedgerStore.Open(db.Path))
        {
            var f = Assert.Single(store.GetForecasts("war"));
            Assert.Equal("model:crisis/paper", f.Forecaster);
            Assert.Equal(mean, Assert.Single(f.Probabilities!));
            Assert.Equal(3, f.Provenance!.Seed);
        }
        var wrongKind = CliRunner.Run([.. sim, "--record", "num"]);
        Assert.Equal(2, wrongKind.ExitCode);
        Assert.Contains("binary", wrongKind.Error);
    }
}
