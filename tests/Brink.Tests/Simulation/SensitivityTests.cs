using Brink.Scenarios;
using Brink.Simulation;
using static Brink.Tests.Simulation.SimulationFixtures;

namespace Brink.Tests.Simulation;

public sealed class SensitivityTests
{
    /// <summary>
    /// Ishigami function f = sin x1 + a sin² x2 + b x3⁴ sin x1, x ~ U(−π, π)³, a = 7, b = 0.1 (Ishigami
    /// &amp; Homma 1990); analytic indices S1 = 0.3139, S2 = 0.4424, S3 = 0, ST1 = 0.5576, ST2 = 0.4424,
    /// ST3 = 0.2437 (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, §1.2.13 / §4.6).
    /// N = 2^14 base samples (81,920 runs): the estimators' standard errors are then below 0.012,
    /// so 4 SE (a two-sided false-failure rate of 6·10⁻⁵ per index) is still a tight check.
    /// </summary>
    [Fact]
    public void Sobol_recovers_the_analytic_Ishigami_indices()
    {
        const double a = 7, b = 0.1, pi = Math.PI;
        UnitFunction Ishigami() => u =>
        {
            var x1 = -pi + 2 * pi * u[0];
            var x2 = -pi + 2 * pi * u[1];
            var x3 = -pi + 2 * pi * u[2];
            return Math.Sin(x1) + a * Math.Sin(x2) * Math.Sin(x2) + b * Math.Pow(x3, 4) * Math.Sin(x1);
        };
        var v1 = 0.5 * Math.Pow(1 + b * Math.Pow(pi, 4) / 5, 2);
        var v2 = a * a / 8;
        var v13 = 8 * b * b * Math.Pow(pi, 8) / 225;
        var v = a * a / 8 + b * Math.Pow(pi, 4) / 5 + b * b * Math.Pow(pi, 8) / 18 + 0.5;
        double[] first = [v1 / v, v2 / v, 0], total = [(v1 + v13) / v, v2 / v, v13 / v];

        var result = GlobalSensitivity.Sobol(3, Ishigami, 1 << 14, seed: 2024);

        for (var i = 0; i < 3; i++)
        {
            var s = result.Indices[i];
            Assert.True(s.FirstSe < 0.012 && s.TotalSe < 0.012, $"SE too large for x{i + 1}: {s.FirstSe}, {s.TotalSe}");
            Assert.True(Math.Abs(s.First - first[i]) < 4 * s.FirstSe, $"S{i + 1} = {s.First:F4} ± {s.FirstSe:F4}, analytic {first[i]:F4}");
            Assert.True(Math.Abs(s.Total - total[i]) < 4 * s.TotalSe, $"ST{i + 1} = {s.Total:F4} ± {s.TotalSe:F4}, analytic {total[i]:F4}");
        }
        Assert.Equal(5 * (1 << 14), result.Evaluations);
    }

    /// <summary>For a linear function every elementary effect equals its coefficient exactly, so μ = μ* = coefficient and σ = 0.</summary>
    [Fact]
    public void Morris_effects_of_a_linear_function_are_its_coefficients()
    {
        UnitFunction Linear() => u => 10 * u[0] - 0.5 * u[1] + 0.1 * u[2];
        var result = GlobalSensitivity.Morris(3, Linear, trajectories: 10, levels: 4, seed: 3);
        double[] coef = [10, -0.5, 0.1];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(coef[i], result.Indices[i].Mu, 9);
            Assert.Equal(Math.Abs(coef[i]), result.Indices[i].MuStar, 9);
            Assert.Equal(0, result.Indices[i].Sigma, 9);
        }
        Assert.Equal(10 * 4, result.Evaluations);
    }

    /// <summary>
    /// One actor holds 10 of 10.4 units of weight, so its position (±10 around 50) drives the
    /// compromise forecast; every method must rank it first and Sobol must give it almost all the variance.
    /// </summary>
    [Fact]
    public void All_methods_find_the_input_that_dominates()
    {
        var scenario = new Scenario
        {
            Title = "dominant",
            Issues = [new Issue { Id = "i", Min = 0, Max = 100 }],
            Actors = [Actor("big", 10, 50, 1), Actor("p", 0.1, 40, 1), Actor("q", 0.1, 60, 1), Actor("r", 0.1, 45, 1), Actor("s", 0.1, 55, 1)],
        };
        var template = IssueTemplate.From(scenario, "i");
        var result = Sensitivity.Run(template, IssueModels.Compromise, new SensitivityOptions { SobolSamples = 1024, MorrisTrajectories = 20, Seed = 7 });

        Assert.Equal(15, result.Factors.Length);
        Assert.Equal("big.position", result.Tornado[0].Input);
        Assert.Equal("big.position", result.Factors[0].Input);
        Assert.Equal("big.position", result.Factors.MaxBy(f => f.MuStar)!.Input);
        Assert.True(result.Factors[0].SobolFirst > 0.9, $"S1 = {result.Factors[0].SobolFirst}");
        Assert.True(result.Factors.Skip(1).All(f => f.SobolTotal < 0.05));
        // Tornado swing of the dominant input: 10/10.4 of the 5–95 % range of U(40, 60), 41 … 59.
        Assert.Equal(18 * 10 / 10.4, result.Tornado[0].Swing, 9);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        var template = IssueTemplate.From(Uncertain(), "i");
        var one = Sensitivity.Run(template, IssueModels.Compromise, new SensitivityOptions { SobolSamples = 256, Threads = 1 });
        var four = Sensitivity.Run(template, IssueModels.Compromise, new SensitivityOptions { SobolSamples = 256, Threads = 4 });
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(one), System.Text.Json.JsonSerializer.Serialize(four));
        // The scenario's own distributions are used where given: a.position spans U(0, 30).
        var a = one.Tornado.Single(t => t.Input == "a.position");
        Assert.Equal(1.5, a.LowInput, 9);
        Assert.Equal(28.5, a.HighInput, 9);
    }
}
