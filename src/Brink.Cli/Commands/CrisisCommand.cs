using System.CommandLine;
using System.Globalization;
using Brink.Crisis;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary>A subcommand of <c>brink crisis</c>; discovered by reflection like top-level commands.</summary>
internal interface ICrisisSubcommand
{
    Command Build(CliContext context);
}

/// <summary><c>brink crisis …</c>: the textbook crisis games (docs/crisis.md), for teaching and checking.</summary>
public sealed class CrisisCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var command = new Command("crisis", "Crisis games (bargain, audience, preventive, optimism, interaction), a scenario's dyads (scenario) and the historical back-test (backtest).");
        var subs = typeof(CrisisCommand).Assembly.GetTypes()
            .Where(t => typeof(ICrisisSubcommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => ((ICrisisSubcommand)Activator.CreateInstance(t)!).Build(context))
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var sub in subs) command.Subcommands.Add(sub);
        return command;
    }
}

/// <summary>Option builders, validation and output shared by the crisis subcommands.</summary>
internal static class CrisisCli
{
    public static Option<double> Number(string name, string description, double? defaultValue = null)
    {
        var o = new Option<double>(name) { Description = description, Required = defaultValue is null };
        if (defaultValue is { } d) o.DefaultValueFactory = _ => d;
        return o;
    }

    public static Option<string> Format()
    {
        var o = new Option<string>("--format") { Description = "Output format: table or json.", DefaultValueFactory = _ => "table" };
        o.AcceptOnlyFromAmong("table", "json");
        return o;
    }

    /// <summary>Prints every problem and returns true when there were any (exit code 2).</summary>
    public static bool Invalid(CliContext context, string command, IReadOnlyList<string> problems)
    {
        foreach (var p in problems) context.Error.WriteLine($"brink crisis {command}: {p}");
        return problems.Count > 0;
    }

    /// <summary>The problems of an application request (their messages name the options), as <see cref="Invalid(CliContext, string, IReadOnlyList{string})"/>.</summary>
    public static bool Invalid(CliContext context, string command, IReadOnlyList<(string Field, string Message)> problems) =>
        Invalid(context, command, [.. problems.Select(p => p.Message)]);

    /// <summary>Writes a flat record as JSON or as a two-column table.</summary>
    public static void Write(CliContext context, string format, string title, object json, IEnumerable<(string Name, object? Value)> rows)
    {
        if (format == "json") { JsonOutput.Write(context, json); return; }
        var table = new Table().Title(title).AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in rows) table.AddRow(Markup.Escape(name), Markup.Escape(Show(value)));
        context.Console.Write(table);
    }

    /// <summary>Under a table, one line per warning of the game's document (in JSON they are its <c>warnings[]</c>).</summary>
    public static void WriteWarnings(CliContext context, string format, IReadOnlyList<Application.WarningDoc>? warnings)
    {
        if (format == "json") return;
        foreach (var w in warnings ?? [])
            context.Console.MarkupLine($"[yellow]warning[/] [grey]{Markup.Escape(w.Code)}[/]: {Markup.Escape(w.Message)}");
    }

    /// <summary>A negative number that rounds to zero (or −0 itself) reads "0", never "-0".</summary>
    private static string NoNegativeZero(string text) => text == "-0" ? "0" : text;

    public static string Show(object? value) => value switch
    {
        null => "-",
        double d => double.IsNaN(d) ? "-" : NoNegativeZero(d.ToString("0.######", CultureInfo.InvariantCulture)),
        bool b => b ? "yes" : "no",
        Enum e => UserWords.Of(e),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Parses a comma-separated list of numbers; null with a message when malformed.</summary>
    public static double[]? ParseList(string text, string option, int? count, List<string> problems)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                problems.Add($"{option}: '{parts[i]}' is not a number.");
                return null;
            }
        }
        if (count is { } n && values.Length != n)
        {
            problems.Add($"{option} needs {n} comma-separated numbers, got {values.Length}.");
            return null;
        }
        return values;
    }

    /// <summary>Problems for a list of probabilities.</summary>
    public static IEnumerable<string> Probabilities(string option, IEnumerable<double> values) =>
        values.Select((v, i) => CrisisGuard.Probability($"{option}[{i + 1}]", v)).Where(p => p is not null).Select(p => p!);
}
