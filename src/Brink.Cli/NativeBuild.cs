using System.Runtime.InteropServices;

namespace Brink.Cli;

/// <summary>
/// What the CLI's native build (Native AOT, <c>-p:BrinkNative=true</c>) runs itself, and how it hands everything else
/// to the ReadyToRun build. The native build starts in about a tenth of the CPU time, but leaves out the server and
/// cluster front ends, and the ledger's SQL mapping (Dapper) emits code at run time, which Native AOT cannot do. So the
/// native build runs the commands below, whose output a test compares byte for byte with the ReadyToRun build's
/// (tests/Brink.Tests/Cli/NativeBuildTests.cs), and replaces itself with the ReadyToRun build for any other command
/// line: <c>./brink</c> sets <see cref="FullCliVariable"/> to it.
/// </summary>
public static class NativeBuild
{
    /// <summary>Top-level commands the native build runs itself.</summary>
    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal)
    {
        "validate", "run", "simulate", "version",
    };

    /// <summary>Options of those commands that open a forecast ledger (SQLite or PostgreSQL): handed over.</summary>
    public static readonly IReadOnlySet<string> LedgerOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "--record", "--db", "--threats-from-ledger",
    };

    /// <summary>Environment variable naming the ReadyToRun build's <c>Brink.Cli.dll</c>, set by <c>./brink</c>.</summary>
    public const string FullCliVariable = "BRINK_FULL_CLI";

    /// <summary>True in the native build.</summary>
    public static bool IsThisBuild =>
#if BRINK_NATIVE
        true;
#else
        false;
#endif

    /// <summary>True when the native build runs this command line itself.</summary>
    public static bool RunsHere(IReadOnlyList<string> args) =>
        args.Count > 0 && Commands.Contains(args[0]) &&
        !args.Any(a => LedgerOptions.Contains(a.Split('=', 2)[0]));

    /// <summary>
    /// Replaces this process with <c>dotnet $BRINK_FULL_CLI args…</c> (same process id, standard streams, signals and
    /// exit code), or explains what is missing and returns <see cref="ExitCodes.BadInput"/>.
    /// </summary>
    public static int HandOver(string[] args, TextWriter error)
    {
        var full = Environment.GetEnvironmentVariable(FullCliVariable);
        var what = args.Length == 0 ? "brink" : $"brink {args[0]}";
        if (string.IsNullOrEmpty(full) || !File.Exists(full))
        {
            error.WriteLine($"brink: {what} is not in the native build (it runs {string.Join(", ", Commands.Order(StringComparer.Ordinal))}, without a ledger); " +
                $"run it with ./brink, which also builds the full CLI, or set {FullCliVariable} to the full build's Brink.Cli.dll" +
                (string.IsNullOrEmpty(full) ? "" : $" ({FullCliVariable}={full} does not exist)"));
            return ExitCodes.BadInput;
        }
        string?[] argv = ["dotnet", full, .. args, null];
        // execvp returns only when it failed.
        if (ExecVp("dotnet", argv) == -1) error.WriteLine($"brink: could not start the full CLI (dotnet {full}): {Marshal.GetLastPInvokeErrorMessage()}");
        return ExitCodes.InternalError;
    }

    [DllImport("libc", EntryPoint = "execvp", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project.
#pragma warning disable CA2101 // execvp takes the platform's narrow strings (UTF-8 on Linux and macOS).
    private static extern int ExecVp([MarshalAs(UnmanagedType.LPUTF8Str)] string file, [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPUTF8Str)] string?[] argv);
#pragma warning restore CA2101
#pragma warning restore SYSLIB1054
}
