using Brink.Models;

namespace Brink.Tests.Cli;

public sealed class RunMemoryLimitTests
{
    private static readonly string Emission = TestPaths.InRepo("scenarios", "emission.yaml");

    [Fact]
    public void Run_refuses_before_allocating_and_says_how_many_actors_fit()
    {
        var r = CliRunner.Run("run", Emission, "--model", "eum", "--max-memory", "0.004MB");
        Assert.Equal(2, r.ExitCode);
        var fit = ModelMemory.MaxActors("eum", (long)(0.004 * (1 << 20)));
        Assert.Contains($"model 'eum' at 10 actors needs about", r.Error);
        Assert.Contains($"at most {fit} actors fit", r.Error);
        Assert.Contains("the memory limit of 4.1 KB", r.Error); // not "0 MB"
        Assert.Equal("", r.Out);
    }

    [Theory]
    [InlineData(512L, "0.5 KB")]
    [InlineData(3L << 20, "3 MB")]
    [InlineData(12L << 30, "12 GB")]
    public void Sizes_read_in_the_unit_that_fits(long bytes, string text) => Assert.Equal(text, ModelMemory.Format(bytes));

    [Fact]
    public void Smp_refuses_a_package_over_the_limit_before_running_it()
    {
        var dummy = TestPaths.Reference("ktab", "inputs", "dummyData_3Dim.csv");
        var r = CliRunner.Run("run", dummy, "--model", "smp", "--max-memory", "0.002MB");
        Assert.Equal(2, r.ExitCode);
        var fit = ModelMemory.MaxActors("smp", (long)(0.002 * (1 << 20)));
        Assert.Contains("model 'smp' at ", r.Error);
        Assert.Contains($"at most {fit} actors fit", r.Error);
        Assert.Contains("change it with --max-memory", r.Error);
        Assert.Equal("", r.Out);

        var limited = CliRunner.Run("run", dummy, "--model", "smp", "--format", "json", "--max-memory", "1GB");
        var plain = CliRunner.Run("run", dummy, "--model", "smp", "--format", "json");
        Assert.Equal(0, limited.ExitCode);
        Assert.Equal(plain.Out, limited.Out);
        Assert.Contains("--max-memory must be a size", CliRunner.Run("run", dummy, "--model", "smp", "--max-memory", "lots").Error);
    }

    [Fact]
    public void Smp_has_an_actor_cap_for_its_cubic_work_and_a_quadratic_estimate()
    {
        Assert.Equal(96L * 1000 * 1000, ModelMemory.EstimateBytes("smp", 1000));
        Assert.Null(ModelLimits.ActorProblem("smp", "p", ModelLimits.MaxSmpActors, 1L << 40));
        var over = ModelLimits.ActorProblem("smp", "p", ModelLimits.MaxSmpActors + 1, 1L << 40);
        Assert.NotNull(over);
        Assert.Contains($"takes at most {ModelLimits.MaxSmpActors:N0}", over);
        Assert.Contains("n³", over);
    }

    [Fact]
    public void A_limit_that_fits_runs_as_without_it()
    {
        var limited = CliRunner.Run("run", Emission, "--format", "json", "--max-memory", "1GB");
        var plain = CliRunner.Run("run", Emission, "--format", "json");
        Assert.Equal(0, limited.ExitCode);
        Assert.Equal(plain.Out, limited.Out);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-5MB")]
    [InlineData("0")]
    public void A_bad_size_is_a_located_error(string size)
    {
        var r = CliRunner.Run("run", Emission, "--max-memory", size);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--max-memory must be a size", r.Error);
    }

    [Fact]
    public void MaxActors_is_the_largest_count_within_the_limit()
    {
        foreach (var limit in new[] { 10_000L, 1L << 30, 24L << 30 })
        {
            var n = ModelMemory.MaxActors("eum", limit);
            Assert.True(ModelMemory.EstimateBytes("eum", n) <= limit);
            Assert.True(ModelMemory.EstimateBytes("eum", n + 1) > limit);
        }
        Assert.Equal(1L << 30, ModelMemory.ParseSize("1GB"));
        Assert.Equal(800L << 20, ModelMemory.ParseSize("800"));
        Assert.Equal(1536L << 20, ModelMemory.ParseSize("1.5g"));
    }
}
