using System.Text.Json;
using Brink.Ledger.Import;
using Brink.Store;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

public sealed class ForecastBenchImportTests : IDisposable
{
    private static readonly string Questions = TestPaths.Reference("forecasts", "forecastbench_2024-07-21_human_questions.json");
    private static readonly string Resolutions = TestPaths.Reference("forecasts", "forecastbench_2024-07-21_resolutions.json");
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private static string Key(JsonElement x) => x.GetProperty("source").GetString() + ":" + x.GetProperty("id").GetString();

    [Fact]
    public void Market_values_at_freeze_score_as_in_a_plain_computation()
    {
        var r = CliRunner.Run("ledger", "import", "forecastbench", Questions, Resolutions, "--db", _db.Path);
        Assert.True(r.ExitCode == 0, r.Error);

        // Plain: for each market question and each resolution entry of it that resolved strictly to 0 or 1,
        // (freeze value − outcome)², averaged per source.
        using var q = JsonDocument.Parse(File.ReadAllText(Questions));
        using var res = JsonDocument.Parse(File.ReadAllText(Resolutions));
        string[] markets = ["manifold", "metaculus", "polymarket", "infer"];
        var freeze = q.RootElement.GetProperty("questions").EnumerateArray()
            .Where(x => markets.Contains(x.GetProperty("source").GetString()))
            .ToDictionary(x => x.GetProperty("source").GetString() + ":" + x.GetProperty("id").GetString(), x => (source: x.GetProperty("source").GetString()!, p: double.Parse(x.GetProperty("freeze_datetime_value").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        var plain = res.RootElement.GetProperty("resolutions").EnumerateArray()
            .Where(x => x.GetProperty("id").ValueKind == JsonValueKind.String && freeze.ContainsKey(Key(x))
                        && x.GetProperty("resolved").GetBoolean() && x.GetProperty("resolved_to").GetDouble() is 0 or 1)
            .Select(x => (f: freeze[Key(x)], o: x.GetProperty("resolved_to").GetDouble()))
            .GroupBy(x => $"forecastbench:{x.f.source}-market")
            .ToDictionary(g => g.Key, g => (n: g.Count(), brier: g.Average(x => (x.f.p - x.o) * (x.f.p - x.o))));

        var score = JsonDocument.Parse(CliRunner.Run("ledger", "score", "--db", _db.Path, "--format", "json").Out).RootElement.GetProperty("forecasters").EnumerateArray().ToList();
        Assert.Equal(plain.Keys.Order(), score.Select(s => s.GetProperty("forecaster").GetString()!).Order());
        foreach (var s in score)
        {
            var expected = plain[s.GetProperty("forecaster").GetString()!];
            Assert.Equal(expected.n, s.GetProperty("questions").GetInt32());
            Assert.Equal(expected.brier, s.GetProperty("brier").GetDouble(), 10);
        }
    }

    [Fact]
    public void List_ids_become_combination_questions_and_unresolved_fractions_stay_open()
    {
        var batch = ForecastBenchImporter.Read(Questions, Resolutions);
        Assert.False(batch.HasErrors);
        var combos = batch.Questions.Where(x => x.Id.Contains('&')).ToList();
        Assert.NotEmpty(combos);
        Assert.All(combos, c => Assert.Contains("Resolves yes when every part resolves", c.Criteria));
        Assert.Contains(combos, c => c.Id.Contains("&!"));
        // Market questions whose resolved_to is a fraction are not resolved yet: no 0/1 outcome, so no resolution.
        using var res = JsonDocument.Parse(File.ReadAllText(Resolutions));
        var fractional = res.RootElement.GetProperty("resolutions").EnumerateArray()
            .Where(x => x.GetProperty("id").ValueKind == JsonValueKind.String && x.GetProperty("resolved_to").GetDouble() is > 0 and < 1)
            .Select(x => $"forecastbench:{Key(x)}@{x.GetProperty("resolution_date").GetString()}")
            .Where(id => batch.Questions.Any(q => q.Id == id)).ToList();
        Assert.NotEmpty(fractional);
        Assert.All(fractional, id => Assert.DoesNotContain(batch.Resolutions, r => r.QuestionId == id && r.Value is not null));
        using var store = LedgerStore.Open(_db.Path);
        Assert.True(store.Import(batch, skipBad: false).Committed);
        Assert.Equal("ok", store.IntegrityCheck());
    }
}
