using Brink.Accounts;
using Brink.Web.Auth;
using Microsoft.Playwright;

namespace Brink.Web.Tests.TeamServer;

/// <summary>
/// Two accounts with different roles on the workbench at once (issue 12's "done when"), in Debian's Chromium: each signs
/// in with its password, a forecaster's forecast is attributed to it and its attempt to resolve is refused on the page, a
/// resolver resolves the same question in its own session.
/// </summary>
public sealed class TeamWorkbenchBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly SqliteTeamDatabase _db = new();
    private InProcessServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        if (!File.Exists(Workbench.Chromium)) throw new InvalidOperationException($"{Workbench.Chromium} is missing: the browser tests need Debian's chromium");
        AccountService.AddUser(_db.Location, "fiona", Role.Forecaster, AccountNames.MainTeam, "fiona-password", "test");
        AccountService.AddUser(_db.Location, "rita", Role.Resolver, AccountNames.MainTeam, "rita-password", "test");
        _server = await InProcessServer.StartAsync(_db.Location);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Workbench.Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    public void Dispose() => _db.Dispose();

    /// <summary>A browser session of its own (own cookies), signed in, on the ledger page once it is interactive.</summary>
    private async Task<IPage> SignedIn(string name, string password)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(_server!.Address + "ledger");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.Locator("#name").FillAsync(name);
        await page.Locator("#password").FillAsync(password);
        await page.GetByTestId("signin").ClickAsync();
        await page.WaitForURLAsync("**/ledger");
        await page.Locator("#ready[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(name);
        return page;
    }

    [Fact]
    public async Task A_forecaster_and_a_resolver_use_the_workbench_at_once_with_their_own_rights()
    {
        var fiona = await SignedIn("fiona", "fiona-password");
        var rita = await SignedIn("rita", "rita-password");

        await fiona.Locator("#q-id").FillAsync("team-q1");
        await fiona.Locator("#q-title").FillAsync("Will the talks end in a written guarantee?");
        await fiona.Locator("#q-criteria").FillAsync("A signed text published by either side");
        await fiona.GetByTestId("add-question").ClickAsync();
        await Assertions.Expect(fiona.GetByTestId("ledger-message")).ToContainTextAsync("Added question team-q1");

        await fiona.Locator("#f-question").SelectOptionAsync("team-q1");
        await fiona.Locator("#f-p").FillAsync("0.9");
        await fiona.GetByTestId("add-forecast").ClickAsync();
        await Assertions.Expect(fiona.GetByTestId("ledger-message")).ToContainTextAsync("by fiona on team-q1");

        await fiona.Locator("#r-question").SelectOptionAsync("team-q1");
        await fiona.GetByTestId("resolve").ClickAsync();
        await Assertions.Expect(fiona.GetByTestId("ledger-message")).ToContainTextAsync("may not resolve");

        await rita.ReloadAsync();
        await rita.Locator("#ready[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await rita.Locator("#r-question").SelectOptionAsync("team-q1");
        await rita.Locator("#r-outcome").SelectOptionAsync("no");
        await rita.GetByTestId("resolve").ClickAsync();
        await Assertions.Expect(rita.GetByTestId("ledger-message")).ToContainTextAsync("Resolved team-q1");

        var ledger = new Brink.Application.LedgerLocation(_db.Location);
        Assert.Equal("fiona", ledger.With(s => s.GetForecasts("team-q1")).Single().RecordedBy);
        Assert.Equal("rita", ledger.With(s => s.ResolutionHistory("team-q1")).Single().RecordedBy);
        using var accounts = Brink.Application.LedgerStores.OpenAccounts(_db.Location);
        Assert.Contains(accounts.AuditLog(), e => e.Action == "resolve" && e.Actor == "rita" && e.Subject == "team-q1");
    }
}
