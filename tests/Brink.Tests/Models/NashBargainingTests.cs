using Brink.Models;
using Brink.Models.Nash;
using Brink.Models.Reference;
using CsCheck;

namespace Brink.Tests.Models;

/// <summary>Nash (1950) bargaining solution: laws and the plain reference.</summary>
public sealed class NashBargainingTests
{
    public static TheoryData<string> Variants => new() { "quadratic", "linear" };

    private static Gen<SpatialIssue> WithStatusQuo(bool oneSided) =>
        Gen.Select(ModelGen.Issue(12), Gen.Double[0, 100]).Select((issue, sq) =>
            issue with { StatusQuo = oneSided ? issue.Position.Min() - sq / 10 : sq });

    [Theory, MemberData(nameof(Variants))]
    public void Solver_equals_the_reference(string variant) =>
        Gen.OneOf(ModelGen.Issue(12), ModelGen.Issue(12, grid: true), WithStatusQuo(oneSided: true), WithStatusQuo(oneSided: false)).Sample(issue =>
        {
            var k = NashBargaining.Exponent(variant);
            var result = NashBargaining.Run(issue, variant);
            var reference = ReferenceNash.Solve(issue, k);
            Assert.Equal(reference is not null, result.Feasible);
            var scale = Math.Max(1, issue.Position.Max() - issue.Position.Min());
            if (reference is { } x) Assert.True(Math.Abs(x - result.Solution) <= 1e-9 * scale, $"reference {x} vs {result.Solution}");
        }, iter: 400, threads: 1, print: ModelGen.Print);

    [Theory, MemberData(nameof(Variants))]
    public void Without_status_quo_the_solution_is_feasible_and_within_the_positions(string variant) =>
        ModelGen.Issue(20).Sample(issue =>
        {
            var result = NashBargaining.Run(issue, variant);
            Assert.True(result.Feasible);
            Assert.InRange(result.Solution, issue.Position.Min() - 1e-9, issue.Position.Max() + 1e-9);
            Assert.All(result.Gains, g => Assert.True(g >= 0));
            Assert.Equal(result.Solution, result.Forecast.Mean);
        }, iter: 300, threads: 1, print: ModelGen.Print);

    [Theory, MemberData(nameof(Variants))]
    public void Reordering_actors_and_scaling_capabilities_change_nothing(string variant) =>
        Gen.Select(ModelGen.Issue(15), Gen.Int, Gen.Double[0.001, 1000]).Sample((issue, seed, factor) =>
        {
            var x = NashBargaining.Run(issue, variant).Solution;
            var permuted = ModelGen.Permute(issue, ModelGen.Permutation(issue.Count, seed));
            var scaled = issue with { Capability = [.. issue.Capability.Select(c => c * factor)] };
            Assert.Equal(x, NashBargaining.Run(permuted, variant).Solution, 1e-9);
            Assert.Equal(x, NashBargaining.Run(scaled, variant).Solution, 1e-9);
        }, iter: 200, threads: 1);

    [Fact]
    public void Two_equal_actors_split_the_difference()
    {
        var issue = SpatialIssue.Create(["a", "b"], [1, 1], [0, 10], [1, 1]);
        Assert.Equal(5, NashBargaining.Run(issue, "quadratic").Solution, 1e-12);
        Assert.Equal(5, NashBargaining.Run(issue, "linear").Solution, 1e-12);
    }

    [Fact]
    public void Linear_utilities_with_a_status_quo_give_the_weighted_split_of_the_gains()
    {
        // sq = 0, actors at 4 and 10, weights 1 and 2, k = 1: on (0, 4] the gains are x and x, so the
        // product rises up to x = 4; on [4, 8) they are 8 − x and x: maximise log(8 − x) + 2 log x → x = 16/3.
        var issue = SpatialIssue.Create(["a", "b"], [1, 2], [4, 10], [1, 1], statusQuo: 0);
        var result = NashBargaining.Run(issue, "linear");
        Assert.True(result.Feasible);
        Assert.Equal(16.0 / 3, result.Solution, 1e-10);
        Assert.Equal([-4.0, -10.0], result.Disagreement.ToArray());
        Assert.Equal(0, result.FeasibleLow);
        Assert.Equal(8, result.FeasibleHigh);
    }

    [Fact]
    public void Status_quo_between_the_actors_leaves_no_feasible_agreement()
    {
        var issue = SpatialIssue.Create(["a", "b"], [1, 1], [0, 10], [1, 1], statusQuo: 4);
        var result = NashBargaining.Run(issue, "quadratic");
        Assert.False(result.Feasible);
        Assert.Equal(4, result.Solution);
        Assert.Contains("empty", result.Note);
        Assert.Null(ReferenceNash.Solve(issue, 2));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("nash-no-feasible-agreement", warning.Code);
        Assert.Contains("status quo 4", warning.Message);
        Assert.Equal(issue.IssueId, warning.Issue);
    }

    [Fact]
    public void A_feasible_solution_carries_no_warning()
    {
        var issue = SpatialIssue.Create(["a", "b"], [1, 2], [4, 10], [1, 1], statusQuo: 0);
        Assert.Empty(NashBargaining.Run(issue, "quadratic").Warnings);
        Assert.Empty(NashBargaining.Run(issue, "linear").Warnings);
    }

    [Fact]
    public void The_bundled_nato_scenario_falls_back_on_both_issues_and_says_so()
    {
        var scenario = Brink.Scenarios.ScenarioLoader.Load(TestPaths.InRepo("scenarios", "nato-2022.yaml")).Value!;
        foreach (var issue in scenario.Issues)
        {
            var result = NashBargaining.Run(SpatialIssue.From(scenario, issue.Id));
            Assert.False(result.Feasible, result.Note);
            Assert.Equal(issue.StatusQuo, result.Solution);
            Assert.Equal("nash-no-feasible-agreement", Assert.Single(result.Warnings).Code);
        }
    }

    [Fact]
    public void Unknown_variant_lists_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => NashBargaining.Run(EumReferenceData.Emission, "cubic"));
        Assert.Contains("quadratic, linear", error.Message);
    }
}
