using Brink.Scenarios;
using static Brink.Tests.Scenarios.ScenarioText;

namespace Brink.Tests.Scenarios;

/// <summary>Numbers written as {value, range|dist, source|judgement} fill Scenario.Uncertain and Scenario.Evidence.</summary>
public sealed class UncertainNumberTests
{
    private static LoadResult<Scenario> WithUsCapability(string number) =>
        Yaml(ValidWith("capability: 100", "capability: " + number));

    private static Distribution UsCapability(string number)
    {
        var result = WithUsCapability(number);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        return result.Value!.Uncertain.Single(u => u.Target == new ParameterRef("us", ActorParameter.Capability)).Distribution;
    }

    [Fact]
    public void Each_distribution_kind_is_read_with_its_parameters()
    {
        Assert.Equal(new UniformDistribution(80, 120), UsCapability("{value: 100, range: [80, 120]}"));
        Assert.Equal(new UniformDistribution(80, 120), UsCapability("{value: 100, dist: uniform, min: 80, max: 120}"));
        Assert.Equal(new TriangularDistribution(80, 100, 130), UsCapability("{value: 100, dist: triangular, range: [80, 130]}"));
        Assert.Equal(new TriangularDistribution(80, 90, 130), UsCapability("{value: 100, dist: triangular, range: [80, 130], mode: 90}"));
        Assert.Equal(new TruncatedNormalDistribution(100, 10, 90, 110), UsCapability("{value: 100, dist: normal, sd: 10, range: [90, 110]}"));
        Assert.Equal(new TruncatedNormalDistribution(100, 10, 40, 160), UsCapability("{value: 100, dist: normal, sd: 10}"));
        Assert.Equal(new TruncatedNormalDistribution(10, 5, 0, 40), UsCapability("{value: 10, dist: normal, sd: 5}"));
        Assert.Equal(new BetaDistribution(2, 3, 50, 150), UsCapability("{value: 100, dist: beta, a: 2, b: 3, range: [50, 150]}"));
        var discrete = Assert.IsType<DiscreteDistribution>(UsCapability("{value: 100, dist: discrete, values: [90, 100, 110], weights: [1, 2, 1]}"));
        Assert.Equal([90.0, 100, 110], discrete.Values);
        Assert.Equal([1.0, 2, 1], discrete.Weights);
    }

