using System.Collections.Immutable;
using System.Text.Json;
using Brink.Application;
using Brink.Ledger;
using Brink.Ledger.Scoring;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Scenarios;
using Brink.Tests.Cli;

namespace Brink.Tests.Application;

/// <summary>
/// The JSON documents are typed records with the one serializer configuration (issue 11): their field names and order are a
/// contract that scripts read, so each document's top-level fields are pinned here (never rename: extend only).
/// </summary>
public sealed class DocumentFieldTests
{
    private static readonly DateTimeOffset When = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private static string[] Fields(object document)
    {
        using var doc = JsonDocument.Parse(BrinkJson.Serialize(document));
        var root = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
        return [.. root.EnumerateObject().Select(p => p.Name)];
    }

    private static string[] Fields(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static Question Q() => new() { Id = "q1", Title = "Will X?", Kind = QuestionKind.Binary, Criteria = "X", OpenTime = When, CloseTime = When.AddDays(30) };

    private static Resolution R() => new() { QuestionId = "q1", State = QuestionState.Resolved, Revision = 1, Value = 1, ResolvedAt = When };

    private static Brink.Ledger.Forecast F() => new() { QuestionId = "q1", Forecaster = "alice", MadeAt = When, Probabilities = [0.7] };

    [Fact]
    public void A_question_just_added_has_added() => Assert.Equal(["added"], Fields(new QuestionAddedDocument("q1")));

    [Fact]
    public void A_question_in_detail_has_question_resolutions_forecasts() =>
        Assert.Equal(["question", "resolutions", "forecasts"], Fields(new QuestionDetailDocument(Q(), [R()], 2)));

    [Fact]
    public void A_forecast_recorded_through_the_api_says_who_recorded_it() =>
        Assert.Equal(["id", "question", "forecaster", "made_at", "recorded_by"], Fields(new ForecastRecordedDocument(1, "q1", "alice", When, "bob")));

    [Fact]
    public void A_forecast_added_on_the_command_line_says_whether_it_is_scored() =>
        Assert.Equal(["id", "question", "forecaster", "made_at", "scored", "warning"], Fields(new ForecastAddedDocument(1, "q1", "alice", When, true, null)));

    [Fact]
    public void A_resolution_recorded_through_the_api_has_its_value() =>
        Assert.Equal(["question", "revision", "state", "value", "recorded_by"], Fields(new ResolutionRecordedDocument("q1", 1, QuestionState.Resolved, 1, null)));

    [Fact]
    public void A_resolution_on_the_command_line_has_its_outcome_in_words() =>
        Assert.Equal(["question", "revision", "state", "outcome"], Fields(new ResolvedDocument("q1", 1, QuestionState.Resolved, "yes")));

    [Fact]
    public void An_annulment_has_question_revision_state() =>
        Assert.Equal(["question", "revision", "state"], Fields(new AnnulledDocument("q1", 1, QuestionState.Annulled)));

    [Fact]
    public void The_signed_in_account_has_authentication_name_role_team() =>
        Assert.Equal(["authentication", "name", "role", "team"], Fields(new SignedInDocument(false, null, null, null)));

    [Fact]
    public void An_import_lists_its_counts_and_problems()
    {
        var outcome = new ImportOutcome(true, 1, 2, 0, 3, 0, 1, 2, 0, []);
        Assert.Equal(["committed", "source", "questions_added", "questions_existing", "forecasts_added", "forecasts_existing", "resolutions_added",
            "forecasters_added", "skipped_rows", "duplicates_skipped", "problems"], Fields(ImportDocument.From(outcome, "csv")));
    }

    [Fact]
    public void Scores_have_the_selection_baseline_and_brier_convention()
    {
        var report = new ScoreReport(new ScoreOptions(), [], [], null);
        Assert.Equal(["selection", "baseline", "base_rate", "brier_convention", "forecasters", "questions"], Fields(ScoreDocument.From(report, byQuestion: false)));
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(BrinkJson.Serialize(ScoreDocument.From(report, byQuestion: false))).RootElement.GetProperty("questions").ValueKind);
    }

