using Brink.Application;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Brink.Web.Tests.TeamServer;

/// <summary>The server in memory on a given database (SQLite file or PostgreSQL URL).</summary>
public sealed class TeamServerHost(string location) : WebApplicationFactory<BrinkWebOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new BrinkWebOptions());
            services.AddSingleton(new LedgerLocation(location));
        });

    public HttpClient Client(string? token = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
