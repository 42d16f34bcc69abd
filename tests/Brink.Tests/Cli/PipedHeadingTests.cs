using Brink.Cli;

namespace Brink.Tests.Cli;

/// <summary>Piped, the console is <see cref="CliContext.PipedWidth"/> wide so nothing wraps; the title rule must not fill that width.</summary>
public sealed class PipedHeadingTests
{
    [Fact]
    public void Piped_run_output_has_a_title_rule_of_80_columns_not_thousands()
    {
        var stdout = new StringWriter();
        var code = BrinkApp.Run(["run", TestPaths.InRepo("scenarios", "emission.yaml"), "--rounds", "1"], new CliContext(stdout, new StringWriter(), width: CliContext.PipedWidth));
        Assert.Equal(0, code);
        var first = stdout.ToString().Split('\n')[0].TrimEnd('\r');
        Assert.StartsWith("── EC emission standards for medium-sized cars ─", first, StringComparison.Ordinal);
        Assert.Equal(80, first.Length);
    }
}