    [Fact]
    public void A_leaderboard_has_metric_and_entries() =>
        Assert.Equal(["metric", "entries"], Fields(new LeaderboardDocument(LeaderboardMetric.Brier, [new LeaderboardEntry(1, "alice", 1, 0.09, null)])));

    [Fact]
    public void A_listed_question_has_its_times_outcome_and_source() =>
        Assert.Equal(["id", "title", "kind", "state", "open_time", "close_time", "outcome", "source"],
            Fields(new QuestionListDocument("q1", "Will X?", QuestionKind.Binary, QuestionState.Open, When, When, null, "user")));

    [Fact]
    public void A_shown_question_has_its_resolution_history_forecasts_and_standings()
    {
        var doc = new QuestionShowDocument(Q(), [new QuestionShowDocument.ResolutionDoc(1, QuestionState.Resolved, "yes", 1, When, "it did", null, null, When)], [F()],
            [ForecastStanding.Counts]);
        Assert.Equal(["question", "resolutions", "forecasts", "standings"], Fields(doc));
        using var json = JsonDocument.Parse(BrinkJson.Serialize(doc));
        Assert.Equal(["revision", "state", "outcome", "value", "resolved_at", "evidence", "evidence_url", "reason", "recorded_at"],
            Fields(json.RootElement.GetProperty("resolutions")[0]));
    }

    [Fact]
    public void A_threat_record_has_its_posterior_prior_and_questions()
    {
        var record = new ActorThreatRecord("usa", [new ThreatOutcome("q1", When, true)], new Brink.Crisis.FollowThroughRecord(2, 1));
        var doc = ThreatRecordDocument.From(record, 1, 1, 0.9);
        Assert.Equal(["actor", "record", "mean", "alpha", "beta", "observations", "prior_alpha", "prior_beta", "forgetting", "questions"], Fields(doc));
        using var json = JsonDocument.Parse(BrinkJson.Serialize(doc));
        var q = json.RootElement.GetProperty("questions")[0];
        Assert.Equal(["question", "resolved_at", "outcome"], Fields(q));
        Assert.Equal("followed_through", q.GetProperty("outcome").GetString());
    }

    [Fact]
    public void A_model_has_its_variants_options_and_citation() =>
        Assert.Equal(["name", "kind", "variants", "default_variant", "options", "description", "citation"], Fields(ModelRegistry.Documents()));

    [Fact]
    public void The_smp_trace_lines_are_one_line_each_with_their_fields()
    {
        var header = BrinkJson.SerializeLine(new SmpTraceHeader("security", ["a", "b"], ["x"]));
        var turn = BrinkJson.SerializeLine(new SmpTraceTurn(0, [1, 2], [1], [new double[] { 0, 1, 0.5, 1, 0.5, 1 }], [0]));
        Assert.DoesNotContain('\n', header + turn);
        Assert.Equal(["issue", "actors", "dimensions"], Fields(JsonDocument.Parse(header).RootElement));
        Assert.Equal(["turn", "positions", "risk", "challenges", "chosen"], Fields(JsonDocument.Parse(turn).RootElement));
    }

    [Fact]
    public void The_perspectives_document_has_per_issue_truth_perspectives_collisions_and_unused_beliefs()
    {
        var outcome = PerspectivesService.Run(new PerspectivesRequest { Scenario = ScenarioSource.FromFile(TestPaths.InRepo("scenarios", "ceasefire-2025.yaml")) });
        Assert.True(outcome.Ok, string.Join("; ", outcome.Diagnostics));
        using var json = JsonDocument.Parse(BrinkJson.Serialize(outcome.Document!));
        var root = json.RootElement;
        Assert.Equal(["scenario", "model", "variant", "issues"], Fields(root));
        var issue = root.GetProperty("issues").EnumerateArray().Single(i => i.GetProperty("issue").GetString() == "guarantees");
        Assert.Equal(["issue", "truth", "perspectives", "collisions", "unused_beliefs"], Fields(issue));
        Assert.Equal(["mean", "median"], Fields(issue.GetProperty("truth")));
        var usa = issue.GetProperty("perspectives").EnumerateArray().Single(p => p.GetProperty("holder").GetString() == "usa");
        Assert.Equal(["holder", "mean", "median", "gap_mean", "gap_median", "beliefs"], Fields(usa));
        Assert.Equal(["about", "parameter", "value", "note"], Fields(usa.GetProperty("beliefs")[0]));
        Assert.Equal(["a", "b", "eu_a", "eu_a_of_b", "eu_b", "eu_b_of_a"], Fields(issue.GetProperty("collisions")[0]));
        var unused = root.GetProperty("issues").EnumerateArray().SelectMany(i => i.GetProperty("unused_beliefs").EnumerateArray()).First();
        Assert.Equal(["holder", "about", "parameter", "issue"], Fields(unused));
    }
}

