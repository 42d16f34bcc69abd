using Brink.Scenarios;
using Brink.Simulation;
using static Brink.Tests.Simulation.SimulationFixtures;

namespace Brink.Tests.Simulation;

public sealed class IssueTemplateTests
{
    [Fact]
    public void Uncertain_inputs_become_slots_and_other_issues_are_ignored()
    {
        var scenario = Uncertain() with
        {
            Uncertain = [.. Uncertain().Uncertain, new UncertainInput(new ParameterRef("a", ActorParameter.Position, "other"), new UniformDistribution(0, 1)),
                new UncertainInput(new ParameterRef("b", ActorParameter.Resolve), new UniformDistribution(0, 1)),
                new UncertainInput(Cap("b"), new UniformDistribution(0.4, 0.6))],
        };
        var t = IssueTemplate.From(scenario, "i");
        Assert.Equal(["a.position", "c.position", "d.position", "e.salience", "b.capability"], t.Slots.Select(s => s.Name).ToArray());
        Assert.Equal(2, t.Ignored.Length);
    }

    [Fact]
    public void Apply_overwrites_only_the_slots()
    {
        var t = IssueTemplate.From(Uncertain(), "i");
        var b = t.CreateBuffer();
        t.Apply(b, [1, 2, 3, 0.25]);
        Assert.Equal([1, 40, 2, 3, 55], b.Position);
        Assert.Equal([0.9, 0.6, 0.5, 1.0, 0.25], b.Salience);
        t.Apply(b, [5, 6, 7, 0.5]);
        Assert.Equal([5, 40, 6, 7, 55], b.Position);
    }

    [Fact]
    public void Noise_adds_a_distribution_to_every_number_without_one()
    {
        var t = IssueTemplate.From(Uncertain(), "i", noise: 0.1);
        // 4 given + 5 capabilities + 2 free positions... every (actor, field) pair of c, x, s exactly once.
        Assert.Equal(15, t.Slots.Length);
        Assert.Equal(15, t.Slots.Select(s => (s.Actor, s.Field)).Distinct().Count());
        var bPos = t.Slots.Single(s => s.Name == "b.position").Distribution;
        Assert.Equal(new TruncatedNormalDistribution(40, 10, 0, 100), bPos);
    }

    [Fact]
    public void WithoutActor_drops_the_actor_and_its_slots()
    {
        var t = IssueTemplate.From(Uncertain(), "i").WithoutActor(0);
        Assert.Equal(["b", "c", "d", "e"], t.ActorIds.ToArray());
        Assert.Equal(["c.position", "d.position", "e.salience"], t.Slots.Select(s => s.Name));
        Assert.Equal([1, 2, 3], t.Slots.Select(s => s.Actor));
        Assert.Equal([40, 70, 90, 55], t.BasePosition.ToArray());
    }
}
