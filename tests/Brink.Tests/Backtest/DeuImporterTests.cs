using System.Globalization;
using Brink.Backtest;
using Brink.Scenarios;

namespace Brink.Tests.Backtest;

public sealed class DeuImporterTests
{
    internal static string DevFile => TestPaths.Reference("deu", "deu3_dev.tsv");

    internal static DeuDataset Dev()
    {
        var loaded = DeuImporter.Load(DevFile);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        return loaded.Value!;
    }

    public sealed class Load
    {
        [Fact]
        public void Given_the_dev_file_When_loaded_Then_every_issue_row_and_the_GDP_row_are_read()
        {
            var data = Dev();
            var rows = File.ReadAllLines(DevFile).Length - 2; // header and GDP row
            Assert.Equal(rows, data.Issues.Length);
            Assert.Equal(30, data.Gdp.Count);
            Assert.Equal(4.1, data.Gdp["de"]);
            Assert.Equal(4.1, data.Gdp["com"]);
            var first = data.Issues[0];
            Assert.Equal("d00032", first.Proposal);
            Assert.Equal("d00032i1", first.IssueId);
            Assert.Equal(("COD", "QMV"), (first.Procedure, first.VotingRule));
            Assert.Equal(new DateOnly(2000, 1, 26), first.Introduced);
            Assert.Equal(0, first.ReferencePoint);
            Assert.Equal(100, first.Outcome);
            Assert.Equal(3, first.Line);
            Assert.Contains(new DeuStance("com", 100, 0.5), first.Stances);
        }

        [Fact]
        public void Given_columns_in_another_order_When_loaded_Then_the_issues_are_the_same()
        {
            var lines = File.ReadAllLines(DevFile);
            var width = lines[0].Split('\t').Length;
            var order = Enumerable.Range(0, width).Reverse().ToArray();
            var shuffled = lines.Select(l =>
            {
                var f = l.Split('\t');
                return string.Join('\t', order.Select(k => k < f.Length ? f[k] : ""));
            });
            var result = DeuImporter.Parse(new StringReader(string.Join('\n', shuffled)), "reversed.tsv");
            Assert.True(result.Ok);
            var original = Dev();
            Assert.Equal(original.Issues.Length, result.Value!.Issues.Length);
            for (var k = 0; k < original.Issues.Length; k++)
            {
                var (a, b) = (original.Issues[k], result.Value.Issues[k]);
                Assert.Equal((a.IssueId, a.Proposal, a.Outcome, a.ReferencePoint, a.Introduced), (b.IssueId, b.Proposal, b.Outcome, b.ReferencePoint, b.Introduced));
                Assert.Equal(a.Stances.OrderBy(s => s.Actor), b.Stances.OrderBy(s => s.Actor));
            }
        }

        [Fact]
        public void Given_bad_rows_When_loaded_Then_each_is_reported_with_its_line_and_skipped()
        {
            var text = string.Join('\n',
                "prnr\tisnr\tproc\tcounvte\tintro\tpcom\tpep\tpde\tscom\tsep\tsde\trp\tout",
                "p1\ti1\tCOD\tQMV\t01-02-03\t0\t100\t50\t50\t50\t50\t0\t40",
                "p1\ti2\tCOD\tQMV\t01-02-03\tabc\t100\t50\t50\t50\t50\t0\t40",
                "p2\ti3\tCNS\tUnan\t01-02-03\t0\t100\t150\t50\t50\t50\t0\t40",
                "p2\ti1\tCNS\tUnan\t01-02-03\t0\t100\t50\t50\t50\t50\t0\t40",
                "p3\ti4\tCNS\tUnan\t01-02-03\t0\t\t\t50\t\t\t0\t40");
            var result = DeuImporter.Parse(new StringReader(text), "bad.tsv");
            Assert.NotNull(result.Value);
            Assert.Equal(["i1"], result.Value!.Issues.Select(i => i.IssueId));
            var warnings = result.Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();
            Assert.Contains(warnings, d => d.Line == 3 && d.FieldPath == "pcom" && d.Column == 6 && d.Message.Contains("not a number"));
            Assert.Contains(warnings, d => d.Line == 4 && d.FieldPath == "pde" && d.Message.Contains("outside"));
            Assert.Contains(warnings, d => d.Line == 5 && d.Message.Contains("duplicate"));
            Assert.Contains(warnings, d => d.Line == 6 && d.Message.Contains("only 1 actor"));
            Assert.Equal(4, warnings.Count);
        }

        [Fact]
        public void Given_a_file_without_required_columns_When_loaded_Then_it_is_an_error_naming_them()
        {
            var result = DeuImporter.Parse(new StringReader("prnr\tisnr\tpcom\n1\t2\t3"), "x.tsv");
            Assert.False(result.Ok);
            var error = Assert.Single(result.Errors);
            Assert.Contains("proc", error.Message);
            Assert.Contains("out", error.Message);
        }

