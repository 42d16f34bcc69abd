using Brink.Models;
using Brink.Models.Eum;
using Brink.Models.Reference;

namespace Brink.Tests.Models;

/// <summary>
/// Golden values for the expected utility model: the EC car-emission case (Bueno de Mesquita 1994,
/// p. 78; Scholz, Calbert &amp; Smith 2011, Table 1) and the Sultan/oil case, as run by the replication
/// that reproduces Scholz et al.'s published figures (reference/eum/README). Every test runs both the
/// fast engine and the plain reference implementation.
/// </summary>
public sealed class EumGoldenTests
{
    public static TheoryData<string> Engines => new() { "main", "reference" };

    internal static EumResult Run(string engine, SpatialIssue input, EumVariant variant, ModelOptions? options = null) =>
        engine == "main"
            ? EumModel.Run(input, options ?? new ModelOptions(), variant)
            : ReferenceEum.Run(input, options ?? new ModelOptions(), variant);

    [Theory, MemberData(nameof(Engines))]
    public void ScholzCode_reproduces_the_emission_trace_for_all_ten_rounds(string engine)
    {
        var input = EumReferenceData.Emission;
        var result = Run(engine, input, EumVariant.ScholzCode);
        var trace = EumReferenceData.Table("emission_scholz_code_trace.csv");

        Assert.Equal(10, result.Rounds.Length);
        Assert.Equal(100, trace.Count);
        foreach (var row in trace)
        {
            var round = (int)row.Num("round");
            var actor = input.Actors.IndexOf(row["actor"]);
            var step = result.Rounds[round - 1].Actors[actor];
            var where = $"round {round}, {row["actor"]}";
            Assert.True(Math.Abs(row.Num("x_start") - step.Start) < 1e-6, $"{where}: x_start {step.Start}");
            Assert.True(Math.Abs(row.Num("r") - step.Risk) < 1e-6, $"{where}: r {step.Risk}");
            Assert.True(Math.Abs(row.Num("x_end") - step.End) < 1e-6, $"{where}: x_end {step.End}");
            if (row["accepted_offer"] == "")
            {
                Assert.Null(step.Offer);
                continue;
            }
            Assert.NotNull(step.Offer);
            var expectedType = row["accepted_offer"] switch
            {
                "confrontation" => OfferType.Conflict,
                "compromise" => OfferType.Compromise,
                "capitulation" => OfferType.Capitulation,
                var other => throw new InvalidDataException(other),
            };
            Assert.Equal(expectedType, step.Offer.Type);
            Assert.Equal(row["offer_from"], input.Actors[step.Offer.From]);
            Assert.True(Math.Abs(row.Num("eu_i_challenges_j") - step.Offer.EuIJ) < 1e-6, $"{where}: e_ij {step.Offer.EuIJ}");
            Assert.True(Math.Abs(row.Num("eu_j_challenges_i") - step.Offer.EuJI) < 1e-6, $"{where}: e_ji {step.Offer.EuJI}");
        }
    }

    [Theory, MemberData(nameof(Engines))]
    public void ScholzCode_reproduces_the_weighted_mean_and_median_of_every_round(string engine)
    {
        var result = Run(engine, EumReferenceData.Emission, EumVariant.ScholzCode);
        var summary = EumReferenceData.Table("emission_round_summary.csv");
        Assert.Equal(11, summary.Count);
        foreach (var row in summary)
        {
            var round = (int)row.Num("round");
            var forecast = round == 0 ? result.Initial : result.Rounds[round - 1].Forecast;
            Assert.Equal(row.Num("jmckib_weighted_mean"), forecast.Mean, 1e-6);
            Assert.Equal(row.Num("jmckib_median"), forecast.Median, 1e-6);
            Assert.Equal(row.Num("weighted_median_check"), forecast.Median, 1e-6);
            // The mean line read off Scholz et al.'s figure is only good to ±0.065 (reference README).
            Assert.Equal(row.Num("scholz2011_mean_digitised_from_dmasad_fig"), forecast.Mean, 0.065);
        }
        Assert.Equal(result.Rounds[^1].Forecast, result.Forecast);
    }