/// <summary><c>brink run --perspectives</c> through <see cref="PerspectivesService"/>: the CLI maps options onto the request and prints its document.</summary>
public sealed class PerspectivesServiceTests
{
    private static ScenarioSource Bundled(string name) => ScenarioSource.FromFile(TestPaths.InRepo("scenarios", name));

    [Theory]
    [InlineData("ceasefire-2025.yaml")]
    [InlineData("nato-2022.yaml")]
    public void The_cli_prints_exactly_the_service_document(string file)
    {
        var cli = CliRunner.Run("run", TestPaths.InRepo("scenarios", file), "--perspectives", "--format", "json");
        Assert.True(cli.ExitCode == 0, cli.Error);
        var outcome = PerspectivesService.Run(new PerspectivesRequest { Scenario = Bundled(file) });
        Assert.Equal(BrinkJson.Serialize(outcome.Document!) + Environment.NewLine, cli.Out);
    }

    [Fact]
    public void The_document_is_each_issues_core_perceptual_analysis()
    {
        var outcome = PerspectivesService.Run(new PerspectivesRequest { Scenario = Bundled("ceasefire-2025.yaml"), Rounds = 4 });
        var scenario = ScenarioLoader.Load(TestPaths.InRepo("scenarios", "ceasefire-2025.yaml")).Value!;
        Assert.Equal(scenario.Issues.Select(i => i.Id).ToArray(), outcome.Document!.Issues.Select(i => i.Issue).ToArray());
        foreach (var issue in outcome.Document.Issues)
        {
            var core = Brink.Models.Perspectives.EumPerspectives.Run(scenario, issue.Issue, EumVariant.Paper, new ModelOptions { Rounds = 4 });
            Assert.Equal(core.Truth.Forecast.Mean, issue.Truth.Mean);
            Assert.Equal(core.Perspectives.Select(p => (p.Holder, p.Gap.Mean)).ToArray(), issue.Perspectives.Select(p => (p.Holder, p.GapMean)).ToArray());
            Assert.Equal(core.Collisions.Select(c => (c.A, c.B)).ToArray(), issue.Collisions.Select(c => (c.A, c.B)).ToArray());
        }
    }

    [Fact]
    public void An_unknown_variant_is_a_located_request_error_naming_the_valid_ones()
    {
        var outcome = PerspectivesService.Run(new PerspectivesRequest { Scenario = Bundled("ceasefire-2025.yaml"), Variant = "nope" });
        var d = Assert.Single(outcome.Diagnostics);
        Assert.Equal("variant", d.FieldPath);
        Assert.Contains("paper", d.Message);
        Assert.Null(outcome.Document);
        var cli = CliRunner.Run("run", TestPaths.InRepo("scenarios", "ceasefire-2025.yaml"), "--perspectives", "--variant", "nope");
        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("unknown EUM variant 'nope'", cli.Error);
    }

    [Fact]
    public void An_unknown_issue_is_a_request_error_at_issue()
    {
        var outcome = PerspectivesService.Run(new PerspectivesRequest { Scenario = Bundled("ceasefire-2025.yaml"), Issue = "nope" });
        Assert.False(outcome.Ok);
        Assert.Contains(outcome.Diagnostics, d => d.FieldPath == "issue" || d.Message.Contains("nope", StringComparison.Ordinal));
    }
}
