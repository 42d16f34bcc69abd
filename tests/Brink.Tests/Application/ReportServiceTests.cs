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
}
