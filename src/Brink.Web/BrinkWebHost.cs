using Brink.Application;
using Brink.Web.Api;
using Brink.Web.Components;
using Brink.Web.Jobs;
using Microsoft.AspNetCore.Diagnostics;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace Brink.Web;

/// <summary>
/// Builds the one process that serves the HTTP API (<c>/api/…</c>, <c>/openapi/v1.json</c>, <c>/scalar</c>) and the
/// Blazor Server workbench (<c>/</c>). Both the Brink.Web executable and <c>brink serve</c> start it from here.
/// </summary>
public static class BrinkWebHost
{
    /// <summary>Largest scenario text the workbench editor takes (the API takes up to <see cref="BrinkWebOptions.MaxBodyBytes"/>).</summary>
    public const int EditorMaxBytes = 4 * 1024 * 1024;

    /// <summary>The version recorded with model forecasts made from the workbench.</summary>
    public static string Version =>
        typeof(BrinkWebHost).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0";

    /// <summary>Command line of the Brink.Web executable: <c>[--port P] [--db PATH] [--host ADDR]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BrinkWebOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--port" when int.TryParse(args[i + 1], out var p) => options with { Port = p },
                "--db" => options with { Db = args[i + 1] },
                "--host" => options with { Host = args[i + 1] },
                _ => options,
            };
        }
        return await ServeAsync(options, Console.Out, Console.Error, CancellationToken.None);
    }

    /// <summary>Starts the server, prints its address and serves until <paramref name="stop"/> (or Ctrl-C).</summary>
    public static async Task<int> ServeAsync(BrinkWebOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        // The database first: a server that cannot reach its database refuses to start, with the reason.
        var database = options.Db is { Length: > 0 } db ? db : LedgerStores.DefaultLocation();
        bool hasAccounts;
        try
        {
            new LedgerLocation(database).With(store => store.SchemaVersion);
            hasAccounts = LedgerStores.HasAccounts(database);
        }
        catch (Exception e) when (e is Brink.Ledger.LedgerException or Brink.Ledger.LedgerStorageException)
        {
            error.WriteLine($"brink serve: error: cannot use the database: {e.Message}");
            return 2;
        }
        options = options with { AuthenticationConfigured = hasAccounts || options.RequireAuthentication };
        if (options.BindError() is { } why)
        {
            error.WriteLine($"brink serve: error: {why}");
            return 2;
        }
        await using var app = Build(options);
        app.Urls.Add(options.Url);
        try
        {
            await app.StartAsync(stop);
        }
        catch (IOException ex)
        {
            error.WriteLine($"brink serve: error: cannot listen on {options.Url}: {ex.Message}");
            return 2;
        }
        output.WriteLine($"Brink workbench: {app.Urls.First()}/  (API reference: {app.Urls.First()}/scalar, OpenAPI: {app.Urls.First()}/openapi/v1.json)");
        var location = app.Services.GetRequiredService<LedgerLocation>().Path;
        output.WriteLine($"Ledger: {(LedgerStores.IsServerUrl(location) ? Store.Postgres.PostgresUrl.Redact(location) : location)}. " +
            (options.AuthenticationConfigured
                ? "Accounts: on (sign in at /signin; scripts send Authorization: Bearer TOKEN)."
                : "Accounts: none (single-user, no sign-in; 'brink user add' turns sign-in on)."));
        output.WriteLine("Press Ctrl-C to stop.");
        await app.WaitForShutdownAsync(stop);
        return 0;
    }

    /// <summary>The configured application (not started). Tests use <see cref="Program"/> through WebApplicationFactory instead.</summary>
    public static WebApplication Build(BrinkWebOptions options, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            // Always Brink.Web (also when brink serve hosts it): the static web asset manifests are named after it.
            ApplicationName = typeof(BrinkWebHost).Assembly.GetName().Name,
        });
        Configure(builder, options);
        var app = builder.Build();
        MapAll(app);
        return app;
    }

    /// <summary>Services: the ledger location, job runner, JSON convention, OpenAPI, Blazor, MudBlazor.</summary>
    internal static void Configure(WebApplicationBuilder builder, BrinkWebOptions options)
    {
        // Files of the component and chart libraries (_content/…) are read from the build's static web asset
        // manifest also outside Development (brink serve runs from the build output).
        if (BuildManifest("runtime") is { } runtime) builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, runtime);
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes + 1);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new LedgerLocation(options.Db is { Length: > 0 } db ? db : Store.LedgerStore.DefaultPath()));
        builder.Services.AddSingleton<IScenarioCatalog, BundledScenarios>();
        builder.Services.AddSingleton<JobManager>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            var shared = BrinkJson.Options;
            o.SerializerOptions.PropertyNamingPolicy = shared.PropertyNamingPolicy;
            o.SerializerOptions.NumberHandling = shared.NumberHandling;
            foreach (var c in shared.Converters) o.SerializerOptions.Converters.Add(c);
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        // The editor sends the whole scenario text with each input event: SignalR's default 32 KB per message
        // would drop the circuit on a large scenario, so allow scenarios up to EditorMaxBytes.
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = EditorMaxBytes);
        builder.Services.AddMudServices();
        builder.Services.AddScoped<Components.WorkbenchState>();
        Auth.AuthSetup.AddServices(builder.Services);
    }

    /// <summary>
    /// Where the static web asset manifest (<c>runtime</c> or <c>endpoints</c>) is when it is not beside the running
    /// assembly: <c>./brink</c> publishes the CLI, and Brink.Web's own build output (under src/Brink.Web/bin) has the
    /// manifests that map <c>_content/…</c> to the packages. Null = the default place.
    /// </summary>
    private static string? BuildManifest(string kind)
    {
        var file = $"{typeof(BrinkWebHost).Assembly.GetName().Name}.staticwebassets.{kind}.json";
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, file))) return null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = new DirectoryInfo(Path.Combine(dir.FullName, "src", "Brink.Web", "bin", "Release"));
            if (!bin.Exists) continue;
            return bin.EnumerateFiles(file, SearchOption.AllDirectories).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName;
        }
        return null;
    }

    internal static void MapAll(WebApplication app)
    {
        // 500 without a stack trace: a short problem document, the details only in the server log.
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var feature = context.Features.Get<IExceptionHandlerFeature>();
            // The database down or busy (e.g. while the token of a request is checked): 503 with the reason, not a 500.
            if (feature?.Error is Brink.Ledger.LedgerStorageException storage)
            {
                app.Logger.LogWarning("storage failure on {Path}: {Message}", context.Request.Path, storage.Message);
                await LedgerApi.Scope.StorageProblem(storage).ExecuteAsync(context);
                return;
            }
            app.Logger.LogError(feature?.Error, "unhandled error on {Path}", context.Request.Path);
            await ApiResults.Problem(500, "internal error", "Brink hit an internal error; this is a bug, please report it with the request you sent.", [])
                .ExecuteAsync(context);
        }));
        app.UseStatusCodePages();
        Auth.AuthSetup.UseBeforeRouting(app);
        LedgerApi.UseBodyLimit(app);
        Auth.AuthSetup.UseAfterRouting(app);
        app.UseAntiforgery();
        if (BuildManifest("endpoints") is { } endpoints) app.MapStaticAssets(endpoints);
        else app.MapStaticAssets();
        app.MapOpenApi();
        app.MapScalarApiReference();
        ApiEndpoints.Map(app);
        Auth.AuthSetup.MapSignIn(app);
        ReportEndpoints.Map(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