    [Theory]
    [InlineData("{value: 100, range: [120, 80]}", "lo < hi")]
    [InlineData("{value: 100, dist: uniform, min: 100, max: 100}", "lo < hi")]
    [InlineData("{value: 100, dist: normal, sd: 0}", "sd 0 must be greater than 0")]
    [InlineData("{value: 100, dist: normal, sd: -2}", "must be greater than 0")]
    [InlineData("{value: 100, dist: normal}", "missing required field 'sd'")]
    [InlineData("{value: 100, dist: triangular, range: [80, 120], mode: 130}", "mode 130 must lie inside [80, 120]")]
    [InlineData("{value: 100, dist: beta, a: 0, b: 2, range: [0, 200]}", "a = 0 must be greater than 0")]
    [InlineData("{value: 100, dist: beta, a: 1, b: 2}", "needs range")]
    [InlineData("{value: 100, dist: discrete, values: [90, 100], weights: [1, -1]}", "weights must be ≥ 0")]
    [InlineData("{value: 100, dist: discrete, values: [90, 100], weights: [0, 0]}", "must not all be 0")]
    [InlineData("{value: 100, dist: discrete, values: [90, 100], weights: [1]}", "expected 2 weights")]
    [InlineData("{value: 100, dist: discrete, values: []}", "at least one value")]
    [InlineData("{value: 100, dist: lognormal, sd: 1}", "unknown distribution 'lognormal'")]
    [InlineData("{value: 100, dist: uniform, range: [80, 120], sd: 3}", "'sd' does not apply to a uniform distribution")]
    [InlineData("{value: 100, range: [110, 120]}", "lies outside its own distribution's range")]
    [InlineData("{value: 10, range: [-5, 20]}", "goes outside the allowed range")]
    [InlineData("{range: [80, 120]}", "missing required field 'value'")]
    [InlineData("{value: 100, sd: 3}", "'sd' needs a distribution")]
    [InlineData("{value: 100, quote: \"said so\"}", "needs its source")]
    [InlineData("[100]", "expected a number or {value")]
    public void Bad_distribution_parameters_are_located(string number, string message)
    {
        var result = WithUsCapability(number);
        var e = SingleError(result);
        Assert.Equal(11, e.Line);
        Assert.StartsWith("actors[us].capability", e.FieldPath);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Salience_ranges_are_scaled_with_the_detected_0_100_scale()
    {
        var text = ValidWith("salience: 0.7", "salience: {value: 70, range: [50, 90]}").Replace("salience: 0.9", "salience: 90");
        var result = Yaml(text);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        var u = result.Value!.Uncertain.Single(x => x.Target == new ParameterRef("us", ActorParameter.Salience, "nato"));
        var d = Assert.IsType<UniformDistribution>(u.Distribution);
        Assert.Equal(0.5, d.Min, 12);
        Assert.Equal(0.9, d.Max, 12);
    }

    [Fact]
    public void A_position_range_must_stay_on_the_issue_scale()
    {
        var e = SingleError(Yaml(ValidWith("position: 20", "position: {value: 20, range: [0, 140]}")));
        Assert.Equal("actors[us].positions[nato].position", e.FieldPath);
        Assert.Contains("[0, 140]", e.Message);
    }

    [Fact]
    public void A_distribution_on_a_number_that_cannot_vary_is_rejected()
    {
        var e = SingleError(Yaml(ValidWith("status_quo: 25", "status_quo: {value: 25, range: [20, 30]}")));
        Assert.Contains("only supported on actor numbers", e.Message);
    }

    [Fact]
    public void Correlations_between_uncertain_inputs_are_read_in_both_notations()
    {
        var text = ValidWith("salience: 0.7", "salience: {value: 0.7, range: [0.5, 0.9]}") +
                   "\ncorrelations:\n  - {a: ru.capability, b: us.nato.salience, rho: -0.4}\n  - {a: {actor: ru, parameter: capability}, b: {actor: us, parameter: salience, issue: nato}, rho: 0.2}\n";
        var result = Yaml(text);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        Assert.Equal(
            [
                new InputCorrelation(new ParameterRef("ru", ActorParameter.Capability), new ParameterRef("us", ActorParameter.Salience, "nato"), -0.4),
                new InputCorrelation(new ParameterRef("ru", ActorParameter.Capability), new ParameterRef("us", ActorParameter.Salience, "nato"), 0.2),
            ],
            result.Value!.Correlations.ToArray());
    }

    [Fact]
    public void A_correlation_outside_minus_one_to_one_is_rejected()
    {
        var e = SingleError(Yaml(ValidWith("salience: 0.7", "salience: {value: 0.7, range: [0.5, 0.9]}") +
                                 "\ncorrelations:\n  - {a: ru.capability, b: us.nato.salience, rho: 1.5}\n"));
        Assert.Equal("correlations[0].rho", e.FieldPath);
    }

    [Fact]
    public void Beliefs_keep_holder_target_value_and_note()
    {
        var result = Yaml(Valid + "\nbeliefs:\n  - {holder: us, about: ru, parameter: capability, value: {value: 40, judgement: true}, note: underestimated}\n  - {holder: ru, about: us, parameter: position, issue: nato, value: 50}\n");
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        Assert.Equal(
            [
                new Belief("us", new ParameterRef("ru", ActorParameter.Capability), 40, "underestimated"),
                new Belief("ru", new ParameterRef("us", ActorParameter.Position, "nato"), 50),
            ],
            result.Value!.Beliefs.ToArray());
        Assert.Contains(result.Value.Evidence, e => e is { FieldPath: "beliefs[0].value", IsJudgement: true });
    }

    [Fact]
    public void A_belief_value_is_checked_against_the_parameter_range()
    {
        var e = SingleError(Yaml(Valid + "\nbeliefs:\n  - {holder: us, about: ru, parameter: resolve, value: 2}\n"));
        Assert.Equal("beliefs[0].value", e.FieldPath);
        Assert.Contains("in [0, 1]", e.Message);
    }

    [Fact]
    public void Scenario_noise_is_read_and_range_checked()
    {
        Assert.Equal(0.1, Yaml("noise: 0.1\n" + Valid).Value!.Noise);
        Assert.Equal("noise", SingleError(Yaml("noise: -0.1\n" + Valid)).FieldPath);
    }
}
