using System.Collections.Immutable;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Lists_the_contract_model_names_with_their_default_variants()
    {
        Assert.Equal(["compromise", "median", "nash", "eum"], ModelCatalog.DefaultModels);
        Assert.Equal(["compromise", "median", "nash", "eum", "influence"], ModelCatalog.Models.Take(5));
        Assert.Equal("scholz-code", ModelCatalog.DefaultVariant("eum"));
        Assert.Equal(["scholz-code", "scholz-code-fixed", "paper"], ModelCatalog.Variants("eum"));
        Assert.Equal("quadratic", ModelCatalog.DefaultVariant("nash"));
        Assert.All(ModelCatalog.All, s => Assert.False(string.IsNullOrWhiteSpace(s.Citation)));
    }

    [Fact]
    public void Unknown_model_or_variant_throws_with_the_valid_names()
    {
        var input = EumReferenceData.Emission;
        var model = Assert.Throws<ArgumentException>(() => ModelCatalog.Run("eu", null, input, new ModelOptions()));
        Assert.Contains("compromise, median, nash, eum", model.Message);
        var variant = Assert.Throws<ArgumentException>(() => ModelCatalog.Run("eum", "scholz", input, new ModelOptions()));
        Assert.Contains("scholz-code, scholz-code-fixed, paper", variant.Message);
    }

    [Fact]
    public void Every_listed_model_runs_and_reports_its_name_and_variant()
    {
        var input = EumReferenceData.Emission;
        foreach (var spec in ModelCatalog.All)
        {
            var result = ModelCatalog.Run(spec.Model, spec.Variant, input, new ModelOptions());
            Assert.Equal(spec.Model, result.Model);
            Assert.Equal(spec.Variant, result.Variant);
            Assert.InRange(result.Forecast.Mean, 4, 10);
            Assert.InRange(result.Forecast.Median, 4, 10);
        }
        var eum = Assert.IsType<EumResult>(ModelCatalog.Run("EUM", null, input, new ModelOptions()));
        Assert.Equal("scholz-code", eum.Variant);
        Assert.Equal(7.2421309585, eum.Forecast.Mean, 1e-6); // emission_round_summary.csv, round 10
    }

    [Fact]
    public void Invalid_input_is_rejected_with_the_actor_and_field()
    {
        var input = SpatialIssue.Create(["a", "b"], [1, 1], [0, 10], [0.5, 80]);
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Run("compromise", null, input, new ModelOptions()));
        Assert.Contains("'b'", error.Message);
        Assert.Contains("salience", error.Message);
        Assert.Throws<ArgumentException>(() => ModelCatalog.Run("eum", null, EumReferenceData.Emission, new ModelOptions { Q = 2 }));
    }

    [Fact]
    public void Scenarios_run_issue_by_issue()
    {
        var scenario = new Scenario
        {
            Title = "two issues",
            Issues = [new Issue { Id = "tax", Min = 0, Max = 10 }, new Issue { Id = "tariff", Min = 0, Max = 100 }],
            Actors =
            [
                new Actor { Id = "a", Capability = 1, Stances = ImmutableDictionary<string, Stance>.Empty.Add("tax", new Stance(0, 1)).Add("tariff", new Stance(20, 0.5)) },
                new Actor { Id = "b", Capability = 3, Stances = ImmutableDictionary<string, Stance>.Empty.Add("tax", new Stance(10, 1)) },
                new Actor { Id = "c", Capability = 1, Stances = ImmutableDictionary<string, Stance>.Empty.Add("tariff", new Stance(80, 0.5)) },
            ],
        };
        var results = ModelCatalog.Run("compromise", null, scenario, new ModelOptions());
        Assert.Equal(2, results.Count);
        Assert.Equal(7.5, results[0].Forecast.Mean, 12);
        Assert.Equal(50, results[1].Forecast.Mean, 12);
    }
}
