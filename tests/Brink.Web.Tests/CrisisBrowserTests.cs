using System.Globalization;
using Microsoft.Playwright;

namespace Brink.Web.Tests;

/// <summary>The crisis and what-if pages in Chromium (the same workbench fixture as <see cref="BrowserTests"/>).</summary>
[Collection("workbench")]
public sealed class CrisisBrowserTests(Workbench workbench)
{
    private static async Task OpenNato(IPage page)
    {
        await page.GetByTestId("open-nato-2022").ClickAsync();
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");
    }

    [Fact]
    public async Task The_crisis_page_draws_heat_maps_with_data_and_the_game_follows_the_slider()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        await page.GetByTestId("nav-crisis").ClickAsync();
        await page.GetByTestId("crisis-run").ClickAsync();

        // Plotly draws a heat map as one image in the heat-map layer; its axes carry the issue's actors.
        foreach (var map in new[] { "heatmap-war", "heatmap-settlement", "heatmap-capitulation" })
        {
            var image = page.Locator($"[data-testid={map}] .heatmaplayer image");
            await Assertions.Expect(image).ToHaveCountAsync(1);
            Assert.StartsWith("data:image/", await image.GetAttributeAsync("href") ?? "");
            await Assertions.Expect(page.Locator($"[data-testid={map}] .yaxislayer-above")).ToContainTextAsync("belarus");
            await Assertions.Expect(page.Locator($"[data-testid={map}] .xaxislayer-above")).ToContainTextAsync("usa");
        }
        await Assertions.Expect(page.Locator("[data-testid=heatmap-war] .yaxislayer-above")).ToContainTextAsync("russia");
        // The causes chart has a bar per cause, and the defaults the figures rest on are listed.
        await Assertions.Expect(page.Locator("[data-testid=causes-chart] .barlayer .point")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("crisis-warnings")).ToContainTextAsync("took the default");
        await Assertions.Expect(page.GetByTestId("crisis-dyads")).ToContainTextAsync("usa");
        await workbench.ShotAsync(page, "crisis");

