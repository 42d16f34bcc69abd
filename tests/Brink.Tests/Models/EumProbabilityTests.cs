using Brink.Models.Eum;
using Brink.Models.Reference;

namespace Brink.Tests.Models;

/// <summary>
/// P(x_i beats x_j) in round 1 of the emission case under the three readings of the vote
/// (reference/eum/emission_round1_probabilities.csv).
/// </summary>
public sealed class EumProbabilityTests
{
    public static TheoryData<string, string> Readings => new()
    {
        { "P_scholz_code_global_denominator_round1_r", nameof(EumProbabilityRule.GlobalPowered) },
        { "P_paper_formula_per_pair_linear", nameof(EumProbabilityRule.PerDyadLinear) },
        { "P_dmasad_signed_sum_linear", nameof(EumProbabilityRule.SignedSumLinear) },
    };

    [Theory, MemberData(nameof(Readings))]
    public void Round_one_probabilities_match_each_reading(string column, string ruleName)
    {
        var rule = Enum.Parse<EumProbabilityRule>(ruleName);
        var input = EumReferenceData.Emission;
        var x = input.Position.ToArray();
        var c = input.Capability.ToArray();
        var s = input.Salience.ToArray();
        var riskRows = EumReferenceData.Table("emission_round1_risk.csv");
        var r = input.Actors.Select(a => riskRows.Single(row => row["actor"] == a).Num("r")).ToArray();
        var delta = x.Max() - x.Min();

        var fast = EumProbability.Compute(rule, x, c, s, r, delta);
        var plain = ReferenceEum.Probabilities(rule, x, c, s, r, delta);
        var n = x.Length;
        foreach (var row in EumReferenceData.Table("emission_round1_probabilities.csv"))
        {
            var i = Array.IndexOf(x, row.Num("x_i"));
            var j = Array.IndexOf(x, row.Num("x_j"));
            Assert.Equal(row.Num(column), fast[i * n + j], 1e-8);
            Assert.Equal(row.Num(column), plain[i, j], 1e-8);
        }
    }
}
