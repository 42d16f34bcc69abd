using Brink.Backtest;
using Brink.Tests.Cli;

namespace Brink.Tests.Backtest;

/// <summary>
/// The shipped parameter files are what <c>brink backtest refit ../shared/reference/deu/deu3_dev.tsv
/// --out src/Brink/Backtest/Fitted</c> writes: a full refit (inner-CV penalty tuning included, about
/// ten seconds), compared byte for byte.
/// </summary>
public sealed class FittedReproductionTests
{
    [Fact]
    public void Refitting_on_the_dev_file_reproduces_the_shipped_files_exactly()
    {
        var cases = DeuImporter.Cases(DeuImporterTests.Dev(), DeuCapabilities.Votes);
        var files = FittedModels.Refit(cases, BacktestProtocol.Default);
        Assert.Equal(FittedModels.StoredNames.Order(StringComparer.Ordinal), files.Keys);
        foreach (var (name, text) in files)
            Assert.True(File.ReadAllText(TestPaths.InRepo("src", "Brink", "Backtest", "Fitted", name + ".json")) == text,
                $"{name}.json differs from a refit; run: ./brink backtest refit ../shared/reference/deu/deu3_dev.tsv --out src/Brink/Backtest/Fitted");
    }

    [Fact]
    public void The_refit_command_writes_the_same_files()
    {
        var dir = Directory.CreateTempSubdirectory("brink-refit-").FullName;
        try
        {
            var r = CliRunner.Run("backtest", "refit", DeuImporterTests.DevFile, "--out", dir);
            Assert.True(r.ExitCode == 0, r.Error);
            foreach (var name in FittedModels.StoredNames)
                Assert.Equal(File.ReadAllText(TestPaths.InRepo("src", "Brink", "Backtest", "Fitted", name + ".json")), File.ReadAllText(Path.Combine(dir, name + ".json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Influence_fitting_stops_on_its_convergence_criterion_before_the_step_cap()
    {
        var cases = DeuImporter.Cases(DeuImporterTests.Dev(), DeuCapabilities.Votes);
        foreach (var lambda in BacktestProtocol.Default.InfluencePenalties)
        {
            InfluenceModel.Train(cases, lambda);
            Assert.InRange(InfluenceModel.LastSteps, 2, InfluenceModel.MaxSteps - 1);
        }
    }

    [Fact]
    public void Folds_and_bootstrap_draws_come_from_Brinks_seeded_generator()
    {
        // Pinned values: a change of generator (or of the runtime's System.Random) would move them.
        var folds = CrossValidation.AssignFolds(["a", "b", "c", "d", "e", "f"], 3, 1);
        var rng = new Brink.Simulation.DrawRandom(1, CrossValidation.FoldStream, 0);
        string[] expected = ["a", "b", "c", "d", "e", "f"];
        for (var k = expected.Length - 1; k > 0; k--)
        {
            var j = rng.NextInt(k + 1);
            (expected[k], expected[j]) = (expected[j], expected[k]);
        }
        Assert.Equal(Enumerable.Range(0, 6).Select(k => k % 3), expected.Select(g => folds[g]));
        var draws = ClusterBootstrap.Draws(5, 3, 7);
        for (var b = 0; b < 3; b++)
        {
            var r = new Brink.Simulation.DrawRandom(7, ClusterBootstrap.Stream, (ulong)b);
            var m = new int[5];
            for (var k = 0; k < 5; k++) m[r.NextInt(5)]++;
            Assert.Equal(m, draws[b]);
        }
    }
}
