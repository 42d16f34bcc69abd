using Brink.Tests.Cli;

namespace Brink.Tests.Simulation;

/// <summary>
/// A package on which the joint models cannot run (no actor holds a stance on every dimension) is refused before any draw,
/// with the package and the actors named: never an internal error from inside the simulation.
/// </summary>
public sealed class PackageInputProblemTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"brink-emptypkg-{Guid.NewGuid():N}.yaml");

    public PackageInputProblemTests() => File.WriteAllText(_path, """
        title: empty package
        issues:
        - id: pkg
          dimensions:
          - id: a
            scale: {min: 0, max: 100}
          - id: b
            scale: {min: 0, max: 100}
        actors:
        - id: x
          capability: 10
          positions: {pkg: {a: {position: 10, salience: 0.5}}}
        - id: y
          capability: 20
          positions: {pkg: {b: {position: 80, salience: 0.5}}}
        """);

    public void Dispose() => File.Delete(_path);

    [Theory]
    [InlineData("simulate", "smp", "the spatial model of politics needs at least 3 actors, found 0")]
    [InlineData("simulate", "nash-package", "no actor holds a stance on every dimension")]
    [InlineData("sensitivity", "smp", "the spatial model of politics needs at least 3 actors, found 0")]
    [InlineData("whatif", "nash-package", "no actor holds a stance on every dimension")]
    public void The_package_and_the_left_out_actors_are_named(string command, string model, string problem)
    {
        var r = command == "whatif" ? CliRunner.Run(command, _path, "--model", model, "--target", "50") : CliRunner.Run(command, _path, "--model", model);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"model '{model}' cannot run on {_path}: pkg: {problem} (x, y hold a stance on some but not all of its dimensions, and are left out)", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_says_why_the_quadratic_nash_was_solved_per_dimension()
    {
        var r = CliRunner.Run("run", _path, "--model", "nash", "-f", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        var nash = doc.RootElement.GetProperty("packages")[0].GetProperty("models")[0];
        Assert.Equal("per-dimension", nash.GetProperty("space").GetString());
        var warning = Assert.Single(nash.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "nash-per-dimension");
        Assert.Equal("pkg: solved dimension by dimension, not on the product space: no actor holds a position on every dimension of the package (x, y each lack one)",
            warning.GetProperty("message").GetString());
    }
}
