using Brink.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Brink.Web.Tests;

/// <summary>
/// The workbench on a real loopback port, driven by Debian's Chromium through Playwright (installed by .ci/run).
/// Screenshots go to $BRINK_SCREENSHOTS when set (docs/img is refreshed that way), else to the test output.
/// </summary>
public sealed class Workbench : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string Url { get; private set; } = "";
    /// <summary>Errors the pages logged (shown when a chart assertion fails).</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> ConsoleErrors { get; } = [];
    public IBrowser Browser { get; private set; } = null!;
    public string LedgerPath { get; } = Path.Combine(Path.GetTempPath(), $"brink-web-ui-{Guid.NewGuid():n}.db");
    public string Screenshots { get; } = Environment.GetEnvironmentVariable("BRINK_SCREENSHOTS") is { Length: > 0 } dir
        ? Path.GetFullPath(dir, RepoPaths.Root) : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // The machine running the tests may be shared and slow: charts get time to draw.
        Assertions.SetDefaultExpectTimeout(30_000);
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)");
        _app = BrinkWebHost.Build(new BrinkWebOptions { Port = 0, Db = LedgerPath });
        _app.Urls.Add("http://127.0.0.1:0");
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A fresh tab at 1280×800 on <paramref name="path"/>, once the Blazor circuit is interactive.</summary>
    public async Task<IPage> OpenAsync(string path = "/")
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        page.SetDefaultTimeout(30_000);
        page.Console += (_, m) => { if (m.Type is "error" or "warning") ConsoleErrors.Add(m.Text); };
        page.PageError += (_, e) => ConsoleErrors.Add(e);
        await page.GotoAsync(Url + path);
        await page.Locator("#ready[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>Script for <c>locator.EvaluateAsync</c>: scrolls the element to the top of the view, just below the fixed app bar.</summary>
    public const string ScrollBelowAppBar = "e => { e.scrollIntoView(); window.scrollBy(0, -64); }";

    public async Task ShotAsync(IPage page, string name)
    {
        await page.WaitForTimeoutAsync(500); // let a scroll settle (a screenshot mid-scroll tears)
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = false });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { LedgerPath, LedgerPath + "-wal", LedgerPath + "-shm" }) File.Delete(f);
    }
}

[CollectionDefinition("workbench")]
public sealed class WorkbenchCollection : ICollectionFixture<Workbench>;

[Collection("workbench")]
public sealed class BrowserTests(Workbench workbench)
{
    private static async Task OpenNato(IPage page)
    {
        await page.GetByTestId("open-nato-2022").ClickAsync();
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");
        await Assertions.Expect(page.GetByTestId("editor")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("NATO security guarantees"));
    }

    [Fact]
    public async Task Bundled_scenario_runs_and_the_trajectory_chart_has_data()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        await workbench.ShotAsync(page, "editor");
        await page.GetByTestId("go-run").ClickAsync();
        await page.GetByTestId("run-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("forecast-row")).ToHaveCountAsync(4);
        // One line per actor in Plotly's SVG, each drawn through round 0..10.
        var lines = page.Locator("[data-testid=trajectory-chart] .scatterlayer .trace path.js-line");
        await Assertions.Expect(lines).ToHaveCountAsync(11);
        // A marker per actor and round (0..10); Plotly merges collinear segments, so the lines alone do not show every round.
        await Assertions.Expect(page.Locator("[data-testid=trajectory-chart] .scatterlayer .trace .points path")).ToHaveCountAsync(11 * 11);
        var paths = await lines.EvaluateAllAsync<string[]>("ls => ls.map(l => l.getAttribute('d'))");
        Assert.Contains(paths, d => d.Count(c => c == 'L') >= 2); // somebody moves
        await Assertions.Expect(page.GetByTestId("moves")).ToContainTextAsync("round 1:");
        await page.Mouse.WheelAsync(0, 330);
        await workbench.ShotAsync(page, "run");
    }

