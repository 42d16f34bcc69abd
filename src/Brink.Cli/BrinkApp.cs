using System.CommandLine;
using System.Reflection;

namespace Brink.Cli;

/// <summary>The <c>brink</c> command line, runnable in-process.</summary>
public static class BrinkApp
{
    public static int Run(string[] args, CliContext context)
    {
        // A plain command named "brink" (RootCommand would take the assembly's name, Brink.Cli, for help text).
        var root = new Command("brink", "Brink: forecast how negotiations and crises between many actors end.") { new System.CommandLine.Help.HelpOption() };
        var commands = typeof(BrinkApp).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .Select(c => c.Build(context))
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var command in commands) root.Subcommands.Add(command);
        OptionChecks.AddToAll(root);

        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) context.Error.WriteLine($"brink: {error.Message}");
            context.Error.WriteLine("Try 'brink --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Brink.Files.InputFileException ex)
        {
            context.Error.WriteLine($"brink: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("brink: cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Error.WriteLine($"brink: internal error: {ex.Message}");
            context.Error.WriteLine("This is a bug in Brink; please report it with the command you ran. Set BRINK_DEBUG=1 for details.");
            if (Environment.GetEnvironmentVariable("BRINK_DEBUG") == "1") context.Error.WriteLine(ex);
            return ExitCodes.InternalError;
        }
    }
}
