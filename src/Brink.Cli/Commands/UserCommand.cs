using System.CommandLine;
using Brink.Accounts;
using Brink.Application;
using Brink.Ledger;
using Brink.Web.Auth;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink user add|list|token|revoke|role|remove|password|audit</c>: the accounts of a team server, kept in its database (<c>--db</c>, an
/// SQLite file or a postgres:// URL). Contract (issue 12): <c>brink user add NAME --role ROLE --db URL</c> prints the new
/// account's API token on the last line of its output. Once a database has an account, <c>brink serve</c> on it requires sign-in.
/// </summary>
public sealed class UserCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var db = LedgerCli.Db();
        db.Description = "The server's database: an SQLite ledger file or postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $BRINK_DB, else the user's ledger).";
        var user = new Command("user", "Accounts of a team server: add, list, tokens, revoke, roles, remove, passwords, the audit log.") { db };

        var name = new Argument<string>("NAME") { Description = "Account name (lower-case letters, digits, '_', '-', '.')." };
        var role = new Option<string>("--role") { Description = "viewer, forecaster, resolver or admin (each includes the ones before).", Required = true };
        var team = new Option<string>("--team") { Description = $"The team whose ledger the account uses (default {AccountNames.MainTeam}: the database's own ledger).", DefaultValueFactory = _ => AccountNames.MainTeam };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read a password for workbench sign-in from the first line of standard input (without it: API token only)." };
        var add = new Command("add", "Create an account; prints its first API token on the last line (shown once).") { name, role, team, passwordStdin };
        add.SetAction(parse => Guard(context, () =>
        {
            var location = Location(parse, db);
            var r = AccountNames.ParseRole(parse.GetValue(role)!);
            var password = parse.GetValue(passwordStdin) ? ReadPassword(context) : null;
            var (account, token) = AccountService.AddUser(location, parse.GetValue(name)!, r, parse.GetValue(team)!, password, Actor());
            context.Out.WriteLine($"Created account {account.Name} (role {AccountNames.Name(account.Role)}, team {account.Team}) in {Display(location)}" +
                (password is null ? "; no password (API token only; set one with 'brink user password')." : "; it can sign in to the workbench."));
            context.Out.WriteLine("API token (shown once; send it as 'Authorization: Bearer TOKEN'):");
            context.Out.WriteLine(token);
            return ExitCodes.Ok;
        }));

        var list = new Command("list", "The accounts with role, team, whether a password is set and their valid tokens.");
        list.SetAction(parse => Guard(context, () =>
        {
            using var store = LedgerStores.OpenAccounts(Location(parse, db));
            var tokens = store.ListTokens();
            var accounts = store.ListAccounts();
            var removed = store.ListAccounts(includeRemoved: true).Where(a => a.RemovedAt is not null).ToList();
            if (accounts.Count == 0)
            {
                context.Out.WriteLine($"No accounts in {Display(Location(parse, db))}: 'brink serve' runs single-user without sign-in (loopback only).");
                return ExitCodes.Ok;
            }
            context.Out.WriteLine($"{"name",-24} {"role",-11} {"team",-16} {"password",-8} {"tokens (valid/revoked)",-22} created");
            foreach (var a in accounts)
            {
                var mine = tokens.Where(t => t.Account == a.Name).ToList();
                context.Out.WriteLine($"{a.Name,-24} {AccountNames.Name(a.Role),-11} {a.Team,-16} {(a.PasswordHash is null ? "no" : "yes"),-8} " +
                    $"{$"{mine.Count(t => t.RevokedAt is null)}/{mine.Count(t => t.RevokedAt is not null)} (ids {string.Join(",", mine.Where(t => t.RevokedAt is null).Select(t => t.Id))})",-22} {LedgerCli.T(a.CreatedAt)}");
            }
            if (removed.Count > 0)
                context.Out.WriteLine("Removed (their forecasts keep the name): " + string.Join(", ", removed.Select(a => $"{a.Name} ({LedgerCli.T(a.RemovedAt)})")));
            return ExitCodes.Ok;
        }));

        var label = new Option<string>("--label") { Description = "What the token is for (e.g. the script).", DefaultValueFactory = _ => "token" };
        var tokenName = new Argument<string>("NAME") { Description = "Account name." };
        var token = new Command("token", "Issue another API token for an account; prints it on the last line (shown once).") { tokenName, label };
        token.SetAction(parse => Guard(context, () =>
        {
            var t = AccountService.AddToken(Location(parse, db), parse.GetValue(tokenName)!, parse.GetValue(label)!, Actor());
            context.Out.WriteLine($"API token for {parse.GetValue(tokenName)} (shown once):");
            context.Out.WriteLine(t);
            return ExitCodes.Ok;
        }));

        var revokeName = new Argument<string>("NAME") { Description = "Account name." };
        var tokenId = new Option<long?>("--token-id") { Description = "Revoke only this token (ids in 'brink user list'); default: all the account's tokens." };
        var revoke = new Command("revoke", "Revoke an account's API tokens (all, or one with --token-id); a revoked token answers 401 at once.") { revokeName, tokenId };
        revoke.SetAction(parse => Guard(context, () =>
        {
            using var store = LedgerStores.OpenAccounts(Location(parse, db));
            var who = parse.GetValue(revokeName)!;
            var n = store.RevokeTokens(who, parse.GetValue(tokenId));
            var account = store.FindAccount(who)!;
            store.Audit(new AuditEntry(DateTimeOffset.UtcNow, Actor(), "token-revoke", account.Team, who, null, $"{n} token(s)"));
            context.Out.WriteLine($"Revoked {n} token(s) of {who}.");
            return ExitCodes.Ok;
        }));

        var roleName = new Argument<string>("NAME") { Description = "Account name." };
        var newRole = new Argument<string>("ROLE") { Description = "viewer, forecaster, resolver or admin." };
        var setRole = new Command("role", "Change an account's role (its workbench sessions end at once); the last admin cannot be demoted.") { roleName, newRole };
        setRole.SetAction(parse => Guard(context, () =>
        {
            var r = AccountNames.ParseRole(parse.GetValue(newRole)!);
            using var store = LedgerStores.OpenAccounts(Location(parse, db));
            var who = parse.GetValue(roleName)!;
            if (AccountAdministration.SetRole(store, who, r, Actor()) is null) throw new LedgerException(AccountMessages.NoAccount(who));
            context.Out.WriteLine($"{who} is now {AccountNames.Name(r)}.");
            return ExitCodes.Ok;
        }));

        var removeName = new Argument<string>("NAME") { Description = "Account name." };
        var removeReason = new Option<string?>("--reason") { Description = "Why, for the audit log." };
        var removeUser = new Command("remove", "Remove an account: it can no longer sign in and its tokens answer 401; its forecasts stay attributed to it and its name stays taken. The last admin cannot be removed.") { removeName, removeReason };
        removeUser.SetAction(parse => Guard(context, () =>
        {
            using var store = LedgerStores.OpenAccounts(Location(parse, db));
            var who = parse.GetValue(removeName)!;
            var removed = AccountAdministration.Remove(store, who, Actor(), parse.GetValue(removeReason)) ?? throw new LedgerException(AccountMessages.NoAccount(who));
            context.Out.WriteLine($"Removed account {who} (role {AccountNames.Name(removed.Role)}, team {removed.Team}); its tokens are revoked, its forecasts stay in the ledger under its name.");
            return ExitCodes.Ok;
        }));

        var passwordName = new Argument<string>("NAME") { Description = "Account name." };
        var remove = new Option<bool>("--remove") { Description = "Remove the password (the account then signs in with tokens only)." };
        var password = new Command("password", "Set an account's workbench password from standard input (--password-stdin), or remove it.") { passwordName, passwordStdin, remove };
        password.SetAction(parse => Guard(context, () =>
        {
            if (!parse.GetValue(passwordStdin) && !parse.GetValue(remove)) throw new LedgerException("give --password-stdin (and the password on standard input) or --remove");
            var secret = parse.GetValue(remove) ? null : ReadPassword(context);
            using var store = LedgerStores.OpenAccounts(Location(parse, db));
            var who = parse.GetValue(passwordName)!;
            store.SetPassword(who, secret is null ? null : AccountService.HashPassword(secret));
            store.Audit(new AuditEntry(DateTimeOffset.UtcNow, Actor(), secret is null ? "password-remove" : "password-set", store.FindAccount(who)!.Team, who));
            context.Out.WriteLine(secret is null ? $"Removed the password of {who}." : $"Set the password of {who}.");
            return ExitCodes.Ok;
        }));

        var limit = new Option<int>("--limit") { Description = "How many entries (newest first).", DefaultValueFactory = _ => 50 };
        var audit = new Command("audit", "The audit log: resolutions, re-resolutions, accounts, tokens, failed sign-ins (who, when, why).") { limit };
        audit.SetAction(parse => Guard(context, () =>
        {
            using var store = LedgerStores.OpenAccounts(Location(parse, db));
            foreach (var e in store.AuditLog(Math.Max(1, parse.GetValue(limit))))
                context.Out.WriteLine(string.Join("  ", new[] { LedgerTime.Format(e.At), e.Actor, e.Action, e.Team, e.Subject ?? "", e.Reason is { } r ? $"why: {r}" : "", e.Detail ?? "" }.Where(x => x.Length > 0)));
            return ExitCodes.Ok;
        }));

        foreach (var c in new[] { add, list, token, revoke, setRole, removeUser, password, audit }) user.Subcommands.Add(c);
        return user;
    }

    private static string Location(ParseResult parse, Option<string?> db) =>
        parse.GetValue(db) is { Length: > 0 } given ? given : LedgerStores.DefaultLocation();

    private static string Display(string location) => LedgerStores.IsServerUrl(location) ? Brink.Store.Postgres.PostgresUrl.Redact(location) : Path.GetFullPath(location);

    /// <summary>Who runs the command, for the audit log: the operating-system user.</summary>
    private static string Actor() => AuditRecords.CliActor();

    private static string ReadPassword(CliContext context)
    {
        var line = context.Input.ReadLine();
        if (string.IsNullOrEmpty(line)) throw new LedgerException("--password-stdin: standard input gave no password (one line expected)");
        if (line.Length < 8) throw new LedgerException("--password-stdin: the password is shorter than 8 characters");
        return line;
    }

    private static int Guard(CliContext context, Func<int> body)
    {
        try { return body(); }
        catch (LedgerException e) { return LedgerCli.Fail(context, e.Message); }
        catch (LedgerStorageException e) { return LedgerCli.Fail(context, e.Message); }
        catch (LastAdminException e) { return LedgerCli.Fail(context, e.Message); }
        catch (Microsoft.Data.Sqlite.SqliteException e) { return LedgerCli.Fail(context, $"cannot open or write the database ({e.Message})"); }
    }
}
