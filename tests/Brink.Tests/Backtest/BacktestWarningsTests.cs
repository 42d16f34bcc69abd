using System.Text.Json;
using Brink.Backtest;
using Brink.Models;
using Brink.Models.Nash;
using Brink.Tests.Cli;

namespace Brink.Tests.Backtest;

/// <summary>The back-test counts the catalogue models' warnings over its issues and reports them in table and JSON.</summary>
public sealed class BacktestWarningsTests
{
    private static BacktestCase Case(string id, double? statusQuo) => new("p1", id,
        SpatialIssue.Create(["a", "b"], [1, 1], [0, 100], [1, 1], statusQuo: statusQuo, issueId: id) with { ScaleMin = 0, ScaleMax = 100 },
        "COD", "QMV", 50);

    [Fact]
    public void Nash_fallbacks_are_counted_over_the_issues_with_examples()
    {
        // Status quo 40 between the actors: no feasible agreement; 0 (at one actor's end) and none: feasible.
        BacktestCase[] cases = [Case("i1", 40), Case("i2", null), Case("i3", 60), Case("i4", -10)];
        var nash = BacktestModels.All.Single(m => m.Name == "nash:quadratic");
        var w = Assert.Single(BacktestWarnings.Of([nash, BaselineForecasts.CompromiseModel], cases));
        Assert.Equal(NashBargaining.NoFeasibleAgreementCode, w.Code);
        Assert.StartsWith("nash:quadratic: nash-no-feasible-agreement on 2 of 4 issues (e.g. i1, i3)", w.Message);
    }

    [Fact]
    public void The_dev_file_table_and_json_report_nash_falling_back_on_130_of_210_issues()
    {
        var json = CliRunner.Run("backtest", "deu", DeuImporterTests.DevFile, "--models", "compromise,nash:quadratic", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        using var doc = JsonDocument.Parse(json.Out);
        var w = Assert.Single(doc.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("nash-no-feasible-agreement", w.GetProperty("code").GetString());
        Assert.StartsWith("nash:quadratic: nash-no-feasible-agreement on 130 of 210 issues", w.GetProperty("message").GetString());
        var table = ResultWarningCliTests.Flat(CliRunner.Run("backtest", "deu", DeuImporterTests.DevFile, "--models", "compromise,nash:quadratic").Out);
        Assert.Contains("warning nash-no-feasible-agreement: nash:quadratic: nash-no-feasible-agreement on 130 of 210 issues", table);
    }
}
