using System.Text.Json;
using Brink.Cli;
using Brink.Cli.Commands;
using Brink.Scenarios;
using Brink.Simulation;
using Brink.Tests.Cli;
using static Brink.Tests.Simulation.SimulationFixtures;

namespace Brink.Tests.Simulation;

/// <summary>Inputs that sensitivity or what-if invented, and the bounds a search used, are stated in the output.</summary>
public sealed class SimulationWarningsTests
{
    private static Scenario Planted() => new()
    {
        Title = "planted",
        Issues = [new Issue { Id = "i", Min = 0, Max = 100 }],
        Actors = [Actor("x", 1, 0, 1), Actor("y", 1, 50, 1), Actor("z", 4, 100, 1)],
    };

    [Fact]
    public void Sensitivity_names_every_input_whose_range_it_defaulted()
    {
        // Uncertain(): positions of a, c, d and the salience of e have distributions; the rest are defaulted.
        var r = Sensitivity.Run(IssueTemplate.From(Uncertain(), "i"), IssueModels.Compromise, new SensitivityOptions { SobolSamples = 16, MorrisTrajectories = 4 });
        Assert.Equal(15 - 4, r.DefaultRanges.Length);
        var byField = r.Warnings.ToDictionary(w => w.Message.Split(' ')[4], w => w);
        Assert.All(r.Warnings, w => Assert.Equal(Sensitivity.DefaultRangeCode, w.Code));
        Assert.Equal(new[] { "b", "e" }, byField["positions"].Actors.ToArray());
        Assert.Contains("2 of 5 actors' positions have no range in the scenario; the analysis used a uniform ±10 % of the scale (±10 units)", byField["positions"].Message);
        Assert.Equal(new[] { "a", "b", "c", "d" }, byField["saliences"].Actors.ToArray());
        Assert.Contains("±0.2 of salience", byField["saliences"].Message);
        Assert.Equal(5, byField["capabilities"].Actors.Length);
        Assert.Contains("±25 % of the value", byField["capabilities"].Message);
    }

    [Fact]
    public void Sensitivity_table_and_json_show_the_default_ranges()
    {
        var stdout = new StringWriter();
        var code = SensitivityCommand.Run(new CliContext(stdout, new StringWriter(), width: 400), "t.yaml", null, "compromise", null, null,
            new SensitivityOptions { SobolSamples = 16, MorrisTrajectories = 4 }, "table", Uncertain());
        Assert.Equal(0, code);
        Assert.Contains("warning sensitivity-default-range: 2 of 5 actors' positions have no range", stdout.ToString());
        stdout = new StringWriter();
        SensitivityCommand.Run(new CliContext(stdout, new StringWriter()), "t.yaml", null, "compromise", null, null,
            new SensitivityOptions { SobolSamples = 16, MorrisTrajectories = 4 }, "json", Uncertain());
        using var doc = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(3, doc.RootElement.GetProperty("warnings").GetArrayLength());
        Assert.Equal(11, doc.RootElement.GetProperty("result").GetProperty("default_ranges").GetArrayLength());
    }

    [Fact]
    public void WhatIf_has_default_bounds_of_a_quarter_of_the_scale_and_says_so()
    {
        // Without bounds z may move only to 75 (not to 0), y only within 25..75.
        var r = WhatIf.Search(IssueTemplate.From(Planted(), "i"), IssueModels.Compromise, new WhatIfOptions { Target = 10 });
        var position = r.Bounds.Single(b => b.Parameter == IssueField.Position);
        Assert.True(position.IsDefault);
        Assert.Equal(25, position.MaxChange);
        Assert.Equal(0.25, r.Bounds.Single(b => b.Parameter == IssueField.Salience).MaxChange);
        Assert.Equal(("z", 75.0), (r.Best.Actor, r.Best.To));
        var w = r.Warnings.Single(x => x.Code == WhatIf.DefaultBoundsCode);
        Assert.Contains("position ±25 (25 % of the scale, the default); salience ±0.25 (the default)", w.Message);
        var edge = r.Warnings.Single(x => x.Code == WhatIf.AtBoundCode);
        Assert.Contains("z position 100 → 75) stops at its bound", edge.Message);
    }

    [Fact]
    public void WhatIf_with_given_bounds_states_them_without_a_default_warning()
    {
        var r = WhatIf.Search(IssueTemplate.From(Planted(), "i"), IssueModels.Compromise, new WhatIfOptions { Target = 72, MaxPositionChange = 10, MaxSalienceChange = 0.1 });
        Assert.All(r.Bounds, b => Assert.False(b.IsDefault));
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void WhatIf_table_and_json_state_the_bounds_used()
    {
        var stdout = new StringWriter();
        var code = WhatIfCommand.Run(new CliContext(stdout, new StringWriter(), width: 400), "t.yaml", 10, "compromise", null, null, [], null, null, "position,salience",
            ForecastMeasure.Mean, 1, "table", Planted());
        Assert.Equal(0, code);
        var text = ResultWarningCliTests.Flat(stdout.ToString());
        Assert.Contains("Bounds searched: position ±25 (25 % of the scale, the default); salience ±0.25 (the default).", text);
        Assert.Contains("warning whatif-default-bounds:", text);
        Assert.Contains("warning whatif-at-bound:", text);
        stdout = new StringWriter();
        WhatIfCommand.Run(new CliContext(stdout, new StringWriter()), "t.yaml", 10, "compromise", null, null, [], null, null, "position,salience",
            ForecastMeasure.Mean, 1, "json", Planted());
        using var doc = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(25, doc.RootElement.GetProperty("bounds")[0].GetProperty("max_change").GetDouble());
        Assert.Contains("whatif-default-bounds", doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()));
    }

    [Fact]
    public void Simulate_states_missing_uncertainty_and_the_point_value_fallbacks_in_json_and_table()
    {
        var stdout = new StringWriter();
        var code = SimulateCommand.Run(new CliContext(stdout, new StringWriter(), width: 400), "nato.yaml", 8, 1, 1, "json", ["nash"], null, 0, null, false, 5,
            Brink.Scenarios.ScenarioLoader.Load(TestPaths.InRepo("scenarios", "nato-2022.yaml")).Value! with { Uncertain = [], Correlations = [] });
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout.ToString());
        var codes = doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
        Assert.Equal(2, codes.Count(c => c == "simulate-no-uncertain-inputs"));
        Assert.Equal(2, codes.Count(c => c == "nash-no-feasible-agreement"));
        Assert.Equal("nash-no-feasible-agreement", doc.RootElement.GetProperty("issues")[0].GetProperty("models")[0].GetProperty("warnings")[0].GetProperty("code").GetString());

        stdout = new StringWriter();
        SimulateCommand.Run(new CliContext(stdout, new StringWriter(), width: 400), "nato.yaml", 8, 1, 1, "table", ["nash"], null, 0, null, false, 5,
            Brink.Scenarios.ScenarioLoader.Load(TestPaths.InRepo("scenarios", "nato-2022.yaml")).Value!);
        Assert.Contains("warning nash-no-feasible-agreement: nash (quadratic), point values: No agreement beats the status quo", ResultWarningCliTests.Flat(stdout.ToString()));
    }
}
