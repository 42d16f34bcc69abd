using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Brink.Files;

namespace Brink.Cli;

/// <summary>
/// Checks every option of the command tree before a command runs, so a mistake is an exit 2 with the option named,
/// never a NaN carried into a model: a number that is NaN, infinite or out of range, and (for the options marked
/// here) output paths that cannot be written. (A single-valued option given twice is refused by System.CommandLine.)
/// </summary>
public static class OptionChecks
{
    /// <summary>Adds the checks that apply to every numeric option, to <paramref name="command"/> and all its subcommands.</summary>
    public static void AddToAll(Command command)
    {
        foreach (var option in command.Options)
        {
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            if ((type == typeof(double) || type == typeof(float) || type == typeof(double[])) && !option.Validators.Contains(Finite)) option.Validators.Add(Finite);
        }
        foreach (var sub in command.Subcommands) AddToAll(sub);
    }

    private static readonly Action<OptionResult> Finite = result =>
    {
        foreach (var token in result.Tokens)
        {
            if (double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && !double.IsFinite(x))
                result.AddError($"{result.Option.Name}: '{token.Value}' is not a finite number");
            else if (result.Option.ValueType == typeof(float) && double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && Math.Abs(f) > float.MaxValue)
                result.AddError($"{result.Option.Name}: '{token.Value}' is out of range");
        }
    };

    /// <summary>The option names a file Brink writes: its folder must exist and it must be writable, not a directory or device.</summary>
    public static T OutputFile<T>(T option) where T : Option<string?>
    {
        option.Validators.Add(result =>
        {
            if (OutputPath.FileProblem(result.GetValueOrDefault<string?>(), result.Option.Name) is { } problem) result.AddError(problem);
        });
        return option;
    }

    /// <summary>The option names a folder Brink writes into (and may create, when its parent exists).</summary>
    public static T OutputDirectory<T>(T option) where T : Option<string?>
    {
        option.Validators.Add(result =>
        {
            if (OutputPath.DirectoryProblem(result.GetValueOrDefault<string?>(), result.Option.Name) is { } problem) result.AddError(problem);
        });
        return option;
    }
}
