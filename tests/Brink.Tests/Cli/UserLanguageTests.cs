using Brink.Application;
using Brink.Cli;
using Brink.Scenarios;

namespace Brink.Tests.Cli;

/// <summary>Messages and tables speak the user's language: no .NET type names, no internal enum names.</summary>
public sealed class UserLanguageTests
{
    [Theory]
    [InlineData("simulate", "--draws", "abc", "--draws: expected a whole number, found 'abc'")]
    [InlineData("sensitivity", "--samples", "1.5", "--samples: expected a whole number, found '1.5'")]
    [InlineData("simulate", "--noise", "lots", "--noise: expected a number (e.g. 0.25), found 'lots'")]
    public void A_bad_option_value_says_what_to_write_not_the_dotnet_type(string command, string option, string value, string expected)
    {
        var r = CliRunner.Run(command, TestPaths.InRepo("scenarios", "emission.yaml"), option, value);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains(expected, r.Error);
        Assert.DoesNotContain("System.", r.Error);
    }

    [Theory]
    [InlineData("TargetAlwaysResists", "target always resists")]
    [InlineData("a_fights", "A fights")]
    [InlineData("NoEum", "no EUM")]
    [InlineData("SemiSeparating", "semi separating")]
    public void Internal_names_become_words(string name, string words) => Assert.Equal(words, UserWords.Of(name));

    [Fact]
    public void Parameters_are_spelled_as_in_the_scenario_file() => Assert.Equal("audience_cost", UserWords.Of(ActorParameter.AudienceCost));

    [Fact]
    public void Crisis_tables_show_no_internal_names()
    {
        var audience = CliRunner.Run("crisis", "audience", "--p", "0.2", "--cost-d", "0.1", "--audience-cost", "0.3", "--prior-resolved", "0.3");
        Assert.Equal(0, audience.ExitCode);
        Assert.Contains("target always resists", audience.Out);
        Assert.DoesNotContain("TargetAlwaysResists", audience.Out);
        var preventive = CliRunner.Run("crisis", "preventive", "--path", "0.9,0.2", "--cost-a", "0.05", "--cost-b", "0.05", "--discount", "0.9");
        Assert.Equal(0, preventive.ExitCode);
        Assert.Contains("A fights", preventive.Out);
        Assert.DoesNotContain("a_fights", preventive.Out);
    }
}

/// <summary><c>-f</c> is the short form of <c>--format</c> on every command that has <c>--format</c>.</summary>
public sealed class ShortFormatTests
{
    [Fact]
    public void Every_command_with_format_accepts_f()
    {
        var root = BrinkAppCommands();
        var missing = new List<string>();
        void Walk(System.CommandLine.Command c, string path)
        {
            var format = c.Options.FirstOrDefault(o => o.Name == "--format");
            if (format is not null && !format.Aliases.Contains("-f")) missing.Add(path);
            foreach (var sub in c.Subcommands) Walk(sub, $"{path} {sub.Name}");
        }
        Walk(root, "brink");
        Assert.Empty(missing);
    }

    private static System.CommandLine.Command BrinkAppCommands() => BrinkApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));
}
