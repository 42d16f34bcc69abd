using System.Text.RegularExpressions;
using Brink.Application;
using Brink.Application.Report;
using Brink.Scenarios;
using Brink.Tests.Cli;

namespace Brink.Tests.Application;

public sealed partial class ReportServiceTests
{
    private static string Nato => TestPaths.InRepo("scenarios", "nato-2022.yaml");

    private static ReportOutcome Make(RunRequest run) =>
        ReportService.Make(new ReportRequest { Run = run, BrinkVersion = "9.9.9-test", At = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero) });

    [GeneratedRegex(@"\b(src|href|action|poster|data)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [Fact]
    public void The_report_loads_nothing_and_shows_actors_inputs_sources_warnings_version_date_and_command()
    {
        var outcome = Make(new RunRequest { Scenario = ScenarioSource.FromFile(Nato) });
        Assert.True(outcome.Ok);
        var html = outcome.Html!;
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        var scenario = ScenarioLoader.Load(Nato).Value!;
        foreach (var actor in scenario.Actors) Assert.Contains(System.Net.WebUtility.HtmlEncode(actor.DisplayName), html);
        foreach (var source in scenario.Sources)
        {
            Assert.Contains($"id=\"source-{source.Id}\"", html);
            if (source.Url is { } url) Assert.Contains(System.Net.WebUtility.HtmlEncode(url), html); // printed as text
        }
        Assert.Contains(System.Net.WebUtility.HtmlEncode("“That is not on the table.”"), html);
        // Every warning of the run is in the report, where it applies and in the warnings section.
        var warnings = outcome.Run!.Document!.Issues.SelectMany(i => i.Models.SelectMany(m => m.Warnings)).ToList();
        Assert.NotEmpty(warnings);
        foreach (var w in warnings) Assert.Contains(System.Net.WebUtility.HtmlEncode(w.Message), html);
        Assert.Contains("Brink 9.9.9-test", html);
        Assert.Contains("2026-12-02 08:00 UTC", html);
        Assert.Contains($"brink report {Nato} -o nato-2022.html", html);
        // One forecast chart per issue and one trajectory chart per issue with an EUM, as inline SVG.
        Assert.Equal(2, Regex.Count(html, "data-chart=\"forecasts\"><svg"));
        Assert.Equal(2, Regex.Count(html, "data-chart=\"trajectories\"><svg"));
        // The range and the quote of one number: Russia's salience on membership.
        Assert.Contains("0.95</span> <span class=\"muted\">(range 0.85–1)</span>", html);
    }

    [Fact]
    public void The_command_in_the_report_names_the_options_that_differ_from_the_defaults()
    {
        var run = new RunRequest { Scenario = ScenarioSource.FromFile("x/my scenario.yaml"), Model = "eum", Variant = "paper", Rounds = 4, Issue = "a" };
        Assert.Equal("brink report 'x/my scenario.yaml' --model eum --variant paper --rounds 4 --issue a -o 'my scenario.html'", ReportService.Command(run));
    }

    [Fact]
    public void Every_eum_variant_of_the_run_gets_its_trajectory_chart()
    {
        var outcome = Make(new RunRequest { Scenario = ScenarioSource.FromFile(TestPaths.InRepo("scenarios", "emission.yaml")), Model = "eum", Variant = "all", Rounds = 4 });
        Assert.True(outcome.Ok);
        Assert.Equal(Brink.Models.ModelCatalog.Variants("eum").Count, Regex.Count(outcome.Html!, "data-chart=\"trajectories\"><svg"));
    }

    [Fact]
    public void Bad_input_gives_located_diagnostics_and_no_report()
    {
        var outcome = Make(new RunRequest { Scenario = ScenarioSource.FromText("title: x\nissues: []\nactors: 3\n", ScenarioFormat.Yaml, "bad.yaml") });
        Assert.False(outcome.Ok);
        Assert.Null(outcome.Html);
        Assert.Contains(outcome.Diagnostics, d => d.File == "bad.yaml" && d.Line > 0);
    }

    [Fact]
    public void Brink_report_writes_the_html_and_says_so()
    {
        var path = Path.Combine(Path.GetTempPath(), $"brink-report-{Guid.NewGuid():n}.html");
        try
        {
            var result = CliRunner.Run("report", Nato, "--model", "eum", "--issue", "nato_membership", "-o", path);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"Wrote {path}", result.Error);
            var html = File.ReadAllText(path);
            Assert.Contains("id=\"issue-nato_membership\"", html);
            Assert.DoesNotContain("id=\"issue-force_posture\"", html);
            Assert.DoesNotMatch(ExternalReference(), html);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Brink_report_refuses_an_unknown_extension_and_a_pdf_on_standard_output()
    {
        var odd = CliRunner.Run("report", Nato, "-o", Path.Combine(Path.GetTempPath(), "x.docx"));
        Assert.Equal(2, odd.ExitCode);
        Assert.Contains("ending in .html or .pdf", odd.Error);
        var pdf = CliRunner.Run("report", Nato, "--format", "pdf");
        Assert.Equal(2, pdf.ExitCode);
        Assert.Contains("a PDF needs --out FILE.pdf", pdf.Error);
    }

    [Fact]
    public void Influence_with_the_eum_draws_positions_by_round_with_each_follower_under_its_leader()
    {
        var linked = TestPaths.InRepo("scenarios", "nato-2022-linked.yaml");
        var outcome = Make(new RunRequest { Scenario = ScenarioSource.FromFile(linked), Model = "influence", Variant = "eum-scholz-code", Issue = "nato_membership" });
        Assert.True(outcome.Ok);
        var figure = Regex.Match(outcome.Html!, "<figure class=\"chart\" data-chart=\"followers\">(.*?)</figure>", RegexOptions.Singleline);
        Assert.True(figure.Success, "no followers chart in the report");
        // The legend lists each leader, then its followers (↳); Belarus follows Russia, the Western actors the United States.
        var legend = Regex.Matches(figure.Groups[1].Value, @">(↳ )?([^<>]+)</text>").Select(m => m.Groups[1].Value + m.Groups[2].Value.Trim())
            .Where(t => t.StartsWith("↳ ", StringComparison.Ordinal) || t is "United States" or "Russia").ToList();
        var us = legend.IndexOf("United States");
        var russia = legend.IndexOf("Russia");
        Assert.True(us >= 0 && russia > us, string.Join(" | ", legend));
        Assert.Equal("↳ Belarus", legend[russia + 1]);
        Assert.All(legend[(us + 1)..russia], t => Assert.StartsWith("↳ ", t));
        Assert.Contains("↳ Germany", legend[(us + 1)..russia]);
    }

    [Fact]
    public void Without_influence_there_is_no_followers_chart() =>
        Assert.DoesNotContain("data-chart=\"followers\"", Make(new RunRequest { Scenario = ScenarioSource.FromFile(Nato) }).Html!);

    private static string Package => TestPaths.InRepo("scenarios", "nato-2022-package.yaml");

    private static string Ktab3Dim => TestPaths.Reference("ktab", "inputs", "dummyData_3Dim.csv");

    private static SmpDocument SmpRun(string file) =>
        SmpRunService.Run(new SmpRunRequest { Scenario = ScenarioSource.FromFile(file) }).Document!;

    private static ReportOutcome MakeSmp(string file, Brink.Models.Smp.SmpOptions? options = null) =>
        ReportService.Make(new ReportRequest
        {
            Run = new RunRequest { Scenario = ScenarioSource.FromFile(file), Model = "smp" }, Smp = options ?? new(),
            BrinkVersion = "9.9.9-test", At = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero),
        });

    /// <summary>Each figure's inner SVG of the given kind, in order.</summary>
    private static List<string> Figures(string html, string chart) =>
        [.. Regex.Matches(html, $"<figure class=\"chart\" data-chart=\"{chart}\"[^>]*>(.*?)</figure>", RegexOptions.Singleline).Select(m => m.Groups[1].Value)];

    [Theory]
    [InlineData("nato-2022-package")]
    [InlineData("ktab-3dim")]
    public void The_smp_trajectory_chart_has_one_well_formed_panel_per_dimension_with_every_actor(string which)
    {
        var issue = SmpRun(which == "ktab-3dim" ? Ktab3Dim : Package).Issues[0];
        var panels = ReportCharts.SmpTrajectories(issue, issue.Models[0]);
        Assert.Equal(issue.Dimensions.Count, panels.Count);
        for (var k = 0; k < panels.Count; k++)
        {
            var svg = System.Xml.Linq.XDocument.Parse(panels[k]); // well-formed XML
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
            foreach (var actor in issue.Actors) Assert.Contains(actor.Name, texts);
            // The panel names its dimension (the label's first words: a long label is wrapped onto lines).
            var name = ReportCharts.DimensionName(issue.Dimensions[k]);
            Assert.Contains(texts, t => name.StartsWith(t, StringComparison.Ordinal) && t.Length > 0);
            Assert.Contains($"position on {issue.Dimensions[k].Id}", texts);
        }
    }

    [Fact]
    public void The_smp_path_chart_is_drawn_for_two_dimensions_only_with_every_actor_and_the_forecast()
    {
        var two = SmpRun(Package).Issues[0];
        Assert.Equal(2, two.Dimensions.Count);
        var path = ReportCharts.SmpPath(two, two.Models[0]);
        Assert.NotNull(path);
        var texts = System.Xml.Linq.XDocument.Parse(path).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
        foreach (var actor in two.Actors) Assert.Contains(actor.Name, texts);
        Assert.Contains("forecast (mean)", texts);
        Assert.Contains("start (turn 0)", texts);
        Assert.Contains($"end (turn {two.Models[0].Turns[^1].Turn})", texts);
        Assert.DoesNotContain("NaN", path, StringComparison.Ordinal);

        var three = SmpRun(Ktab3Dim).Issues[0];
        Assert.Equal(3, three.Dimensions.Count);
        Assert.Null(ReportCharts.SmpPath(three, three.Models[0]));
    }

    [Fact]
    public void The_smp_report_shows_dimensions_forecasts_stopping_turn_panels_the_path_and_sourced_inputs()
    {
        var outcome = MakeSmp(Package);
        Assert.True(outcome.Ok, string.Join("; ", outcome.Diagnostics));
        var html = outcome.Html!;
        var doc = outcome.Smp!.Document!;
        var issue = doc.Issues.Single();
        var model = issue.Models.Single();
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"id=\"issue-{issue.Issue}\" data-model=\"smp\"", html);
        foreach (var d in issue.Dimensions) Assert.Contains($"<tr data-dimension=\"{d.Id}\"><td>{d.Id}</td><td>{System.Net.WebUtility.HtmlEncode(d.Label!)}</td>", html);
        foreach (var f in model.Forecast)
            Assert.Contains($"<tr data-dimension=\"{f.Dimension}\"><td>{f.Dimension}</td><td class=\"num\">{f.Mean.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}</td>" +
                $"<td class=\"num\">{f.Median.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}</td></tr>", html);
        Assert.True(model.Converged);
        Assert.Contains($"data-converged=\"true\">Converged: stopped after turn {model.StoppingTurn} (", html);
        Assert.Equal(issue.Dimensions.Select(d => d.Id), Regex.Matches(html, "data-chart=\"smp-trajectory\" data-dimension=\"([^\"]+)\"><svg").Select(m => m.Groups[1].Value));
        var path = Assert.Single(Figures(html, "smp-path"));
        foreach (var actor in issue.Actors) Assert.Contains(System.Net.WebUtility.HtmlEncode(actor.Name), path);
        // No bargaining-model chart in an SMP report.
        Assert.DoesNotContain("data-chart=\"forecasts\"", html);
        // The inputs with their sources: Russia's position on membership is quoted from its draft treaty.
        Assert.Contains("source <b>ru-draft-treaty</b>", html);
        Assert.Contains($"brink report {Package} --model smp -o nato-2022-package.html", html);
        Assert.Contains($"brink run {Package} --model smp --format json", html);
    }

    [Fact]
    public void An_smp_report_cut_at_its_maximum_turns_says_it_did_not_converge_and_names_the_option()
    {
        var outcome = MakeSmp(Package, new Brink.Models.Smp.SmpOptions { MaxTurns = 2 });
        Assert.True(outcome.Ok);
        var html = outcome.Html!;
        Assert.False(outcome.Smp!.Document!.Issues[0].Models[0].Converged);
        Assert.Contains("data-converged=\"false\"><b>Did not converge</b>: cut at turn 2 of at most 2", html);
        Assert.Contains("data-code=\"smp-no-convergence\"", html);
        Assert.Equal(1, outcome.WarningCount);
        Assert.Contains("--model smp --max-turns 2 -o", html);
    }

    [Fact]
    public void The_report_command_names_the_smp_options_that_differ_from_ktabs_defaults()
    {
        var run = new RunRequest { Scenario = ScenarioSource.FromFile("a.yaml"), Model = "smp", Variant = "ktab" };
        var options = new Brink.Models.Smp.SmpOptions
        {
            PceModel = Brink.Models.Smp.SmpPceModel.MarkovUniform, BigRRange = Brink.Models.Smp.SmpBigRRange.Max, Seed = 7, MaxTurns = 30,
        };
        Assert.Equal("brink report a.yaml --model smp --variant ktab --pce-model MarkovUniform --big-r-range Max --seed 7 --max-turns 30 -o a.html",
            ReportService.Command(run, options));
    }

    [Fact]
    public void An_smp_report_refuses_the_eum_options_it_would_ignore()
    {
        var outcome = ReportService.Make(new ReportRequest { Run = new RunRequest { Scenario = ScenarioSource.FromFile(Package), Model = "smp", Rounds = 3 } });
        Assert.False(outcome.Ok);
        Assert.Null(outcome.Html);
        Assert.Contains(outcome.Diagnostics, d => d.FieldPath == "rounds" && d.Message.Contains("stops by its own rule", StringComparison.Ordinal));
    }

    /// <summary>Runs <c>brink report ARGS -o TEMP.html</c>; the result and the HTML written.</summary>
    private static (CliRunner.Result Result, string Html) ReportToFile(params string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"brink-report-{Guid.NewGuid():n}.html");
        try
        {
            var result = CliRunner.Run(["report", .. args, "-o", path]);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"Wrote {path}", result.Error);
            return (result, File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Brink_report_model_smp_writes_the_panels_and_the_path_for_two_dimensions()
    {
        var (_, html) = ReportToFile(Package, "--model", "smp");
        Assert.Equal(2, Figures(html, "smp-trajectory").Count);
        Assert.Single(Figures(html, "smp-path"));
    }

    [Fact]
    public void Brink_report_model_smp_on_three_dimensions_writes_three_panels_and_no_path()
    {
        var (_, html) = ReportToFile(Ktab3Dim, "--model", "smp");
        Assert.Equal(["pstn1", "pstn2", "pstn3"], Regex.Matches(html, "data-chart=\"smp-trajectory\" data-dimension=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Empty(Figures(html, "smp-path"));
        Assert.DoesNotContain("data-chart=\"smp-path\"", html);
    }

    [Fact]
    public void Brink_report_model_smp_refuses_rounds_and_the_smp_options_without_it()
    {
        var rounds = CliRunner.Run("report", Package, "--model", "smp", "--rounds", "3");
        Assert.Equal(2, rounds.ExitCode);
        Assert.Contains("--rounds applies to the EUM; --model smp stops by its own rule", rounds.Error);
        var maxTurns = CliRunner.Run("report", Package, "--max-turns", "3");
        Assert.Equal(2, maxTurns.ExitCode);
        Assert.Contains("--max-turns applies to --model smp", maxTurns.Error);
    }
}
