using Brink.Backtest;
using Brink.Models;

namespace Brink.Tests.Backtest;

/// <summary>Friedkin &amp; Johnsen's model in the DEU back-test (<c>--models influence:VARIANT</c>): DEU has no follows relations.</summary>
public sealed class InfluenceBacktestTests
{
    [Fact]
    public void Without_relations_the_stand_alone_variant_forecasts_the_compromise_model_and_a_coupled_variant_its_eum()
    {
        var (models, unknown) = BacktestModels.Resolve(["influence:friedkin-johnsen,influence:eum-scholz-code"]);
        Assert.Empty(unknown);
        Assert.Equal(2, models.Length);
        var cases = DeuImporter.Cases(DeuImporterTests.Dev(), DeuCapabilities.Votes).Take(25).ToList();
        var standalone = models[0].Fit(cases, BacktestProtocol.Default);
        var coupled = models[1].Fit(cases, BacktestProtocol.Default);
        foreach (var c in cases)
        {
            Assert.Equal(BaselineForecasts.Compromise(c.Issue), standalone.Forecast(c)!.Value, 9);
            Assert.Equal(ModelCatalog.Run("eum", "scholz-code", c.Issue, new ModelOptions { FullTrace = false }).Forecast.Mean, coupled.Forecast(c)!.Value, 9);
        }
    }
}
