using Brink.Scenarios;

namespace Brink.Tests.Scenarios;

/// <summary>
/// nato-2022-linked.yaml and nato-2022-package.yaml are copies of nato-2022.yaml with more on top (a third issue
/// and Hungary; the two issues as dimensions of one package). Their shared actors' numbers, the uncertainty on
/// them, their evidence and their sources must stay those of nato-2022.yaml, so a correction there cannot be
/// forgotten here.
/// </summary>
public sealed class DerivedScenariosTests
{
    private static Scenario Load(string name)
    {
        var result = ScenarioLoader.Load(TestPaths.InRepo("scenarios", name));
        Assert.True(result.Value is not null, string.Join("\n", result.Diagnostics));
        return result.Value!;
    }

    private static readonly Scenario Plain = Load("nato-2022.yaml");

    public static TheoryData<string> Derived => new() { "nato-2022-linked.yaml", "nato-2022-package.yaml" };

    /// <summary>The prefix of a derived issue id (package.dimension) and the factor on the saliences.</summary>
    private static (string Prefix, double SalienceFactor) Mapping(string file) => file == "nato-2022-package.yaml"
        // The package halves each salience so that an actor's attention over both dimensions adds up to at most 1.
        ? ("security.", 0.5)
        : ("", 1.0);

    [Theory, MemberData(nameof(Derived))]
    public void Shared_actors_have_the_plain_scenarios_numbers(string file)
    {
        var (prefix, salienceFactor) = Mapping(file);
        var derived = Load(file);
        foreach (var actor in Plain.Actors)
        {
            var copy = derived.FindActor(actor.Id);
            Assert.True(copy is not null, $"{file}: actor '{actor.Id}' is missing");
            Assert.Equal((actor.Name, actor.Capability, actor.Risk, actor.AudienceCost, actor.Resolve, actor.WarCost),
                (copy!.Name, copy.Capability, copy.Risk, copy.AudienceCost, copy.Resolve, copy.WarCost));
            foreach (var (issue, stance) in actor.Stances)
            {
                Assert.True(copy.Stances.TryGetValue(prefix + issue, out var other), $"{file}: {actor.Id} has no stance on '{prefix + issue}'");
                Assert.Equal(stance.Position, other!.Position);
                Assert.Equal(stance.Salience * salienceFactor, other.Salience, 12);
            }
        }
    }

    [Theory, MemberData(nameof(Derived))]
    public void Shared_issues_keep_their_scale_labels_and_status_quo(string file)
    {
        var prefix = Mapping(file).Prefix;
        var derived = Load(file);
        foreach (var issue in Plain.Issues)
        {
            var copy = derived.FindIssue(prefix + issue.Id);
            Assert.True(copy is not null, $"{file}: issue '{prefix + issue.Id}' is missing");
            Assert.Equal((issue.Min, issue.Max, issue.StatusQuo, issue.Description), (copy!.Min, copy.Max, copy.StatusQuo, copy.Description));
            Assert.Equal(issue.Labels.AsEnumerable(), copy.Labels.AsEnumerable());
        }
    }

    [Theory, MemberData(nameof(Derived))]
    public void Shared_sources_are_the_same(string file)
    {
        var derived = Load(file);
        foreach (var source in Plain.Sources)
        {
            var copy = derived.Sources.FirstOrDefault(s => s.Id == source.Id);
            // A derived file may leave out a source none of its numbers cites, but never change one.
            if (copy is null) continue;
            Assert.Equal(source, copy);
        }
        Assert.Equal(Plain.CapabilityScale, derived.CapabilityScale);
    }

    [Theory, MemberData(nameof(Derived))]
    public void Shared_uncertain_inputs_and_evidence_are_the_same(string file)
    {
        var (prefix, salienceFactor) = Mapping(file);
        var derived = Load(file);
        string Rename(string? issue) => issue is null ? "" : prefix + issue;
        foreach (var u in Plain.Uncertain)
        {
            var copy = derived.Uncertain.FirstOrDefault(d => d.Target.ActorId == u.Target.ActorId && d.Target.Parameter == u.Target.Parameter
                && (d.Target.IssueId ?? "") == Rename(u.Target.IssueId));
            Assert.True(copy is not null, $"{file}: no range on {u.Target}");
            if (u.Target.Parameter != ActorParameter.Salience || salienceFactor == 1) Assert.Equal(u.Distribution, copy!.Distribution);
        }
        // All evidence but that on beliefs (addressed by index, and the derived files add beliefs); in a package only
        // that on the actors' numbers (its issue-level paths are written differently).
        foreach (var e in Plain.Evidence.Where(e => !e.FieldPath.StartsWith("beliefs[", StringComparison.Ordinal)
            && (prefix.Length == 0 || e.FieldPath.StartsWith("actors[", StringComparison.Ordinal))))
        {
            var path = prefix.Length == 0 ? e.FieldPath : e.FieldPath.Replace("positions[", "positions[" + prefix, StringComparison.Ordinal);
            var copy = derived.Evidence.FirstOrDefault(d => d.FieldPath == path);
            Assert.True(copy is not null, $"{file}: no evidence at {path}");
            Assert.Equal((e.SourceId, e.Quote, e.IsJudgement), (copy!.SourceId, copy.Quote, copy.IsJudgement));
        }
    }
}