    [Fact]
    public async Task An_error_in_the_editor_is_located()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        var text = await page.GetByTestId("editor").InputValueAsync();
        var broken = text.Replace("capability: {value: 70,", "capability: {value: lots,");
        var line = text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("capability: {value: 70,")).i + 1;
        await page.GetByTestId("editor").FillAsync(broken);
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "false");
        var diagnostic = page.GetByTestId("diagnostic").Filter(new LocatorFilterOptions { HasText = "capability" }).First;
        await Assertions.Expect(diagnostic).ToHaveAttributeAsync("data-line", line.ToString());
        await Assertions.Expect(diagnostic).ToContainTextAsync($"line {line}, column");
        await workbench.ShotAsync(page, "editor-error");
        // Fixing it clears the error again.
        await page.GetByTestId("editor").FillAsync(text);
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");
    }

    [Fact]
    public async Task Monte_Carlo_shows_progress_then_a_histogram()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        await page.GetByTestId("nav-simulate").ClickAsync();
        await page.Locator("#sim-draws").FillAsync("3000");
        await page.GetByTestId("sim-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sim-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("sim-progress")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("sim-progress")).ToHaveAttributeAsync("data-fraction", "1");
        // Two issues, four models each: a bar trace per model with one bar per bin.
        var bars = page.Locator("[data-testid=histogram] .barlayer .trace");
        await Assertions.Expect(bars).ToHaveCountAsync(8);
        Assert.True(await page.Locator("[data-testid=histogram] .barlayer .point path").CountAsync() > 8);
        await workbench.ShotAsync(page, "simulate");
    }

    [Fact]
    public async Task Monte_Carlo_can_be_cancelled()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        await page.GetByTestId("nav-simulate").ClickAsync();
        await page.Locator("#sim-draws").FillAsync("1000000");
        await page.GetByTestId("sim-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sim-progress")).ToHaveAttributeAsync("data-state", "running");
        await page.GetByTestId("sim-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sim-progress")).ToHaveAttributeAsync("data-state", "cancelled");
        await Assertions.Expect(page.GetByTestId("sim-progress")).ToContainTextAsync("partial");
    }

    [Fact]
    public async Task A_forecast_entered_in_the_form_appears_on_the_leaderboard()
    {
        var page = await workbench.OpenAsync("/ledger");
        await page.Locator("#q-id").FillAsync("ui-q1");
        await page.Locator("#q-title").FillAsync("Will the talks end in a written guarantee?");
        await page.Locator("#q-criteria").FillAsync("A signed text published by either side");
        await page.GetByTestId("add-question").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ledger-message")).ToContainTextAsync("Added question ui-q1");

        await page.Locator("#f-question").SelectOptionAsync("ui-q1");
        await page.Locator("#f-by").FillAsync("grace");
        await page.Locator("#f-p").FillAsync("0.9");
        await page.GetByTestId("add-forecast").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ledger-message")).ToContainTextAsync("by grace on ui-q1");

        await page.Locator("#r-question").SelectOptionAsync("ui-q1");
        await page.Locator("#r-outcome").SelectOptionAsync("no");
        await page.GetByTestId("resolve").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ledger-message")).ToContainTextAsync("Resolved ui-q1");

        var row = page.GetByTestId("leaderboard-row").Filter(new LocatorFilterOptions { HasText = "grace" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("0.8100"); // Brier (0 − 0.9)²
        await workbench.ShotAsync(page, "ledger");
    }

    [Fact]
    public async Task A_model_run_is_recorded_into_the_ledger_from_the_run_page()
    {
        var page = await workbench.OpenAsync("/ledger");
        await page.Locator("#q-id").FillAsync("ui-record");
        await page.Locator("#q-title").FillAsync("Does the membership question settle at or below 50?");
        await page.Locator("#q-criteria").FillAsync("The position NATO states in writing");
        await page.Locator("#q-threshold").FillAsync("50");
        await page.GetByTestId("add-question").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ledger-message")).ToContainTextAsync("Added question ui-record");

        await page.GetByTestId("nav-editor").ClickAsync();
        await OpenNato(page);
        await page.GetByTestId("go-run").ClickAsync();
        await page.GetByTestId("run-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("forecast-row")).ToHaveCountAsync(4);
        await page.Locator("#record-question").SelectOptionAsync("ui-record");
        await page.GetByTestId("record").ClickAsync();
        await Assertions.Expect(page.GetByTestId("record-message")).ToContainTextAsync("model:eum/scholz-code");

        await page.GetByTestId("nav-ledger").ClickAsync();
        var row = page.Locator("[data-testid=questions] tr").Filter(new LocatorFilterOptions { HasText = "ui-record" });
        await Assertions.Expect(row.Locator("td").Last).ToHaveTextAsync("4");
    }

    [Fact]
    public async Task Sensitivity_draws_the_tornado_and_the_Sobol_chart()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        await page.GetByTestId("nav-sensitivity").ClickAsync();
        await page.Locator("#sens-model").SelectOptionAsync("compromise");
        await page.Locator("#sens-samples").FillAsync("32");
        await page.Locator("#sens-trajectories").FillAsync("4");
        await page.GetByTestId("sens-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sens-progress")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 120_000 });
        // Two bar traces (5th and 95th percentile) with one bar per input.
        await Assertions.Expect(page.Locator("[data-testid=tornado-chart] .barlayer .trace")).ToHaveCountAsync(2);
        Assert.True(await page.Locator("[data-testid=tornado-chart] .barlayer .point path").CountAsync() >= 4);
        await Assertions.Expect(page.Locator("[data-testid=sobol-chart] .barlayer .trace")).ToHaveCountAsync(2);
        await page.Mouse.WheelAsync(0, 300);
        await workbench.ShotAsync(page, "sensitivity");
    }
}
