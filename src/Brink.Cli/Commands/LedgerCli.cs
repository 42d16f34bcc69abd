using System.CommandLine;
using System.Globalization;
using Brink.Application;
using Brink.Files;
using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Store;

namespace Brink.Cli.Commands;

/// <summary>Options and plumbing shared by the <c>brink ledger …</c> subcommands.</summary>
internal static class LedgerCli
{
    public static Option<string?> Db() => new("--db")
    {
        Description = "Ledger database file (default: $BRINK_DB, else the user's data directory, brink/ledger.db).",
        Recursive = true,
    };

    public static Option<string> Format() => new Option<string>("--format")
    {
        Description = "Output: table (for people) or json (for scripts).",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json");

    /// <summary>
    /// Opens the ledger named by --db / BRINK_DB / the default and runs <paramref name="body"/>; user errors exit 2.
    /// <paramref name="readOnly"/> commands (list, show, score, export) work on a read-only ledger file.
    /// </summary>
    public static int WithStore(CliContext context, ParseResult parse, Option<string?> db, Func<ILedgerStore, int> body, bool readOnly = false)
    {
        var given = parse.GetValue(db);
        if (given is not null && string.IsNullOrWhiteSpace(given))
            return Fail(context, "--db: the ledger path is empty; give a file name, or leave --db out for the default ledger");
        var path = given ?? LedgerStores.DefaultLocation();
        // Only the default location's directory is created; a --db or BRINK_DB in a directory that does not exist is a mistake.
        var createDirectory = given is null && Environment.GetEnvironmentVariable("BRINK_DB") is not { Length: > 0 };
        try
        {
            using var opened = LedgerStores.Open(path, SystemClock.Instance, readOnly, createDirectory);
            // On a team server's database a resolution (typed or imported) leaves its audit record, by the command-line user.
            using var store = !readOnly && LedgerStores.HasAccounts(path)
                ? new AuditedLedgerStore(opened, r => AuditRecords.Resolution(AuditRecords.CliActor(), Brink.Accounts.AccountNames.MainTeam, r))
                : opened;
            return body(store);
        }
        catch (LedgerException e) { return Fail(context, e.Message); }
        catch (LedgerStorageException e) { return Fail(context, e.Message); }
        catch (ImportFormatException e) { return Fail(context, e.Message); }
        catch (InputFileException e) { return Fail(context, e.Message); }
        catch (System.Text.DecoderFallbackException) { return Fail(context, "the file is not valid UTF-8 text; save it as UTF-8"); }
        catch (UsageException e) { return Fail(context, e.Message); }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            return Fail(context, $"{path}: ledger busy, try again (another process has held its write lock longer than the {LedgerStore.DefaultBusyTimeoutMs / 1000.0:0.#} s busy timeout)");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 8)
        {
            return Fail(context, $"{path}: the ledger is read-only; this command writes to it (make the file and its directory writable, or give another --db)");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            return Fail(context, $"{path}: not a Brink ledger or a damaged one ({e.Message})");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 14 or 13 or 10)
        {
            return Fail(context, $"{path}: cannot open or write the ledger database ({e.Message})");
        }
    }

    /// <summary><see cref="WithStore"/> for commands that only read (list, show, score, export): a read-only ledger is fine.</summary>
    public static int WithReadStore(CliContext context, ParseResult parse, Option<string?> db, Func<ILedgerStore, int> body) =>
        WithStore(context, parse, db, body, readOnly: true);

    public static int Fail(CliContext context, string message)
    {
        context.Error.WriteLine($"brink: {message}");
        return ExitCodes.BadInput;
    }

    public static bool Json(ParseResult parse, Option<string> format) => parse.GetValue(format) == "json";

    public static DateTimeOffset Time(string? text, string option, DateTimeOffset fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (LedgerTime.TryParse(text, out var t)) return t;
        throw new UsageException($"{option}: '{text}' is not a date (use ISO 8601, e.g. 2022-02-24 or 2022-02-24T03:00:00Z; times are UTC)");
    }

    public static TEnum Enum<TEnum>(string? text, string option, TEnum fallback) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (LedgerValidation.TryParse<TEnum>(text, out var v)) return v;
        throw new UsageException($"{option}: '{text}' is not one of {string.Join(", ", System.Enum.GetValues<TEnum>().Select(x => LedgerValidation.Name(x).Replace('_', '-')))}");
    }

    public static double[] Numbers(string text, string option)
    {
        var parts = text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries);
        var result = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
                throw new UsageException($"{option}: '{parts[i]}' is not a number");
        return result;
    }

    public static string F(double? x, string format = "0.0000") => x is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string T(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString(v.UtcDateTime.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
}

/// <summary>A mistake in the command line (bad date, unknown kind): printed as one message, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
