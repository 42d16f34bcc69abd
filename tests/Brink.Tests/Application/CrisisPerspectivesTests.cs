using Brink.Application;
using Brink.Crisis;
using Brink.Models.Eum;
using Brink.Models.Perspectives;
using Brink.Scenarios;

namespace Brink.Tests.Application;

/// <summary><c>brink run --model crisis --perspectives</c>: each side's EUM quadrant comes from the EUM run on its own beliefs.</summary>
public sealed class CrisisPerspectivesTests
{
    private static string Bundled(string name) => TestPaths.InRepo("scenarios", name);

    private static CrisisRunOutcome Run(string file, bool perspectives) =>
        CrisisService.Run(new CrisisRequest { Scenario = ScenarioSource.FromFile(file), Perspectives = perspectives });

    [Fact]
    public void Without_beliefs_the_hand_off_is_the_true_inputs_one_and_the_result_says_so()
    {
        var file = Bundled("emission.yaml");
        Assert.Empty(ScenarioLoader.Load(file).Value!.Beliefs);
        var truth = Run(file, perspectives: false).Result!;
        var own = Run(file, perspectives: true).Result!;
        Assert.Equal(truth.Dyads.Select(d => (d.EumViewA, d.EumViewB, d.Reason, d.Outcome.War)), own.Dyads.Select(d => (d.EumViewA, d.EumViewB, d.Reason, d.Outcome.War)));
        var w = Assert.Single(own.Warnings, w => w.Code == CrisisAnalysis.PerspectivesCode);
        Assert.Contains("change no dyad", w.Message);
        Assert.DoesNotContain(truth.Warnings, w => w.Code == CrisisAnalysis.PerspectivesCode);
    }

    [Fact]
    public void Each_side_reads_the_dyad_from_its_own_perspective()
    {
        var file = Bundled("ceasefire-2025.yaml");
        var scenario = ScenarioLoader.Load(file).Value!;
        var own = Run(file, perspectives: true).Result!;
        foreach (var issue in scenario.Issues)
        {
            var views = EumPerspectives.Run(scenario, issue.Id, EumVariant.Find("paper")!, new Brink.Models.ModelOptions());
            var ids = scenario.Actors.Where(a => a.Stances.ContainsKey(issue.Id)).Select(a => a.Id).ToList();
            var n = ids.Count;
            foreach (var d in own.Dyads.Where(d => d.Issue == issue.Id))
            {
                int a = ids.IndexOf(d.ActorA), b = ids.IndexOf(d.ActorB);
                Assert.Equal(Quadrant(views.Perspectives[a].Result, a * n + b), d.EumViewA);
                Assert.Equal(Quadrant(views.Perspectives[b].Result, b * n + a), d.EumViewB);
            }
        }
        // The US and EU beliefs about Russia change how some dyads are read, and the result counts them.
        var w = Assert.Single(own.Warnings, w => w.Code == CrisisAnalysis.PerspectivesCode);
        Assert.Matches(@"change the reading of [1-9]\d* dyad", w.Message);
        var truth = Run(file, perspectives: false).Result!;
        Assert.NotEqual(truth.Dyads.Select(d => (d.EumViewA, d.EumViewB)), own.Dyads.Select(d => (d.EumViewA, d.EumViewB)));
    }

    private static Brink.Models.DyadOutcome Quadrant(Brink.Models.EumResult r, int k) =>
        k / (int)Math.Round(Math.Sqrt(r.Rounds[0].EuIJ.Length)) == k % (int)Math.Round(Math.Sqrt(r.Rounds[0].EuIJ.Length))
            ? Brink.Models.DyadOutcome.StatusQuo
            : EumQuadrant.Classify(r.Rounds[0].EuIJ[k], r.Rounds[0].EuJI[k]);

    [Fact]
    public void Perspectives_without_the_eum_join_are_a_located_request_error()
    {
        var request = new CrisisRequest { Scenario = ScenarioSource.FromFile(Bundled("nato-2022.yaml")), JoinEum = false, Perspectives = true };
        var d = Assert.Single(request.Validate());
        Assert.Equal("perspectives", d.FieldPath);
    }

    [Fact]
    public void The_cli_takes_perspectives_with_the_crisis_model_and_prints_the_warning()
    {
        var r = Brink.Tests.Cli.CliRunner.Run("run", Bundled("ceasefire-2025.yaml"), "--model", "crisis", "--perspectives", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"crisis-perspectives\"", r.Out);
    }
}
