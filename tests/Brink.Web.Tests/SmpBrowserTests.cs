using Brink.Application;
using Brink.Web.Components.Shared;
using Microsoft.Playwright;

namespace Brink.Web.Tests;

/// <summary>The run page with the spatial model of politics (model smp) in Chromium (the same workbench fixture as <see cref="BrowserTests"/>).</summary>
[Collection("workbench")]
public sealed class SmpBrowserTests(Workbench workbench)
{
    [Fact]
    public async Task Choosing_smp_on_the_two_dimensional_package_shows_the_forecast_per_dimension_a_chart_per_dimension_and_the_path()
    {
        // What the page must show, from the application layer (the request brink run --model smp makes).
        var expected = SmpRunService.Run(new SmpRunRequest { Scenario = ScenarioSource.FromFile(RepoPaths.Scenario("nato-2022-package.yaml")) }).Document!;
        var issue = expected.Issues.Single();
        var model = issue.Models.Single();
        Assert.Equal(2, issue.Dimensions.Count);

        var page = await workbench.OpenAsync();
        await page.GetByTestId("open-nato-2022-package").ClickAsync();
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");
        await page.GetByTestId("go-run").ClickAsync();
        await page.Locator("#run-model").SelectOptionAsync(ModelRegistry.SmpModel);
        await Assertions.Expect(page.Locator("#run-rounds")).ToBeDisabledAsync();
        await page.GetByTestId("run-button").ClickAsync();

        await Assertions.Expect(page.GetByTestId("smp-forecast-row")).ToHaveCountAsync(2);
        foreach (var f in model.Forecast)
        {
            var cells = page.Locator($"[data-testid=smp-forecast-row][data-dimension={f.Dimension}] td");
            await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync(Num.F(f.Mean));
            await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync(Num.F(f.Median));
        }
        await Assertions.Expect(page.GetByTestId("smp-stop")).ToHaveAttributeAsync("data-converged", model.Converged ? "true" : "false");
        await Assertions.Expect(page.GetByTestId("smp-stop")).ToContainTextAsync($"turn {model.StoppingTurn}");
        // No bargaining-model table or EUM chart for an SMP run.
        await Assertions.Expect(page.GetByTestId("forecast-table")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("trajectory-chart")).ToHaveCountAsync(0);

        // One chart per dimension, one line per actor in Plotly's SVG, a marker per actor and turn (turn 0 included).
        var actors = issue.Actors.Count;
        await Assertions.Expect(page.GetByTestId("smp-trajectory-chart")).ToHaveCountAsync(2);
        foreach (var d in issue.Dimensions)
        {
            var chart = page.Locator($"[data-testid=smp-trajectory-chart][data-dimension={d.Id}]");
            await Assertions.Expect(chart.Locator(".scatterlayer .trace path.js-line")).ToHaveCountAsync(actors);
            await Assertions.Expect(chart.Locator(".scatterlayer .trace .points path")).ToHaveCountAsync(actors * model.Turns.Count);
        }
        // The path in the plane: a trace per actor (its turns as markers) and the forecast point.
        var path = page.GetByTestId("smp-path-chart");
        await Assertions.Expect(path).ToHaveCountAsync(1);
        await Assertions.Expect(path.Locator(".scatterlayer .trace")).ToHaveCountAsync(actors + 1);
        await Assertions.Expect(path.Locator(".scatterlayer .trace .points path")).ToHaveCountAsync(actors * model.Turns.Count + 1);
        foreach (var a in issue.Actors) await Assertions.Expect(path.Locator(".legend")).ToContainTextAsync(a.Name);
        await Assertions.Expect(path.Locator(".legend")).ToContainTextAsync("forecast (mean)");
        Assert.DoesNotContain(workbench.ConsoleErrors, e => e.Contains("plotly", StringComparison.OrdinalIgnoreCase));
        await path.EvaluateAsync(Workbench.ScrollBelowAppBar);
        await workbench.ShotAsync(page, "run-smp");
    }

    [Fact]
    public async Task The_variant_choice_offers_the_smp_variants_and_the_ktab_run_exports_as_the_smp_report()
    {
        var page = await workbench.OpenAsync();
        await page.GetByTestId("open-nato-2022-package").ClickAsync();
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");
        await page.GetByTestId("go-run").ClickAsync();
        await page.Locator("#run-model").SelectOptionAsync(ModelRegistry.SmpModel);
        // The variant choice offers the SMP's own variants only.
        await Assertions.Expect(page.Locator("#run-variant option")).ToHaveCountAsync(3);
        await page.Locator("#run-variant").SelectOptionAsync("ktab");
        await page.GetByTestId("run-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("smp-forecast-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("run-errors")).ToHaveCountAsync(0);
        // The export is the report of brink report --model smp --variant ktab: the panels and the path.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-html").ClickAsync());
        var html = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("--model smp --variant ktab", html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "data-chart=\"smp-trajectory\""));
        Assert.Contains("data-chart=\"smp-path\"", html);
    }
}
