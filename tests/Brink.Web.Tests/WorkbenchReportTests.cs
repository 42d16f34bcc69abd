using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Brink.Web.Tests;

/// <summary>
/// The report export, the table editor, the quadrant chart, the dyad heat map and the calibration chart in real Chromium.
/// Screenshots (docs/img with BRINK_SCREENSHOTS=docs/img): editor-table, report, run-quadrant, simulate-dyads, ledger-calibration.
/// </summary>
[Collection("workbench")]
public sealed partial class WorkbenchReportTests(Workbench workbench)
{
    [GeneratedRegex(@"\b(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    private static async Task OpenNato(IPage page)
    {
        await page.GetByTestId("open-nato-2022").ClickAsync();
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");
    }

    private static async Task RunNato(IPage page)
    {
        await OpenNato(page);
        await page.GetByTestId("go-run").ClickAsync();
        await page.GetByTestId("run-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("forecast-row")).ToHaveCountAsync(4);
    }

    [Fact]
    public async Task Export_downloads_a_self_contained_html_report_that_opens_without_the_network()
    {
        var page = await workbench.OpenAsync();
        await RunNato(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-html").ClickAsync());
        Assert.Equal("nato-2022-report.html", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"brink-report-{Guid.NewGuid():n}.html");
        await download.SaveAsAsync(path);
        try
        {
            var html = await File.ReadAllTextAsync(path);
            Assert.DoesNotMatch(ExternalReference(), html);
            foreach (var actor in new[] { "United States", "Russia", "Ukraine", "Belarus" }) Assert.Contains(actor, html);
            Assert.Contains("data-code=\"nash-no-feasible-agreement\"", html);
            Assert.Contains("id=\"source-blinken-written-reply\"", html);
            await Assertions.Expect(page.GetByTestId("export-message")).ToContainTextAsync("Exported nato-2022-report.html");

            // Opened in the browser, the report asks the network for nothing but itself.
            var report = await workbench.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            var requests = new List<string>();
            report.Request += (_, r) => requests.Add(r.Url);
            await report.GotoAsync(new Uri(path).AbsoluteUri);
            await Assertions.Expect(report.Locator("[data-chart=trajectories] svg")).ToHaveCountAsync(2);
            Assert.Equal([new Uri(path).AbsoluteUri], requests);
            await report.Mouse.WheelAsync(0, 900);
            await workbench.ShotAsync(report, "report");
            await report.CloseAsync();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_round_one_quadrant_chart_places_every_other_actor()
    {
        var page = await workbench.OpenAsync();
        await RunNato(page);
        await page.Locator("#quadrant-actor").SelectOptionAsync("Russia");
        await Assertions.Expect(page.Locator("#quadrant-variant")).ToHaveValueAsync("paper");
        // Ten other actors: a marker each in Plotly's SVG, and a row each in the table.
        await Assertions.Expect(page.GetByTestId("quadrant-row")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("[data-testid=quadrant-chart] .scatterlayer .points path")).ToHaveCountAsync(10);
        await Assertions.Expect(page.GetByTestId("quadrant-row").First).ToContainTextAsync("Russia");
        await page.GetByTestId("quadrant-chart").ScrollIntoViewIfNeededAsync();
        await workbench.ShotAsync(page, "run-quadrant");
    }

    [Fact]
    public async Task A_chart_asked_for_while_plotly_still_loads_is_drawn_even_when_an_earlier_one_was_replaced()
    {
        // plotly.js (4.6 MB) held back for four seconds, as on a slow or loaded machine: the United States chart
        // is queued, replaced by the Russia chart before plotly.js arrives, and Russia's must still be drawn.
        var page = await workbench.OpenAsync();
        await page.RouteAsync("**/plotly-3.7.0.min*.js", async route =>
        {
            await Task.Delay(4000);
            await route.ContinueAsync();
        });
        await RunNato(page);
        await page.Locator("#quadrant-actor").SelectOptionAsync("Russia");
        await Assertions.Expect(page.GetByTestId("quadrant-row").First).ToContainTextAsync("Russia");
        await Assertions.Expect(page.Locator("[data-testid=quadrant-chart] .scatterlayer .points path")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator(".js-plotly-plot")).Not.ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_table_view_edits_the_yaml_and_shows_the_sources()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        await page.GetByTestId("view-table").ClickAsync();
        var rows = page.GetByTestId("table-row");
        await Assertions.Expect(rows).ToHaveCountAsync(22); // 11 actors × 2 issues
        var usa = rows.Filter(new LocatorFilterOptions { Has = page.Locator("td", new PageLocatorOptions { HasTextString = "nato_membership" }) }).First;
        await Assertions.Expect(usa.GetByTestId("evidence")).ToContainTextAsync("There is no change; there will be no change.");
        var cell = page.Locator("[data-testid='cell-actors[usa].positions[nato_membership].position']");
        await Assertions.Expect(cell).ToHaveAttributeAsync("title", new Regex("blinken-written-reply"));
        await workbench.ShotAsync(page, "editor-table");

        await cell.FillAsync("22");
        await cell.PressAsync("Tab");
        await page.Locator("[data-testid='high-actors[usa].positions[nato_membership].position']").FillAsync("40");
        await page.Locator("[data-testid='high-actors[usa].positions[nato_membership].position']").PressAsync("Tab");
        await page.GetByTestId("view-text").ClickAsync();
        await Assertions.Expect(page.GetByTestId("editor")).ToHaveValueAsync(new Regex(@"position: \{value: 22, range: \[10, 40\], source: blinken-written-reply\}"));
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");

        // A value out of its range is located by the validator, as a typed one is.
        await page.GetByTestId("view-table").ClickAsync();
        await page.Locator("[data-testid='cell-actors[usa].positions[nato_membership].position']").FillAsync("90");
        await page.Locator("[data-testid='cell-actors[usa].positions[nato_membership].position']").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "false");
        await Assertions.Expect(page.GetByTestId("diagnostic").First).ToContainTextAsync("actors[usa].positions[nato_membership].position");
    }

    [Fact]
    public async Task A_scenario_uploads_and_downloads_as_yaml_json_and_csv()
    {
        var page = await workbench.OpenAsync();
        await page.Locator("#upload").SetInputFilesAsync(RepoPaths.Scenario("emission.yaml"));
        await Assertions.Expect(page.GetByTestId("file-message")).ToContainTextAsync("Opened emission.yaml");
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");
        await Assertions.Expect(page.GetByTestId("editor")).ToHaveValueAsync(await File.ReadAllTextAsync(RepoPaths.Scenario("emission.yaml")));

        var yaml = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download").ClickAsync());
        Assert.Equal("emission.yaml", yaml.SuggestedFilename);
        Assert.Equal(await File.ReadAllTextAsync(RepoPaths.Scenario("emission.yaml")), await File.ReadAllTextAsync((await yaml.PathAsync())!));
        var json = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-json").ClickAsync());
        Assert.Equal("emission.json", json.SuggestedFilename);
        var fromJson = Brink.Scenarios.ScenarioLoader.Parse(await File.ReadAllTextAsync((await json.PathAsync())!), "e.json", Brink.Scenarios.ScenarioFormat.Json);
        Assert.True(fromJson.Ok);
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-csv-emission").ClickAsync());
        var fromCsv = Brink.Scenarios.ScenarioLoader.Parse(await File.ReadAllTextAsync((await csv.PathAsync())!), "e.csv", Brink.Scenarios.ScenarioFormat.Csv);
        Assert.True(fromCsv.Ok);
        Assert.Equal(fromJson.Value!.Actors.Select(a => a.Capability), fromCsv.Value!.Actors.Select(a => a.Capability));
    }

    [Fact]
    public async Task Monte_Carlo_draws_the_dyad_conflict_heat_map()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        await page.GetByTestId("nav-simulate").ClickAsync();
        await page.Locator("#sim-draws").FillAsync("300");
        await page.Locator("#sim-model").SelectOptionAsync("eum");
        await page.Locator("#sim-variant").SelectOptionAsync("paper");
        await page.GetByTestId("sim-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sim-progress")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 120_000 });
        // One heat map per issue (the EUM is the model with dyads), every actor on both axes.
        var maps = page.GetByTestId("dyad-heatmap");
        await Assertions.Expect(maps).ToHaveCountAsync(2);
        await Assertions.Expect(maps.First).ToHaveAttributeAsync("data-actors", "11");
        await Assertions.Expect(maps.First.Locator(".heatmaplayer image")).ToHaveCountAsync(1);
        await maps.First.ScrollIntoViewIfNeededAsync();
        await workbench.ShotAsync(page, "simulate-dyads");
    }

    [Fact]
    public async Task The_ledger_draws_the_calibration_chart_of_the_scored_forecasts()
    {
        var page = await workbench.OpenAsync("/ledger");
        foreach (var (id, p, outcome) in new[] { ("cal-1", "0.8", "yes"), ("cal-2", "0.3", "no"), ("cal-3", "0.7", "no") })
        {
            await page.Locator("#q-id").FillAsync(id);
            await page.Locator("#q-title").FillAsync($"Calibration question {id}?");
            await page.Locator("#q-criteria").FillAsync("Decided by the test");
            await page.GetByTestId("add-question").ClickAsync();
            await Assertions.Expect(page.GetByTestId("ledger-message")).ToContainTextAsync($"Added question {id}");
            await page.Locator("#f-question").SelectOptionAsync(id);
            await page.Locator("#f-by").FillAsync("calibrator");
            await page.Locator("#f-p").FillAsync(p);
            await page.GetByTestId("add-forecast").ClickAsync();
            await Assertions.Expect(page.GetByTestId("ledger-message")).ToContainTextAsync($"on {id}");
            await page.Locator("#r-question").SelectOptionAsync(id);
            await page.Locator("#r-outcome").SelectOptionAsync(outcome);
            await page.GetByTestId("resolve").ClickAsync();
            await Assertions.Expect(page.GetByTestId("ledger-message")).ToContainTextAsync($"Resolved {id}");
        }
        var chart = page.GetByTestId("calibration-chart");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        // The other tests' questions may be scored too: at least these three events, a marker per non-empty bin.
        var events = int.Parse((await chart.GetAttributeAsync("data-events"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(events >= 3, $"{events} events");
        var markers = chart.Locator(".scatterlayer .trace").Last.Locator(".points path");
        await Assertions.Expect(markers.First).ToBeAttachedAsync();
        var bins = page.GetByTestId("calibration-table").Locator("tbody tr");
        Assert.True(await bins.CountAsync() >= 3);
        Assert.Equal(await bins.CountAsync(), await markers.CountAsync());
        await chart.ScrollIntoViewIfNeededAsync();
        await workbench.ShotAsync(page, "ledger-calibration");
    }
}
