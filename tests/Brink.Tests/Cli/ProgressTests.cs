using Brink.Cli;
using Brink.Cli.Commands;

namespace Brink.Tests.Cli;

/// <summary>Long commands draw a progress bar only on a terminal; piped or redirected, nothing extra is written.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void Piped_stderr_gets_no_progress_output()
    {
        var error = new StringWriter();
        var context = new CliContext(TextWriter.Null, error) { InteractiveProgress = false };
        var result = SimulationCli.WithProgress(context, "backtest", 10, progress => { progress(10); return 42; });
        Assert.Equal(42, result);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void A_terminal_gets_a_progress_display_and_the_result()
    {
        var error = new StringWriter();
        var context = new CliContext(TextWriter.Null, error) { InteractiveProgress = true };
        var result = SimulationCli.WithProgress(context, "backtest", 10, progress => { Thread.Sleep(250); progress(10); return 7; });
        Assert.Equal(7, result);
        Assert.NotEqual("", error.ToString());
    }
}
