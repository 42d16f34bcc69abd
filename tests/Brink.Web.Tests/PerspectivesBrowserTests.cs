using Brink.Application;
using Brink.Web.Components.Shared;
using Microsoft.Playwright;

namespace Brink.Web.Tests;

/// <summary>The perspectives view of the run page in Chromium (the same workbench fixture as <see cref="BrowserTests"/>).</summary>
[Collection("workbench")]
public sealed class PerspectivesBrowserTests(Workbench workbench)
{
    [Fact]
    public async Task The_run_page_shows_what_each_actor_expects_and_the_colliding_dyads_from_the_keyboard()
    {
        // What the page must show, from the application layer (the same request brink run --perspectives makes).
        var expected = PerspectivesService.Run(new PerspectivesRequest { Scenario = ScenarioSource.FromFile(RepoPaths.Scenario("ceasefire-2025.yaml")) }).Document!;
        var issue = expected.Issues.First(i => i.Perspectives.Any(p => p.Holder == "usa" && p.Beliefs.Count > 0) && i.Collisions.Count > 0);
        var usa = issue.Perspectives.Single(p => p.Holder == "usa");
        var collision = issue.Collisions[0];

        var page = await workbench.OpenAsync();
        await page.GetByTestId("open-ceasefire-2025").ClickAsync();
        await Assertions.Expect(page.GetByTestId("validation-status")).ToHaveAttributeAsync("data-valid", "true");
        await page.GetByTestId("go-run").ClickAsync();
        // Keyboard only: the labelled variant choice, then Tab to the button and Enter.
        var variant = page.GetByLabel("EUM variant of the perspectives");
        await Assertions.Expect(variant).ToHaveValueAsync(PerspectivesRequest.DefaultVariant);
        await variant.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("perspectives-button")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        var table = page.Locator($"[data-testid=perspectives-table][data-issue={issue.Issue}]");
        await Assertions.Expect(table).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("perspectives-table")).ToHaveCountAsync(expected.Issues.Count);
        var row = table.Locator("[data-testid=perspective-row][data-holder=usa]");
        await Assertions.Expect(row).ToContainTextAsync("United States");
        var cells = row.Locator("td");
        await Assertions.Expect(cells.Nth(0)).ToHaveTextAsync(Num.F(usa.Mean, "0.##"));
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync(Num.F(issue.Truth.Mean, "0.##"));
        await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync((usa.GapMean >= 0 ? "+" : "") + Num.F(usa.GapMean, "0.##"));
        foreach (var belief in usa.Beliefs) await Assertions.Expect(cells.Nth(4)).ToContainTextAsync($"{belief.Parameter} = {Num.F(belief.Value, "0.##")}");
        Assert.NotEqual(0, usa.GapMean);

        var dyad = page.Locator($"[data-testid=perspectives] [data-testid=collision][data-a={collision.A}][data-b={collision.B}]").First;
        await Assertions.Expect(dyad).ToBeVisibleAsync();
        await Assertions.Expect(dyad).ToContainTextAsync(NumberText.Significant(collision.EuA));
        // Beliefs the EUM cannot use (a crisis parameter) are said, not dropped silently.
        if (expected.Issues.Any(i => i.UnusedBeliefs.Count > 0))
            await Assertions.Expect(page.GetByTestId("unused-beliefs").First).ToContainTextAsync("not EUM inputs");
        await table.EvaluateAsync(Workbench.ScrollBelowAppBar);
        await workbench.ShotAsync(page, "perspectives");
    }
}
