using Brink.Scenarios;
using static Brink.Tests.Scenarios.ScenarioText;

namespace Brink.Tests.Scenarios;

/// <summary><c>linkages:</c> in a scenario: read into <see cref="Scenario.Linkages"/>, every mistake located.</summary>
public sealed class LinkageParsingTests
{
    private const string TwoIssues = """
        title: Test
        sources:
          - {id: s1, title: A statement}
        issues:
          - {id: nato, scale: {min: 0, max: 100}}
          - {id: arms, scale: {min: 0, max: 100}}
          - {id: posture, scale: {min: 0, max: 100}}
        actors:
          - id: us
            capability: 100
            positions:
              nato: {position: 20, salience: 0.7}
              arms: {position: 60, salience: 0.5}
              posture: {position: 20, salience: 0.6}
          - id: ru
            capability: 70
            positions:
              nato: {position: 100, salience: 0.9}
              arms: {position: 10, salience: 0.3}
              posture: {position: 90, salience: 0.8}

        """;

    private static LoadResult<Scenario> With(string linkages) => Yaml(TwoIssues + "linkages:\n" + linkages);

    [Fact]
    public void A_linkage_with_one_or_several_required_issues_is_read_with_its_evidence()
    {
        var result = With("""
              - {actor: ru, issue: arms, requires: nato, source: s1}
              - {actor: us, issue: posture, requires: [nato, arms], judgement: true, note: why}
            """);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        var l = result.Value!.Linkages;
        Assert.Equal(("ru", "arms", "nato"), (l[0].Actor, l[0].Issue, string.Join(",", l[0].Requires)));
        Assert.Equal(("us", "posture", "nato,arms", "why"), (l[1].Actor, l[1].Issue, string.Join(",", l[1].Requires), l[1].Note));
        Assert.Contains(result.Value.Evidence, e => e.FieldPath == "linkages[0]" && e.SourceId == "s1");
    }

    [Theory]
    [InlineData("  - {actor: ru, issue: arms, requires: missiles}\n", "linkages[0].requires", "unknown issue 'missiles'")]
    [InlineData("  - {actor: ru, issue: arms, requires: [nato, misiles]}\n", "linkages[0].requires[1]", "unknown issue 'misiles'")]
    [InlineData("  - {actor: rus, issue: arms, requires: nato}\n", "linkages[0].actor", "unknown actor 'rus'")]
    [InlineData("  - {actor: ru, issue: arms, requires: arms}\n", "linkages[0].requires", "the linked issue itself")]
    [InlineData("  - {actor: ru, issue: arms}\n", "linkages[0]", "missing field 'requires'")]
    [InlineData("  - {actor: ru, issue: arms, requires: []}\n", "linkages[0].requires", "empty list")]
    [InlineData("  - {actor: ru, issue: arms, requires: nato, wieght: 2}\n", "linkages[0].wieght", "unknown field")]
    [InlineData("  - {actor: ru, issue: arms, requires: nato}\n  - {actor: ru, issue: arms, requires: posture}\n", "linkages[1]", "already has a linkage")]
    public void A_mistake_in_a_linkage_is_one_located_error(string linkages, string field, string message)
    {
        var e = SingleError(With(linkages));
        Assert.Equal(field, e.FieldPath);
        Assert.Contains(message, e.Message);
        Assert.True(e.Line > 20, $"line {e.Line}");
    }

    [Fact]
    public void A_linkage_on_an_issue_the_actor_holds_no_position_on_is_a_warning()
    {
        var text = TwoIssues.Replace("      arms: {position: 10, salience: 0.3}\n", "", StringComparison.Ordinal) + "linkages:\n  - {actor: ru, issue: arms, requires: nato}\n";
        var result = Yaml(text);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Warning && d.FieldPath == "linkages[0]" && d.Message.Contains("never binds"));
    }
}
