using Brink.Cli;

namespace Brink.Tests.Cli;

/// <summary>Runs the <c>brink</c> command in-process and captures its output.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = BrinkApp.Run(args, new CliContext(stdout, stderr, ansi: false, width: 200));
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
