using Microsoft.Playwright;

namespace Brink.Web.Tests;

/// <summary>The back-test page in Chromium (the same workbench fixture as <see cref="BrowserTests"/>): a DEU back-test as a job with progress and cancel.</summary>
[Collection("workbench")]
public sealed class BacktestBrowserTests(Workbench workbench)
{
    private static string DeuFile => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "reference", "deu", "deu3_dev.tsv"));

    /// <summary>Models that forecast directly (no cross-validation), so the run takes seconds; nash gives the table its warnings.</summary>
    private static readonly string[] QuickModels = ["median", "constant50", "status-quo", "nash:quadratic", "nash:linear"];

    [Fact]
    public async Task The_bundled_DEU_file_runs_as_a_job_and_shows_the_errors_their_intervals_the_warnings_and_a_chart()
    {
        var page = await workbench.OpenAsync();
        await page.GetByTestId("nav-backtest").ClickAsync();
        await page.GetByTestId("backtest-bundled").ClickAsync();
        await Assertions.Expect(page.GetByTestId("backtest-file")).ToContainTextAsync("deu3_dev.tsv");
        await page.GetByTestId("backtest-models-none").ClickAsync();
        foreach (var model in QuickModels) await page.GetByTestId($"backtest-model-{model}").CheckAsync();
        await Assertions.Expect(page.GetByTestId("backtest-command")).ToContainTextAsync("--models median,constant50,status-quo,nash:quadratic,nash:linear");
        await page.GetByTestId("backtest-start").ClickAsync();

        await Assertions.Expect(page.GetByTestId("backtest-progress")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 180_000 });
        await Assertions.Expect(page.GetByTestId("backtest-progress")).ToHaveAttributeAsync("data-fraction", "1");
        // The baseline first (always added), then the chosen models, each with its MAE and bootstrap interval.
        var rows = page.GetByTestId("backtest-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1 + QuickModels.Length);
        await Assertions.Expect(rows.First).ToContainTextAsync("compromise");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("median");
        await Assertions.Expect(page.GetByTestId("backtest-summary")).ToContainTextAsync("issues with an outcome");
        var cells = await rows.Nth(2).Locator("td").AllTextContentsAsync();
        Assert.Equal("constant50", cells[0]);
        var mae = double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture);
        var ci = cells[4].Trim('[', ']').Split(", ").Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(ci[0] < mae && mae < ci[1], $"MAE {mae} outside its interval {cells[4]}");
        Assert.StartsWith("+", cells[9]); // the constant 50 is worse than the compromise model (design §7: 28.0 against 23.1)
        await Assertions.Expect(page.GetByTestId("backtest-warnings")).ToContainTextAsync("nash:");
        await Assertions.Expect(page.GetByTestId("backtest-groups")).ToBeVisibleAsync();
        // Plotly draws a bar per model, each with its interval as an error bar.
        await Assertions.Expect(page.Locator("[data-testid=backtest-chart] .barlayer .point")).ToHaveCountAsync(1 + QuickModels.Length);
        await Assertions.Expect(page.Locator("[data-testid=backtest-chart] .errorbar")).ToHaveCountAsync(1 + QuickModels.Length);
        await Assertions.Expect(page.Locator("[data-testid=backtest-chart] .yaxislayer-above")).ToContainTextAsync("nash:linear");
        await page.GetByTestId("backtest-summary").EvaluateAsync(Workbench.ScrollBelowAppBar);
        await workbench.ShotAsync(page, "backtest");
        await page.GetByTestId("backtest-chart").EvaluateAsync(Workbench.ScrollBelowAppBar);
        await workbench.ShotAsync(page, "backtest-chart");
    }

    [Fact]
    public async Task A_file_that_is_not_DEU_is_refused_at_once_and_a_running_back_test_can_be_cancelled()
    {
        var page = await workbench.OpenAsync();
        await page.GetByTestId("nav-backtest").ClickAsync();
        var notDeu = Path.Combine(Path.GetTempPath(), $"brink-not-deu-{Guid.NewGuid():n}.tsv");
        await File.WriteAllTextAsync(notDeu, "actor\tcapability\tposition\tsalience\nusa\t1\t2\t3\n");
        try
        {
            await page.GetByTestId("backtest-upload").SetInputFilesAsync(notDeu);
            await Assertions.Expect(page.GetByTestId("backtest-file")).ToContainTextAsync(Path.GetFileName(notDeu));
            await page.GetByTestId("backtest-start").ClickAsync();
            await Assertions.Expect(page.GetByTestId("backtest-errors")).ToContainTextAsync(Path.GetFileName(notDeu));
            await Assertions.Expect(page.GetByTestId("backtest-progress")).ToHaveCountAsync(0);
        }
        finally
        {
            File.Delete(notDeu);
        }

        // The real file, uploaded, with the default set (cross-validated learned models: minutes), cancelled while it runs.
        await page.GetByTestId("backtest-upload").SetInputFilesAsync(DeuFile);
        await Assertions.Expect(page.GetByTestId("backtest-file")).ToContainTextAsync("deu3_dev.tsv");
        await page.GetByTestId("backtest-models-default").ClickAsync();
        await page.GetByTestId("backtest-start").ClickAsync();
        var progress = page.GetByTestId("backtest-progress");
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-state", "running");
        await Assertions.Expect(page.GetByTestId("backtest-errors")).ToHaveCountAsync(0);
        await page.GetByTestId("backtest-cancel").ClickAsync();
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-state", "cancelled", new() { Timeout = 120_000 });
        await Assertions.Expect(progress).ToContainTextAsync("keeps no result");
        await Assertions.Expect(page.GetByTestId("backtest-table")).ToHaveCountAsync(0);
    }
}