        // The textbook game: a wider misperception gap, a likelier war (the app layer computes, the page shows).
        var result = page.GetByTestId("game-result");
        await Assertions.Expect(result).ToContainTextAsync("At a gap of 0.20");
        var before = await result.TextContentAsync();
        await page.GetByTestId("game-gap").FillAsync("0.6");
        await Assertions.Expect(result).ToContainTextAsync("At a gap of 0.60");
        Assert.NotEqual(before, await result.TextContentAsync());
        // Three curves (one per c̄) and the slider's markers.
        await Assertions.Expect(page.Locator("[data-testid=game-chart] .scatterlayer .trace")).ToHaveCountAsync(4);
    }

    [Fact]
    public async Task The_bargaining_slider_moves_the_request_and_the_chart_follows()
    {
        var page = await workbench.OpenAsync();
        await page.GetByTestId("nav-crisis").ClickAsync();
        var result = page.GetByTestId("bargain-result");
        // c̄ = 0.4 with p = 0.5, c_A = 0.1: demand 0.65, P(war) 0.375 (as `brink crisis bargain`).
        await Assertions.Expect(result).ToContainTextAsync("P(war) 0.375");
        await Assertions.Expect(page.Locator("[data-testid=bargain-chart] .scatterlayer .trace")).ToHaveCountAsync(3);
        var before = await result.TextContentAsync();
        await page.GetByTestId("bargain-cost-b-max").FillAsync("0.8");
        await Assertions.Expect(result).Not.ToContainTextAsync("P(war) 0.375");
        Assert.NotEqual(before, await result.TextContentAsync());
        await Assertions.Expect(page.Locator("[data-testid=bargain-chart] .scatterlayer .trace")).ToHaveCountAsync(3);
        // The other games answered too.
        await Assertions.Expect(page.GetByTestId("preventive-result")).ToContainTextAsync("A fights");
        await Assertions.Expect(page.Locator("[data-testid=interaction-chart] .barlayer .point")).ToHaveCountAsync(8);
    }

    [Fact]
    public async Task The_audience_threshold_and_the_interaction_payoffs_are_editable_and_computed_by_the_application_layer()
    {
        var page = await workbench.OpenAsync();
        await page.GetByTestId("nav-crisis").ClickAsync();
        var qStar = page.GetByTestId("audience-q-star");
        var audience = page.GetByTestId("audience-result");
        async Task<Brink.Application.AudienceRequest> AudienceOnPage() => new()
        {
            P = double.Parse(await page.GetByTestId("audience-p").InputValueAsync(), CultureInfo.InvariantCulture),
            CostD = double.Parse(await page.GetByTestId("audience-cost-d").InputValueAsync(), CultureInfo.InvariantCulture),
            AudienceCost = double.Parse(await page.GetByTestId("audience-cost").InputValueAsync(), CultureInfo.InvariantCulture),
            PriorResolved = double.Parse(await page.Locator("#audience-prior").InputValueAsync(), CultureInfo.InvariantCulture),
        };
        // q* = 1/(p + c_D) follows the c_D slider, and so does the regime (as brink crisis audience computes them).
        var before = await AudienceOnPage();
        await Assertions.Expect(qStar).ToHaveTextAsync((1 / (before.P!.Value + before.CostD!.Value)).ToString("0.###", CultureInfo.InvariantCulture));
        await page.GetByTestId("audience-cost-d").FillAsync("1");
        var after = await AudienceOnPage();
        Assert.Equal(1, after.CostD);
        await Assertions.Expect(qStar).ToHaveTextAsync((1 / (after.P!.Value + 1)).ToString("0.###", CultureInfo.InvariantCulture));
        var expected = Brink.Application.CrisisGameService.Audience(after);
        await Assertions.Expect(audience).ToContainTextAsync(Brink.Application.UserWords.Of(expected.Regime) + ": P(war) " + expected.PWar.ToString("0.###", CultureInfo.InvariantCulture));
        Assert.NotEqual(Brink.Application.CrisisGameService.Audience(before).Regime, expected.Regime);

        // The interaction game's 16 utilities are inputs; the page shows what the application layer computes from them.
        var order = Brink.Application.InteractionRequest.Order.Split(',');
        async Task<Brink.Application.InteractionRequest> InteractionOnPage() => new()
        {
            PayoffsA = [.. await Task.WhenAll(order.Select(async o => double.Parse(await page.GetByTestId($"interaction-a-{o}").InputValueAsync(), CultureInfo.InvariantCulture)))],
            PayoffsB = [.. await Task.WhenAll(order.Select(async o => double.Parse(await page.GetByTestId($"interaction-b-{o}").InputValueAsync(), CultureInfo.InvariantCulture)))],
            Lambda = double.Parse(await page.GetByTestId("interaction-lambda").InputValueAsync(), CultureInfo.InvariantCulture),
        };
        static string Shown(Brink.Application.InteractionDocument d) =>
            $"Backward induction: {Brink.Application.UserWords.Of(d.BackwardInduction.Outcome)} ({Brink.Application.InteractionRequest.ShortName(d.BackwardInduction.Outcome)})";
        var result = page.GetByTestId("interaction-result");
        var game = Brink.Application.CrisisGameService.Interaction(await InteractionOnPage());
        await Assertions.Expect(result).ToContainTextAsync(Shown(game));
        var text = await result.TextContentAsync();
        await page.GetByTestId("interaction-a-war_a").FillAsync("3");
        await page.GetByTestId("interaction-a-war_a").PressAsync("Tab");
        var edited = await InteractionOnPage();
        Assert.Equal(3, edited.PayoffsA[6]);
        await Assertions.Expect(result).Not.ToHaveTextAsync(text!);
        await Assertions.Expect(result).ToContainTextAsync(Shown(Brink.Application.CrisisGameService.Interaction(edited)));
        await Assertions.Expect(page.Locator("[data-testid=interaction-chart] .barlayer .point")).ToHaveCountAsync(8);

        // What is not a number is located at its entry by the request's own validation, and nothing is computed from it.
        await page.GetByTestId("interaction-b-sq").FillAsync("");
        await page.GetByTestId("interaction-b-sq").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("interaction-errors")).ToContainTextAsync("payoffs_b[0]: --payoffs-b: entry 1 (sq) must be a finite number.");
        await Assertions.Expect(page.GetByTestId("interaction-chart")).ToHaveCountAsync(0);
        await page.GetByTestId("interaction-b-sq").FillAsync("0.25");
        await page.GetByTestId("interaction-b-sq").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("interaction-errors")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=interaction-chart] .barlayer .point")).ToHaveCountAsync(8);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.GetByText("Audience costs: tying hands", new() { Exact = true }).EvaluateAsync(Workbench.ScrollBelowAppBar);
        await workbench.ShotAsync(page, "crisis-audience");
        await page.GetByText("The international interaction game", new() { Exact = true }).EvaluateAsync(Workbench.ScrollBelowAppBar);
        await workbench.ShotAsync(page, "crisis-games");
    }

    [Fact]
    public async Task The_what_if_page_shows_the_best_change_and_its_bounds()
    {
        var page = await workbench.OpenAsync();
        await OpenNato(page);
        await page.GetByTestId("nav-whatif").ClickAsync();
        await page.Locator("#whatif-model").SelectOptionAsync("compromise");
        await page.Locator("#whatif-target").FillAsync("60");
        await page.GetByTestId("whatif-search").ClickAsync();
        await Assertions.Expect(page.GetByTestId("whatif-best")).ToContainTextAsync("Best:", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("[data-testid=whatif-table] tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(page.GetByTestId("whatif-bounds")).ToContainTextAsync("of the scale, the default");
        await Assertions.Expect(page.Locator("[data-testid=whatif-chart] .barlayer .point")).ToHaveCountAsync(6);
        await workbench.ShotAsync(page, "whatif");
    }
}
