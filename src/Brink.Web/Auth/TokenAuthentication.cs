using System.Text.Encodings.Web;
using Brink.Application;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Brink.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> for scripts: the token's hash is looked up on every request (a revoked token fails at
/// once). No header = no result (the cookie or anonymous access decides); an unknown or revoked token = 401.
/// </summary>
internal sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, LedgerLocation server)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        var token = header["Bearer ".Length..].Trim();
        using var accounts = LedgerStores.OpenAccounts(server.Path);
        var account = token.Length is > 0 and < 200 ? accounts.FindByToken(AccountService.TokenHash(token)) : null;
        if (account is null) return Task.FromResult(AuthenticateResult.Fail("the API token is not valid or has been revoked"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(AccountService.Principal(account, SchemeName), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await AuthProblems.Write(Context, 401, "not signed in", failure ?? "this server requires an account: send Authorization: Bearer TOKEN (from 'brink user add' or 'brink user token')");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.Write(Context, 403, "not allowed", AuthProblems.ForbiddenDetail(Context));
}

internal static class AuthProblems
{
    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Api.ApiResults.Problem(status, title, detail, []).ExecuteAsync(context);

    public static string ForbiddenDetail(HttpContext context) =>
        $"your role ({BrinkClaims.RoleOf(context.User)?.ToString().ToLowerInvariant() ?? "none"}) may not do this: " +
        (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()?.Policy is { } p ? $"it needs the {p} role or above" : "ask an admin");
}
