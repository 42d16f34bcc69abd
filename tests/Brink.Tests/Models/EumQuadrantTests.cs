using Brink.Models;
using Brink.Models.Eum;

namespace Brink.Tests.Models;

/// <summary>
/// Which quadrant a dyad falls in, checked against labels read by hand off Bueno de Mesquita's (1994)
/// printed chart for Belgium in the emission case (x = E^B(U_Bj), y = E^B(U_jB); digitised values in
/// ../shared/reference/eum/emission_bdm1994_belgium_quadrant.csv). The labels follow the paper's
/// definitions directly — both positive: conflict; x &lt; 0 &lt; y: Belgium gives way, by compromise when
/// |x| &lt; y and by capitulation when |x| &gt; y; neither positive: status quo — and are written out here,
/// not computed by the classifier under test.
/// </summary>
public sealed class EumQuadrantTests
{
    private static readonly Dictionary<string, DyadOutcome> HandLabels = new()
    {
        ["Netherlands"] = DyadOutcome.Capitulation, // (−0.47, 0.24): 0.47 > 0.24
        ["Luxembourg"] = DyadOutcome.Conflict,      // (0.60, 0.24): both positive
        ["Germany"] = DyadOutcome.Capitulation,     // (−0.46, 0.24)
        ["France"] = DyadOutcome.Compromise,        // (−0.11, 0.24): 0.11 < 0.24
        ["Italy"] = DyadOutcome.Compromise,         // (−0.11, 0.24)
        ["UK"] = DyadOutcome.Capitulation,          // (−0.66, 0.24)
        ["Ireland"] = DyadOutcome.StatusQuo,        // (0, 0)
        ["Denmark"] = DyadOutcome.Capitulation,     // (−0.83, 0.24)
        ["Greece"] = DyadOutcome.StatusQuo,         // (0, 0)
    };

    [Fact]
    public void The_printed_chart_values_fall_in_the_hand_labelled_quadrants()
    {
        foreach (var row in EumReferenceData.Table("emission_bdm1994_belgium_quadrant.csv"))
            Assert.True(HandLabels[row["actor"]] == EumQuadrant.Classify(row.Num("bdm1994_x_digitised"), row.Num("bdm1994_y_digitised")), row["actor"]);
    }

    [Fact]
    public void The_engines_round_1_dyad_chart_for_Belgium_matches_the_hand_labels()
    {
        var input = EumReferenceData.Emission;
        var result = EumModel.Run(input, new ModelOptions { Rounds = 1 }, EumVariant.ScholzCode);
        var n = input.Count;
        var belgium = input.Actors.IndexOf("Belgium");
        Assert.True(belgium >= 0);
        foreach (var (actor, label) in HandLabels)
        {
            var j = input.Actors.IndexOf(actor);
            Assert.True(label == result.Dyads[belgium * n + j], $"{actor}: expected {label}, engine {result.Dyads[belgium * n + j]}");
        }
    }

    [Theory]
    [InlineData(0.3, 0.2, DyadOutcome.Conflict)]
    [InlineData(-0.1, 0.3, DyadOutcome.Compromise)]
    [InlineData(-0.5, 0.3, DyadOutcome.Capitulation)]
    [InlineData(0.3, -0.1, DyadOutcome.Compromise)]
    [InlineData(0.3, -0.5, DyadOutcome.Capitulation)]
    [InlineData(-0.2, -0.3, DyadOutcome.StatusQuo)]
    public void Hand_computed_points_in_each_quadrant(double e, double f, DyadOutcome expected) =>
        Assert.Equal(expected, EumQuadrant.Classify(e, f));
}
