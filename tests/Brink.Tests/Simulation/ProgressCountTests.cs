using System.Collections.Immutable;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Tests.Simulation;

/// <summary>Sensitivity and what-if count their progress in the units the front ends show as done/total.</summary>
public sealed class ProgressCountTests
{
    private static Actor Actor(string id, double capability, double position, double salience) => new()
    {
        Id = id, Capability = capability, Stances = ImmutableDictionary<string, Stance>.Empty.Add("i", new Stance(position, salience)),
    };

    private static IssueTemplate Template() => IssueTemplate.From(new Scenario
    {
        Title = "progress",
        Issues = [new Issue { Id = "i", Min = 0, Max = 100 }],
        Actors = [Actor("x", 1, 0, 0.5), Actor("y", 1, 50, 0.8), Actor("z", 4, 100, 0.6)],
    }, "i");

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Sensitivity_counts_every_model_run_once(int threads)
    {
        var options = new SensitivityOptions { SobolSamples = 32, MorrisTrajectories = 5, Threads = threads };
        long done = 0;
        var result = Sensitivity.Run(Template(), IssueModels.Compromise, options, n => Interlocked.Add(ref done, n));
        var k = result.Factors.Length;
        Assert.Equal(9, k); // 3 actors × position, salience, capability
        Assert.Equal(2L * k + 5 * (k + 1) + 32 * (k + 2), done);
        Assert.Equal(result.MorrisEvaluations + result.SobolEvaluations + 2L * k, done);
    }

    [Fact]
    public void Counting_does_not_change_the_sensitivity_result()
    {
        var options = new SensitivityOptions { SobolSamples = 32, MorrisTrajectories = 5 };
        var plain = Sensitivity.Run(Template(), IssueModels.Compromise, options);
        var counted = Sensitivity.Run(Template(), IssueModels.Compromise, options, _ => { });
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plain), System.Text.Json.JsonSerializer.Serialize(counted));
    }

    [Fact]
    public void WhatIf_counts_each_candidate_and_says_the_total_up_front()
    {
        var all = new WhatIfOptions { Target = 30 };
        var onlyY = new WhatIfOptions { Target = 30, Actors = ["y"] };
        var search = WhatIf.Prepare(Template(), IssueModels.Compromise, all);
        Assert.Equal(6, search.Candidates);   // 3 actors × position, salience
        Assert.Equal(2, WhatIf.Prepare(Template(), IssueModels.Compromise, onlyY).Candidates);
        long done = 0;
        search.Run(0, search.Candidates, 1, n => Interlocked.Add(ref done, n));
        Assert.Equal(6, done);
    }
}
