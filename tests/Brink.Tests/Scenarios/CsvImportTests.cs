using System.Globalization;
using Brink.Scenarios;
using CsCheck;
using static Brink.Tests.Scenarios.ScenarioText;

namespace Brink.Tests.Scenarios;

/// <summary>The classic actor tables load as they are published, header synonyms included.</summary>
public sealed class CsvImportTests
{
    public static TheoryData<string> ReferenceTables()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPaths.Reference("eum", "inputs"), "*.csv").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceTables))]
    public void Every_published_input_table_loads_as_a_one_issue_scenario(string name)
    {
        var path = TestPaths.Reference("eum", "inputs", name);
        var result = ScenarioLoader.Load(path);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        var s = result.Value!;
        var rows = File.ReadAllLines(path).Skip(1).Count(l => l.Trim().Length > 0);
        Assert.Equal(rows, s.Actors.Length);
        var issue = Assert.Single(s.Issues);
        Assert.Equal(Path.GetFileNameWithoutExtension(name), s.Title);
        Assert.All(s.Actors, a =>
        {
            var stance = a.Stances[issue.Id];
            Assert.InRange(stance.Salience, 0, 1);
            Assert.InRange(stance.Position, issue.Min, issue.Max);
            Assert.True(a.Capability >= 0);
        });
        Assert.Equal(s.Actors.Min(a => a.Stances[issue.Id].Position), issue.Min);
        Assert.Equal(s.Actors.Max(a => a.Stances[issue.Id].Position), issue.Max);
    }

    [Fact]
    public void The_emission_table_reads_salience_on_0_100_with_a_notice()
    {
        var result = ScenarioLoader.Load(TestPaths.Reference("eum", "emission_input.csv"));
        Assert.True(result.Ok);
        var uk = result.Value!.FindActor("UK")!;
        Assert.Equal(0.16, uk.Capability);
        Assert.Equal(new Stance(10, 0.9), uk.Stances["issue"]);
        var notice = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Notice, notice.Severity);
        Assert.Contains("divided by 100", notice.Message);
    }

    [Theory]
    [InlineData("Actor,Capability,Position,Salience")]
    [InlineData("Stakeholder,Resources,Position,Salience")]
    [InlineData("Stakeholder,Clout,Position,Salience")]
    [InlineData("name,capability,position,salience")]
    [InlineData("ACTOR, Power ,Position,Importance")]
    public void Header_synonyms_map_onto_the_four_columns(string header)
    {
        var result = Csv(header + "\nA,2,10,0.5\nB,1,20,1\n");
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        Assert.Equal(new Stance(10, 0.5), result.Value!.FindActor("A")!.Stances["issue"]);
        Assert.Equal(2, result.Value.FindActor("A")!.Capability);
    }

    [Fact]
    public void Extra_columns_become_attributes()
    {
        var result = ScenarioLoader.Load(TestPaths.Reference("eum", "inputs", "uk_emu_labour.csv"));
        Assert.True(result.Ok);
        Assert.Equal("Bank of England", result.Value!.FindActor("Ingiliz Merkez Bankasi")!.Attributes["Actor_en"]);
    }

    [Fact]
    public void A_missing_column_lists_what_was_found()
    {
        var e = SingleError(Csv("Actor,Capability,Position\nA,1,2\n"));
        Assert.Equal(("header", 1), (e.FieldPath, e.Line));
        Assert.Contains("salience column", e.Message);
        Assert.Contains("'Position'", e.Message);
    }

    [Fact]
    public void Tab_separated_tables_load_too()
    {
        var result = ScenarioLoader.Parse("Actor\tCapability\tPosition\tSalience\nA\t1\t2\t50\nB\t2\t4\t100\n", "t.tsv", ScenarioFormat.Tsv);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        Assert.Equal(new Stance(4, 1), result.Value!.FindActor("B")!.Stances["issue"]);
    }

    [Fact]
    public void Salience_detection_does_not_rescale_tables_already_on_0_1()
    {
        var result = ScenarioLoader.Load(TestPaths.Reference("eum", "inputs", "honduras_nicaragua.csv"));
        Assert.True(result.Ok);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Notice);
        Assert.Equal(0.3, result.Value!.FindActor("Costa Rica")!.Stances["issue"].Salience);
    }

    [Fact]
    public void A_table_on_0_100_loads_like_the_same_table_on_0_1()
    {
        // Law: writing salience ×100 changes nothing but the notice (when some salience exceeds 0.01,
        // so the 0–100 table has a value above 1 and is detected).
        var row = Gen.Select(Gen.Double[0, 1000], Gen.Int[0, 100], Gen.Int[0, 100]);
        Gen.Select(row.Array[2, 12], Gen.Int[1, 100]).Sample((rows, top) =>
        {
            string Table(double factor) => "Actor,Capability,Position,Salience\n" + string.Join("\n", rows.Select((r, i) =>
                string.Create(CultureInfo.InvariantCulture, $"a{i},{r.Item1},{r.Item2},{(i == 0 ? top : Math.Min(r.Item3, top)) / 100.0 * factor}")));
            var unit = Csv(Table(1));
            var percent = Csv(Table(100));
            Assert.True(unit.Ok && percent.Ok);
            Assert.Equal(top > 1, percent.Diagnostics.Any(d => d.Severity == Severity.Notice));
            if (top <= 1) return;
            foreach (var (a, b) in unit.Value!.Actors.Zip(percent.Value!.Actors))
            {
                Assert.Equal(a.Capability, b.Capability);
                Assert.Equal(a.Stances["issue"].Position, b.Stances["issue"].Position);
                Assert.Equal(a.Stances["issue"].Salience, b.Stances["issue"].Salience, 12);
            }
        }, iter: 200, seed: "0N0XIzNsQ0O2");
    }
}
