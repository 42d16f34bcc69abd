using Brink.Scenarios;
using CsCheck;

namespace Brink.Tests.Scenarios;

/// <summary>Law: whatever the bytes, loading returns a value or located diagnostics; it never throws.</summary>
public sealed class LoaderRobustnessTests
{
    private static readonly string Nato = File.ReadAllText(TestPaths.InRepo("scenarios", "nato-2022.yaml"));

    private static void NeverThrows(string text)
    {
        foreach (var format in Enum.GetValues<ScenarioFormat>())
        {
            var result = ScenarioLoader.Parse(text, "fuzz", format);
            Assert.True(result.Ok || result.Errors.Any(), "a failed load must say why");
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }
    }

    [Fact]
    public void Random_text_never_throws() =>
        Gen.String.Sample(NeverThrows, iter: 300, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void Damaged_scenarios_never_throw()
    {
        Gen.Select(Gen.Int[0, Nato.Length - 1], Gen.Int[1, 40], Gen.Char["{}[]:,-\"'&*!#|> \n0.9"])
            .Sample((at, length, ch) =>
            {
                var cut = Math.Min(length, Nato.Length - at);
                NeverThrows(Nato[..at] + ch + Nato[(at + cut)..]);
            }, iter: 200, seed: "0N0XIzNsQ0O2");
    }
}
