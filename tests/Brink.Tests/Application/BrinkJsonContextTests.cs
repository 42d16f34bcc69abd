using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Brink.Application;

namespace Brink.Tests.Application;

/// <summary>
/// <see cref="BrinkJson"/> serialises the run, simulate and SMP documents with generated code (start-up speed):
/// the bytes must be those of the reflection serialiser with the same options, on every bundled scenario.
/// </summary>
public sealed class BrinkJsonContextTests
{
    private static readonly JsonSerializerOptions ReflectionOnly = new(BrinkJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static TheoryData<string> Scenarios() => [.. Directory.GetFiles(TestPaths.InRepo("scenarios"), "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Generated_and_reflection_serialisers_write_the_same_bytes(string file)
    {
        var source = ScenarioSource.FromFile(TestPaths.InRepo("scenarios", file));
        var run = RunService.Run(new RunRequest { Scenario = source });
        Assert.True(run.Ok, string.Join("; ", run.Diagnostics.Select(d => d.Message)));
        AssertSameBytes(run.Document!);

        var simulate = SimulateService.Run(new SimulateRequest { Scenario = source, Draws = 50 });
        Assert.True(simulate.Ok, string.Join("; ", simulate.Diagnostics.Select(d => d.Message)));
        AssertSameBytes(simulate.Report!);

        var smp = SmpRunService.Run(new SmpRunRequest { Scenario = source });
        Assert.True(smp.Ok, string.Join("; ", smp.Diagnostics.Select(d => d.Message)));
        AssertSameBytes(smp.Document!);
        foreach (var (_, result) in smp.Runs)
        {
            AssertSameBytes(SmpTraceHeader.From(result));
            AssertSameBytes(SmpTraceTurn.From(result.Turns[^1]));
        }

        AssertSameBytes(ValidateService.Validate(new ValidateRequest([source])).FilesDocument());

        var perspectives = PerspectivesService.Run(new PerspectivesRequest { Scenario = source });
        if (perspectives.Ok) AssertSameBytes(perspectives.Document!);

        var crisis = CrisisService.Run(new CrisisRequest { Scenario = source });
        if (crisis.Ok) AssertSameBytes(crisis.Document!);
        var crisisDraws = CrisisSimulateService.Run(new CrisisSimulateRequest { Scenario = source, Draws = 20 });
        if (crisisDraws.Ok) AssertSameBytes(crisisDraws.Document!);
    }

    [Fact]
    public void The_documents_use_the_generated_metadata()
    {
        foreach (var type in new[] { typeof(RunDocument), typeof(SimulationReport), typeof(SmpDocument), typeof(ValidateFilesDocument), typeof(PerspectivesDocument),
                     typeof(SmpTraceHeader), typeof(SmpTraceTurn), typeof(CrisisDocument), typeof(CrisisSimulationDocument) })
            Assert.Contains(BrinkJson.GeneratedContexts, c => c.GetTypeInfo(type) is not null);
    }

    private static void AssertSameBytes(object document)
    {
        var generated = BrinkJson.Serialize(document);
        var reflected = JsonSerializer.Serialize(document, document.GetType(), ReflectionOnly);
        Assert.Equal(reflected, generated);
        Assert.True(generated.Length > 100);
    }
}
