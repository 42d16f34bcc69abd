using Brink.Application;
using Brink.Models.Smp;

namespace Brink.Tests.Application;

public sealed class SmpRunServiceTests
{
    private static ScenarioSource Package => ScenarioSource.FromFile(TestPaths.InRepo("scenarios", "nato-2022-package.yaml"));

    [Fact]
    public void Bad_options_are_located_request_errors()
    {
        var request = new SmpRunRequest { Scenario = Package, Variant = "nope", Options = new SmpOptions { MaxTurns = 0 } };
        var fields = request.Validate().Select(d => d.FieldPath).ToArray();
        Assert.Equal(["variant", "max-turns"], fields);
        var outcome = SmpRunService.Run(request);
        Assert.False(outcome.Ok);
        Assert.Null(outcome.Document);
    }

    [Fact]
    public void An_unknown_issue_is_located_at_issue_and_names_the_issues()
    {
        var outcome = SmpRunService.Run(new SmpRunRequest { Scenario = Package, Issue = "nope" });
        Assert.False(outcome.Ok);
        var d = Assert.Single(outcome.Diagnostics, Outcome.IsRequestError);
        Assert.Equal("issue", d.FieldPath);
        Assert.Contains("security", d.Message);
    }

    [Fact]
    public void The_variant_and_trace_reach_the_runs_and_the_document()
    {
        var outcome = SmpRunService.Run(new SmpRunRequest { Scenario = Package, Variant = "ktab", Trace = true });
        Assert.True(outcome.Ok);
        Assert.Equal(SmpVariant.Ktab, outcome.Options!.Variant);
        Assert.True(outcome.Options.Trace);
        var run = Assert.Single(outcome.Runs);
        Assert.Equal("ktab", run.Result.Variant);
        Assert.Equal(run.Result.Turns.Length, outcome.Document!.Issues[0].Models[0].Turns.Count);
        Assert.Same(outcome.Document.Issues[0].Models, outcome.Document.Models);
    }
}
