using Brink.Scenarios;
using static Brink.Tests.Scenarios.ScenarioText;

namespace Brink.Tests.Scenarios;

/// <summary>
/// A typo is not a scale: a salience of 60 among saliences ≤ 1 is rejected with both readings; only a table
/// whose saliences are all on 0–100 is rescaled. Tabs in YAML indentation are located and explained.
/// </summary>
public sealed class TypoProofInputTests
{
    [Fact]
    public void A_salience_of_60_among_saliences_below_1_is_rejected_with_both_readings()
    {
        var e = SingleError(Yaml(ValidWith("salience: 0.7", "salience: 60")));
        Assert.Equal(("actors[us].positions[nato].salience", 13), (e.FieldPath, e.Line));
        Assert.Contains("salience 60 among saliences on the 0–1 scale", e.Message);
        Assert.Contains("out of range", e.Message);
        Assert.Contains("would mean 0.6", e.Message);
        Assert.Contains("salience_scale", e.Message);
    }

    [Fact]
    public void The_same_typo_inside_a_value_map_is_rejected_once()
    {
        var e = SingleError(Yaml(ValidWith("salience: 0.7", "salience: {value: 60, judgement: true}")));
        Assert.Equal("actors[us].positions[nato].salience", e.FieldPath);
        Assert.Contains("0.6", e.Message);
    }

    [Fact]
    public void A_salience_at_most_1_among_0_100_saliences_is_rejected_with_both_readings()
    {
        var result = Csv("Actor,Capability,Position,Salience\nA,1,2,50\nB,1,3,80\nC,2,4,0.5\n");
        var e = Assert.Single(result.Errors);
        Assert.Equal((4, 7), (e.Line, e.Column));
        Assert.Contains("salience 0.5 among saliences on the 0–100 scale", e.Message);
        Assert.Contains("it means 0.005", e.Message);
        Assert.Contains("it means 50 on 0–100", e.Message);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Notice);
    }

    [Fact]
    public void A_csv_salience_of_60_among_0_1_saliences_is_rejected_not_rescaled()
    {
        var result = Csv("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,3,0.8\nC,2,4,60\n");
        var e = Assert.Single(result.Errors);
        Assert.Equal(4, e.Line);
        Assert.Contains("salience 60 among saliences on the 0–1 scale", e.Message);
    }

    [Fact]
    public void A_table_entirely_on_0_100_is_rescaled_with_a_notice_and_zero_fits_either_scale()
    {
        var result = Csv("Actor,Capability,Position,Salience\nA,1,2,50\nB,1,3,0\nC,2,4,100\n");
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        Assert.Equal(0.5, result.Value!.FindActor("A")!.Stances["issue"].Salience, 12);
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Notice && d.Message.Contains("0–100"));
    }

    [Fact]
    public void An_explicit_0_100_scale_reads_small_values_as_percentages_without_complaint()
    {
        var result = Yaml("salience_scale: 100\n" + ValidWith("salience: 0.7", "salience: 70"));
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        Assert.Equal(0.009, result.Value!.FindActor("ru")!.Stances["nato"].Salience, 12);
    }

    [Fact]
    public void A_probability_field_written_as_a_percentage_names_the_other_reading()
    {
        var e = SingleError(Yaml(ValidWith("capability: 100", "capability: 100\n    resolve: 60")));
        Assert.Equal("actors[us].resolve", e.FieldPath);
        Assert.Contains("60 is out of range", e.Message);
        Assert.Contains("as a percentage it would be 0.6", e.Message);
    }

    [Fact]
    public void A_tab_in_the_indentation_is_located_and_explained()
    {
        var text = "title: t\nissues:\n  - id: a\nactors:\n\t- id: x\n    capability: 1\n";
        var e = SingleError(Yaml(text));
        Assert.Equal((5, 1), (e.Line, e.Column));
        Assert.Contains("tab", e.Message);
        Assert.Contains("indents with spaces", e.Message);
    }

    [Fact]
    public void A_tab_after_spaces_is_located_at_its_own_column()
    {
        var e = SingleError(Yaml(Valid.Replace("    name: Russia", "  \t  name: Russia")));
        Assert.Equal(3, e.Column);
        Assert.Contains("tab character in the indentation", e.Message);
    }

    [Fact]
    public void Tabs_inside_quoted_text_are_fine()
    {
        var result = Yaml(ValidWith("title: Test", "title: \"A\tB\""));
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
    }
}
