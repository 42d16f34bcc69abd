using System.Threading.RateLimiting;
using Brink.Accounts;
using Brink.Application;
using Brink.Ledger;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;

namespace Brink.Web.Auth;

/// <summary>A role or above is needed (always met while the server has no accounts: see <see cref="AuthState"/>).</summary>
internal sealed record RoleAtLeast(Role Minimum) : IAuthorizationRequirement;

internal sealed class RoleAtLeastHandler(AuthState auth) : AuthorizationHandler<RoleAtLeast>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleAtLeast requirement)
    {
        if (!auth.On || BrinkClaims.RoleOf(context.User) is { } role && role >= requirement.Minimum) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Accounts on the web: a cookie after password sign-in for the workbench, <c>Authorization: Bearer</c> tokens for scripts,
/// one policy per role (viewer, forecaster, resolver, admin), every endpoint at least viewer, antiforgery on the sign-in
/// forms and a rate limit on sign-in attempts.
/// </summary>
public static class AuthSetup
{
    public const string SignInLimit = "signin";
    private const string Selector = "brink";

    /// <summary>Sign-in attempts per client address and minute before 429.</summary>
    public const int SignInAttemptsPerMinute = 10;

    public static string Policy(Role role) => AccountNames.Name(role);

    internal static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<AuthState>();
        services.AddSingleton<IAuthorizationHandler, RoleAtLeastHandler>();
        services.AddScoped<WorkbenchLedger>();
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/signin";
                o.Cookie.Name = "brink.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // The API answers 401/403 with a problem document instead of redirecting to the sign-in page.
                o.Events.OnRedirectToLogin = context => IsApi(context.Request)
                    ? AuthProblems.Write(context.HttpContext, 401, "not signed in", "this server requires an account: sign in, or send Authorization: Bearer TOKEN")
                    : Redirect(context);
                o.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
                    ? AuthProblems.Write(context.HttpContext, 403, "not allowed", AuthProblems.ForbiddenDetail(context.HttpContext))
                    : Redirect(context);
            });
        services.AddAuthorization(o =>
        {
            foreach (var role in Enum.GetValues<Role>())
                o.AddPolicy(Policy(role), p => p.AddRequirements(new RoleAtLeast(role)));
            o.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new RoleAtLeast(Role.Viewer)).Build();
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        // Behind a reverse proxy on the same machine (TLS ends there): the original scheme and client address.
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");

    /// <summary>Before routing: forwarded headers. After routing: authentication, authorization, rate limits.</summary>
    internal static void UseBeforeRouting(WebApplication app) => app.UseForwardedHeaders();

    internal static void UseAfterRouting(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    /// <summary>The sign-in and sign-out pages: plain HTML forms with an antiforgery token.</summary>
    internal static void MapSignIn(WebApplication app)
    {
        app.MapGet("/signin", (HttpContext context, IAntiforgery antiforgery, [FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
                SignInPage(context, antiforgery, returnUrl, null, 200))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin", async (HttpContext context, IAntiforgery antiforgery, LedgerLocation server, AuthState auth,
                [FromForm(Name = "name")] string? name, [FromForm(Name = "password")] string? password, [FromForm(Name = "return")] string? returnUrl) =>
            {
                Account? account;
                using (var accounts = LedgerStores.OpenAccounts(server.Path))
                {
                    account = name is { Length: > 0 and <= 100 } && password is { Length: > 0 and <= 1000 } ? AccountService.CheckPassword(accounts, name.Trim(), password) : null;
                    if (account is null)
                        accounts.Audit(new AuditEntry(DateTimeOffset.UtcNow, name is { Length: > 0 and <= 100 } ? name : "?", "signin-failed", AccountNames.MainTeam, null, null,
                            context.Connection.RemoteIpAddress?.ToString()));
                }
                if (account is null) return SignInPage(context, antiforgery, returnUrl, "Wrong name or password (or no password set for this account).", 401);
                await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountService.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
                return Results.LocalRedirect(returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) && !r.StartsWith("/\\", StringComparison.Ordinal) ? r : "/");
            })
            .AllowAnonymous().RequireRateLimiting(SignInLimit).DisableAntiforgery().AddEndpointFilter(ValidateAntiforgery).ExcludeFromDescription();
        app.MapGet("/signout", (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return Results.Content(Page("Sign out", $"""
                    <form method="post" action="/signout">
                      <input type="hidden" name="{tokens.FormFieldName}" value="{Html(tokens.RequestToken)}" />
                      <p>Signed in as <b>{Html(context.User.Identity?.Name ?? "nobody")}</b>.</p>
                      <button type="submit" data-testid="signout">Sign out</button>
                    </form>
                    """), "text/html; charset=utf-8");
            }).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signout", async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.LocalRedirect("/signin");
            }).AllowAnonymous().DisableAntiforgery().AddEndpointFilter(ValidateAntiforgery).ExcludeFromDescription();
    }

    /// <summary>Antiforgery on the sign-in forms, answered with a clear 400 (the framework's own check would answer with no body).</summary>
    private static async ValueTask<object?> ValidateAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
            return Api.ApiResults.Problem(400, "form expired", "the form's antiforgery token is missing or invalid; reload the page and try again", []);
        return await next(context);
    }

    private static IResult SignInPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var body = $"""
            <form method="post" action="/signin" data-testid="signin-form">
              <input type="hidden" name="{tokens.FormFieldName}" value="{Html(tokens.RequestToken)}" />
              <input type="hidden" name="return" value="{Html(returnUrl ?? "/")}" />
              {(error is null ? "" : $"<p class=\"error\" role=\"alert\" data-testid=\"signin-error\">{Html(error)}</p>")}
              <p><label for="name">Account</label><br /><input id="name" name="name" autocomplete="username" required autofocus /></p>
              <p><label for="password">Password</label><br /><input id="password" name="password" type="password" autocomplete="current-password" required /></p>
              <p><button type="submit" data-testid="signin">Sign in</button></p>
            </form>
            <p>Scripts use an API token instead: <code>Authorization: Bearer TOKEN</code> (from <code>brink user add</code> or <code>brink user token</code>).</p>
            """;
        return Results.Content(Page("Sign in to Brink", body), "text/html; charset=utf-8", null, status);
    }

    private static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
        <title>{Html(title)}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem{"}"} input{"{"}width:100%;padding:.4rem;font-size:1rem{"}"} button{"{"}padding:.5rem 1.2rem;font-size:1rem{"}"} .error{"{"}color:#b00020{"}"}</style>
        </head><body><h1>{Html(title)}</h1>
        {body}
        </body></html>
        """;

    private static string Html(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");
}
