using Brink.Cli;

namespace Brink.Tests.Cli;

/// <summary>The command registry that lets <c>brink</c> build only the command being run.</summary>
public sealed class CommandTreeTests
{
    private static readonly CliContext Quiet = new(TextWriter.Null, TextWriter.Null);

    [Fact]
    public void Every_command_class_is_registered_under_the_name_it_builds()
    {
        var classes = typeof(BrinkApp).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(classes, BrinkApp.Commands.Select(c => c.Create().GetType().FullName).Order(StringComparer.Ordinal));
        foreach (var (name, create) in BrinkApp.Commands) Assert.Equal(name, create().Build(Quiet).Name);
        Assert.Equal(BrinkApp.Commands.Select(c => c.Name).Order(StringComparer.Ordinal), BrinkApp.Commands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("ledger")]
    public void A_named_command_is_built_alone_and_anything_else_builds_the_whole_tree(string name)
    {
        var alone = BrinkApp.BuildRoot(Quiet, name);
        Assert.Equal([name], alone.Subcommands.Select(c => c.Name));
        Assert.NotEmpty(alone.Subcommands[0].Options.Where(o => o.Aliases.Contains("-f")).Concat(alone.Subcommands[0].Subcommands.SelectMany(s => s.Options)));
        Assert.Equal(BrinkApp.Commands.Length, BrinkApp.BuildRoot(Quiet, "--help").Subcommands.Count);
        Assert.Equal(BrinkApp.Commands.Length, BrinkApp.BuildRoot(Quiet, "valdate").Subcommands.Count);
    }

    [Fact]
    public void Help_and_typos_still_see_every_command()
    {
        var help = CliRunner.Run("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var (name, _) in BrinkApp.Commands) Assert.Contains(name, help.Out, StringComparison.Ordinal);
        var typo = CliRunner.Run("valdate", "x.yaml");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("valdate", typo.Error, StringComparison.Ordinal);
        var version = CliRunner.Run("--version");
        Assert.Equal(0, version.ExitCode);
    }
}
