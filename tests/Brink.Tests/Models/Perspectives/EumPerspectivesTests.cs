using System.Collections.Immutable;
using System.Text.Json;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Models.Perspectives;
using Brink.Scenarios;
using Brink.Tests.Cli;
using CsCheck;

namespace Brink.Tests.Models.Perspectives;

/// <summary>Perceptual EUM (design §9): each actor's run on its own view of the others.</summary>
public sealed class EumPerspectivesTests
{
    private static Scenario FromIssue(SpatialIssue issue, IEnumerable<Belief>? beliefs = null) => new()
    {
        Title = "random",
        Issues = [new Issue { Id = issue.IssueId, Min = 0, Max = 100 }],
        Actors = [.. Enumerable.Range(0, issue.Count).Select(k => new Actor
        {
            Id = issue.Actors[k],
            Capability = issue.Capability[k],
            Stances = ImmutableDictionary<string, Stance>.Empty.Add(issue.IssueId, new Stance(issue.Position[k], issue.Salience[k])),
        })],
        Beliefs = [.. beliefs ?? []],
    };

    [Theory]
    [InlineData("paper")]
    [InlineData("scholz-code")]
    public void Given_no_beliefs_then_every_perspective_equals_the_plain_run(string variant) =>
        ModelGen.Issue(10).Sample(issue =>
        {
            var v = EumVariant.Find(variant)!;
            var scenario = FromIssue(issue);
            var plain = EumModel.Run(SpatialIssue.From(scenario, issue.IssueId), new ModelOptions(), v);
            var result = EumPerspectives.Run(scenario, issue.IssueId, v, new ModelOptions());
            Assert.Equal(issue.Count, result.Perspectives.Length);
            foreach (var p in result.Perspectives)
            {
                Assert.Equal(plain.FinalPositions.ToArray(), p.Result.FinalPositions.ToArray());
                Assert.Equal(plain.Forecast, p.Result.Forecast);
                Assert.Equal(0, p.Gap.Mean);
            }
        }, iter: 60, threads: 1, print: ModelGen.Print);

    [Fact]
    public void A_belief_changes_only_its_holders_view_and_only_the_number_it_is_about()
    {
        var issue = SpatialIssue.Create(["a", "b", "c"], [1, 0.6, 0.3], [0, 60, 100], [0.9, 0.5, 0.7]);
        var scenario = FromIssue(issue, [new Belief("a", new ParameterRef("c", ActorParameter.Capability), 5),
            new Belief("a", new ParameterRef("b", ActorParameter.Position, "issue"), 80),
            new Belief("b", new ParameterRef("a", ActorParameter.Resolve), 0.9)]);
        var result = EumPerspectives.Run(scenario, "issue", EumVariant.Paper, new ModelOptions());
        var a = result.Perspectives[0];
        Assert.Equal([1, 0.6, 5], a.Input.Capability.ToArray());
        Assert.Equal([0, 80, 100], a.Input.Position.ToArray());
        Assert.Equal(2, a.Beliefs.Length);
        Assert.Same(result.Truth, result.Perspectives[1].Result); // b's belief is about resolve, not an EUM input
        Assert.Single(result.Unused);
        var truth = EumModel.Run(issue, new ModelOptions(), EumVariant.Paper);
        var seen = EumModel.Run(a.Input, new ModelOptions(), EumVariant.Paper);
        Assert.Equal(seen.Forecast.Mean - truth.Forecast.Mean, a.Gap.Mean, 12);
    }

    [Fact]
    public void Collisions_are_the_dyads_where_each_side_expects_to_challenge_and_win_in_its_own_view()
    {
        var result = EumPerspectives.Run(Brink.Scenarios.ScenarioLoader.Load(TestPaths.InRepo("scenarios", "ceasefire-2025.yaml")).Value!,
            "guarantees", EumVariant.Paper, new ModelOptions());
        var ids = result.Perspectives.Select(p => p.Holder).ToList();
        var n = ids.Count;
        foreach (var c in result.Collisions)
        {
            int a = ids.IndexOf(c.A), b = ids.IndexOf(c.B);
            var ra = result.Perspectives[a].Result.Rounds[0];
            var rb = result.Perspectives[b].Result.Rounds[0];
            Assert.Equal(ra.EuIJ[a * n + b], c.EuA);
            Assert.True(c.EuA > 0 && c.EuA > ra.EuJI[a * n + b]);
            Assert.Equal(rb.EuIJ[b * n + a], c.EuB);
            Assert.True(c.EuB > 0 && c.EuB > rb.EuJI[b * n + a]);
        }
        Assert.Contains(result.Collisions, c => c.A == "usa" && c.B == "russia");
    }

    [Fact]
    public void The_cli_shows_the_us_view_next_to_the_true_inputs_and_names_the_colliding_dyads()
    {
        var r = CliRunner.Run(["run", TestPaths.InRepo("scenarios", "ceasefire-2025.yaml"), "--perspectives", "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var guarantees = doc.RootElement.GetProperty("issues").EnumerateArray().Single(i => i.GetProperty("issue").GetString() == "guarantees");
        var usa = guarantees.GetProperty("perspectives").EnumerateArray().Single(p => p.GetProperty("holder").GetString() == "usa");
        Assert.NotEqual(0, usa.GetProperty("gap_mean").GetDouble());
        Assert.True(guarantees.GetProperty("truth").GetProperty("mean").GetDouble() > 0);
        Assert.Contains(guarantees.GetProperty("collisions").EnumerateArray(), c => c.GetProperty("a").GetString() == "usa" && c.GetProperty("b").GetString() == "russia");
        var table = CliRunner.Run(["run", TestPaths.InRepo("scenarios", "ceasefire-2025.yaml"), "--perspectives"]);
        Assert.Contains("true inputs", table.Out);
        Assert.Contains("usa × russia", table.Out);
    }
}
