using Brink.Application;
using Brink.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Brink.Web.Tests;

/// <summary>Locates the repository from any test working directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scenario(string name) => Path.Combine(Root, "scenarios", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Brink.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Brink.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The API in memory (TestServer; any public type of Brink.Web names its entry point, Program is ambiguous beside the CLI) with its own ledger file and, optionally, other options or services.</summary>
public sealed class WebTestHost : WebApplicationFactory<BrinkWebOptions>
{
    private readonly Action<IServiceCollection>? _services;

    public WebTestHost(BrinkWebOptions? options = null, Action<IServiceCollection>? services = null)
    {
        Options = options ?? new BrinkWebOptions();
        _services = services;
        LedgerPath = Path.Combine(Path.GetTempPath(), $"brink-web-{Guid.NewGuid():n}.db");
    }

    public BrinkWebOptions Options { get; }
    public string LedgerPath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Options);
            services.AddSingleton(new LedgerLocation(LedgerPath));
            _services?.Invoke(services);
        });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { LedgerPath, LedgerPath + "-wal", LedgerPath + "-shm" }) File.Delete(f);
    }
}