    [Theory, MemberData(nameof(Engines))]
    public void ScholzCode_round_one_security_and_risk_match(string engine)
    {
        var input = EumReferenceData.Emission;
        var round1 = Run(engine, input, EumVariant.ScholzCode).Rounds[0];
        foreach (var row in EumReferenceData.Table("emission_round1_risk.csv"))
        {
            var i = input.Actors.IndexOf(row["actor"]);
            Assert.Equal(row.Num("security_sum_EU_j_vs_i_at_r1"), round1.Security[i], 1e-8);
            var r = round1.Actors[i].Risk;
            Assert.Equal(row.Num("r"), r, 1e-8);
            Assert.Equal(row.Num("R"), 3 * (1 - r) / (1 + r), 1e-8); // r = (1 − R/3)/(1 + R/3) inverted
        }
    }

    [Theory, MemberData(nameof(Engines))]
    public void ScholzCode_matches_Belgiums_round_one_quadrant(string engine)
    {
        var input = EumReferenceData.Emission;
        var round1 = Run(engine, input, EumVariant.ScholzCode).Rounds[0];
        var n = input.Count;
        var belgium = input.Actors.IndexOf("Belgium");
        foreach (var row in EumReferenceData.Table("emission_bdm1994_belgium_quadrant.csv"))
        {
            var j = input.Actors.IndexOf(row["actor"]);
            var x = round1.EuIJ[belgium * n + j];
            var y = round1.EuJI[belgium * n + j];
            Assert.Equal(row.Num("jmckib_x_EB_UBj"), x, 1e-6);
            Assert.Equal(row.Num("jmckib_y_EB_UjB"), y, 1e-6);
            // Read off Bueno de Mesquita's (1994) chart, ±0.015.
            Assert.Equal(row.Num("bdm1994_x_digitised"), x, 0.02);
            Assert.Equal(row.Num("bdm1994_y_digitised"), y, 0.02);
        }
    }

    [Theory, MemberData(nameof(Engines))]
    public void SultanOil_nobody_moves_under_scholz_code(string engine)
    {
        var input = EumReferenceData.SultanOil;
        var result = Run(engine, input, EumVariant.ScholzCode);
        Assert.Equal(10, result.Rounds.Length);
        foreach (var row in EumReferenceData.Table("sultan_oil_scholz_code_final_positions.csv"))
        {
            var i = input.Actors.IndexOf(row["actor"]);
            Assert.Equal(row.Num("x_final"), result.FinalPositions[i], 1e-9);
            Assert.Equal(row.Num("r_last_round"), result.Rounds[^1].Actors[i].Risk, 1e-6);
        }
        foreach (var row in EumReferenceData.Table("sultan_oil_scholz_code_summary.csv"))
        {
            var round = (int)row.Num("round");
            var forecast = round == 0 ? result.Initial : result.Rounds[round - 1].Forecast;
            Assert.Equal(row.Num("weighted_mean"), forecast.Mean, 1e-6);
            Assert.Equal(row.Num("median_jmckib"), forecast.Median, 1e-6);
            Assert.Equal(row.Num("weighted_median_check"), forecast.Median, 1e-6);
        }
    }

    [Theory, MemberData(nameof(Engines))]
    public void ScholzCodeFixed_leaves_the_emission_trace_unchanged_but_moves_actors_in_the_oil_case(string engine)
    {
        var emission = EumReferenceData.Emission;
        var code = Run(engine, emission, EumVariant.ScholzCode);
        var fixedRun = Run(engine, emission, EumVariant.ScholzCodeFixed);
        Assert.Equal(code.FinalPositions.ToArray(), fixedRun.FinalPositions.ToArray());
        Assert.DoesNotContain(fixedRun.Rounds.SelectMany(r => r.Actors), a => a.Offer?.Type == OfferType.Capitulation);

        var oil = EumReferenceData.SultanOil;
        var oilFixed = Run(engine, oil, EumVariant.ScholzCodeFixed);
        Assert.Contains(oilFixed.Rounds.SelectMany(r => r.Actors), a => a.Offer?.Type == OfferType.Capitulation);
        // Under scholz-code the mean stays at its initial value in every round; the fix moves it.
        Assert.Contains(oilFixed.Rounds, r => Math.Abs(r.Forecast.Mean - oilFixed.Initial.Mean) > 1e-6);
    }
}
