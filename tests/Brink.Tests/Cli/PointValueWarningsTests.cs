using System.Text.Json;

namespace Brink.Tests.Cli;

/// <summary>
/// Sensitivity and what-if say what the model says of its point values, as simulate does: on the 2022 package Nash per
/// dimension is a fallback to the status quo, and the baseline every index or change refers to is that fallback.
/// </summary>
public sealed class PointValueWarningsTests
{
    private static readonly string Package = TestPaths.InRepo("scenarios", "nato-2022-package.yaml");

    [Theory]
    [InlineData("nash", true)]
    [InlineData("compromise", false)]
    public void Sensitivity_and_whatif_carry_the_models_point_value_warnings(string model, bool fallback)
    {
        foreach (var args in new[]
        {
            new[] { "sensitivity", Package, "--model", model, "--samples", "32", "--trajectories", "4", "-f", "json" },
            new[] { "whatif", Package, "--model", model, "--target", "40", "-f", "json" },
        })
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 0, r.Error);
            using var doc = JsonDocument.Parse(r.Out);
            var codes = doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
            Assert.Equal(fallback, codes.Contains("nash-no-feasible-agreement"));
            if (fallback) Assert.Equal("nash-no-feasible-agreement", codes[0]);
        }
    }
}