        [Fact]
        public void Given_a_position_without_salience_When_loaded_Then_the_issue_mean_salience_is_used_with_a_notice()
        {
            var text = "prnr\tisnr\tproc\tcounvte\tpcom\tpep\tpde\tscom\tsep\tsde\trp\tout\np1\ti1\tCOD\tQMV\t0\t100\t50\t20\t\t60\t0\t40";
            var result = DeuImporter.Parse(new StringReader(text), "s.tsv");
            Assert.True(result.Ok);
            Assert.Equal(0.4, result.Value!.Issues[0].Stances.Single(s => s.Actor == "ep").Salience, 12);
            Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Notice && d.FieldPath == "sep");
        }
    }

    public sealed class Dates
    {
        [Theory]
        [InlineData("26-01-00", "d00032", "2000-01-26")]
        [InlineData("14-12-1999", "n99276", "1999-12-14")]
        [InlineData("08-03-2016", "d160070", "2016-03-08")]
        [InlineData("2029-09-04", "d04218", "2004-09-29")]
        [InlineData("1930-06-05", "n05124", "2005-06-30")]
        [InlineData("2017-04-18", "d180104", "2018-04-17")]
        [InlineData("2013-05-08", "n08093", "2008-05-13")]
        [InlineData("2017-04-18", "x", "2017-04-18")]
        public void Given_a_DEU_date_When_parsed_Then_spreadsheet_misreadings_are_repaired_by_the_proposal_year(string text, string prnr, string expected)
        {
            Assert.Equal(DateOnly.ParseExact(expected, "yyyy-MM-dd", CultureInfo.InvariantCulture), DeuDates.Parse(text, prnr, out _));
        }

        [Fact]
        public void Given_every_dev_row_When_loaded_Then_each_date_falls_in_its_proposal_year()
        {
            foreach (var issue in Dev().Issues)
            {
                var year = DeuDates.YearOfProposal(issue.Proposal);
                Assert.NotNull(issue.Introduced);
                if (year is not null) Assert.InRange(issue.Introduced!.Value.Year, year.Value, year.Value + 1);
            }
        }
    }

    public sealed class Capabilities
    {
        [Fact]
        public void The_embedded_Council_vote_table_matches_the_reference_file()
        {
            var lines = File.ReadAllLines(TestPaths.Reference("deu", "eucouncil_weights.csv"));
            var header = lines[0].Split(',');
            var codes = DeuActors.All.ToDictionary(a => a.Name, a => a.Code);
            string[] columns = ["eu9", "eu10", "eu12", "eu15", "eu25_bv", "eu25_av", "eu25_ap"];
            foreach (var line in lines.Skip(1))
            {
                var f = line.Split(',');
                var code = codes[f[1]];
                for (var k = 0; k < columns.Length; k++)
                {
                    var raw = f[Array.IndexOf(header, columns[k])];
                    Assert.Equal(raw == "NA" ? 0 : int.Parse(raw, CultureInfo.InvariantCulture), CouncilVotes.RawWeight(code, k));
                }
            }
        }

        [Fact]
        public void Given_votes_When_an_issue_is_weighed_Then_the_regime_at_introduction_applies_and_institutions_get_the_largest_weight()
        {
            var data = Dev();
            var issue = data.FindIssue("d00032i1")!;
            var (caps, basis) = DeuImporter.Capabilities(data, issue, DeuCapabilities.Votes);
            Assert.Equal("eu15", basis);
            Assert.Equal(10, caps["com"]);
            Assert.Equal(10, caps["ep"]);
            Assert.Equal(4, caps["at"]);
            var nice = data.Issues.First(i => i.Introduced >= new DateOnly(2005, 1, 1) && i.Introduced < new DateOnly(2006, 1, 1));
            var (niceCaps, niceBasis) = DeuImporter.Capabilities(data, nice, DeuCapabilities.Votes);
            Assert.Equal("nice", niceBasis);
            Assert.Equal(29, niceCaps["com"]);
        }

        [Fact]
        public void Given_a_state_coded_before_it_joined_When_weighed_Then_the_regime_after_its_accession_applies()
        {
            var issue = new DeuIssue
            {
                Proposal = "d03001", IssueId = "x", Procedure = "COD", VotingRule = "QMV", Introduced = new DateOnly(2003, 6, 1),
                Stances = [new("de", 0, 1), new("pl", 100, 1), new("com", 50, 1)],
            };
            var (regime, date) = DeuImporter.VoteRegime(issue);
            Assert.Equal("eu25_transitional", regime.Id);
            Assert.Equal(new DateOnly(2004, 5, 1), date);
        }
    }

    public sealed class Scenarios
    {
        [Fact]
        public void Given_an_issue_id_When_a_scenario_is_built_Then_it_holds_actors_status_quo_and_metadata()
        {
            var result = DeuImporter.LoadScenario(DevFile, "d00032i2", DeuCapabilities.Equal);
            Assert.True(result.Ok);
            var s = result.Value!;
            var issue = Assert.Single(s.Issues);
            Assert.Null(issue.StatusQuo);
            Assert.Equal("qmv", issue.DecisionRule);
            Assert.Equal("COD", s.Metadata["procedure"]);
            Assert.Equal("2000-01-26", s.Metadata["introduced"]);
            Assert.Equal("0", s.Metadata["outcome"]);
            Assert.All(s.Actors, a => Assert.Equal(1, a.Capability));
            Assert.Equal("European Commission", s.FindActor("com")!.Name);
            Assert.Equal(17, s.Actors.Length);
        }

        [Fact]
        public void Given_an_unknown_issue_id_When_a_scenario_is_asked_for_Then_an_error_names_it()
        {
            var result = DeuImporter.LoadScenario(DevFile, "nope");
            Assert.False(result.Ok);
            Assert.Contains(result.Errors, d => d.Message.Contains("'nope'"));
        }
    }
}
