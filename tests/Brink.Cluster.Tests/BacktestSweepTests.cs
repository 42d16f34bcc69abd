using Brink.Application;
using Brink.Backtest;
using Brink.Scenarios;

namespace Brink.Cluster.Tests;

/// <summary>
/// DEU back-tests as sweeps on two in-process silos: direct forecasts in chunks of issues, cross-validated models one chunk
/// per fold fit, the catalogue warnings in chunks of issues; the document is the bytes of <see cref="BacktestService.Run"/>.
/// </summary>
/// <summary>A theory that needs the DEU III development file (../shared/reference/deu/deu3_dev.tsv, as the core back-test tests); skipped, with the reason, without it.</summary>
public sealed class DevFileTheoryAttribute : TheoryAttribute
{
    public static string DevFile { get; } = Path.GetFullPath(RepoFiles.Path("..", "shared", "reference", "deu", "deu3_dev.tsv"));

    public DevFileTheoryAttribute()
    {
        if (!File.Exists(DevFile)) Skip = $"needs the DEU III development file {DevFile}";
    }
}

[Collection(ClusterCollection.Name)]
public sealed class BacktestSweepTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>
{
    private static string DevFile => DevFileTheoryAttribute.DevFile;

    /// <summary>A light protocol (two seeds, four folds, one penalty each) so that the test runs in seconds.</summary>
    private static readonly string Protocol = (BacktestProtocol.Default with
    {
        Folds = 4,
        CvSeeds = [1, 2],
        InfluencePenalties = [30],
        ChoicePenalties = [10],
        BootstrapReplicates = 200,
    }).ToJson();

    private static DeuBacktestRequest Request(string models, ScenarioSource? fit = null) => new()
    {
        Data = ScenarioSource.FromText(File.ReadAllText(DevFile), ScenarioFormat.Tsv, "deu3_dev.tsv"), Fit = fit,
        Models = [models], ProtocolText = Protocol, ProtocolName = "protocol.json",
    };

    private async Task<SweepRecord> SweepAsync(SweepSpec spec)
    {
        var id = SweepClient.NewId();
        var reply = await fixture.Cluster.Client.GetGrain<ISweepGrain>(id).Start(spec.ToJson());
        Assert.True(reply.Accepted, string.Join("; ", reply.Problems));
        return await TwoSiloCluster.WaitAsync(id);
    }

    private static string Single(DeuBacktestRequest request) => BrinkJson.Serialize(BacktestService.Run(request).Document!);

    [DevFileTheory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(0)] // the default
    [InlineData(100_000)] // one chunk per model and part
    public async Task Backtest_sweep_prints_the_bytes_of_the_single_process_run(int chunkSize)
    {
        // Direct models, a catalogue model with warnings, the exchange model (fitted on every case), cross-validated learners.
        var request = Request("compromise,median,status-quo,nash:quadratic,exchange,procedural,influence,choice");
        var spec = new SweepSpec { Kind = SweepKind.Backtest, Backtest = request, ChunkSize = chunkSize };
        var record = await SweepAsync(spec);
        Assert.True(record.Status == SweepStatus.Done, $"{record.Status}: {record.Error}");
        Assert.Equal(Single(request), record.Result);
        var job = SweepJob.Create(spec, out _, out _)!;
        Assert.Contains(job.Items, i => i.Part == ChunkPart.Backtest);
        if (chunkSize == 1) Assert.True(job.Items.Count > 2 * 210, $"{job.Items.Count} chunks"); // one issue per direct chunk
    }

    [DevFileTheory]
    [InlineData(50)]
    public async Task Backtest_sweep_with_a_fit_file_prints_the_bytes_of_the_single_process_run(int chunkSize)
    {
        // Fit on the proposals of even rank, evaluate on all: learned models are fitted in the merge, with the overlap warning.
        var lines = File.ReadAllLines(DevFile);
        var prnr = lines[0].Split('\t').Select(h => h.Trim('"')).ToList().IndexOf("prnr");
        var proposals = lines.Skip(2).Select(l => l.Split('\t')[prnr]).Distinct().Order(StringComparer.Ordinal).ToList();
        var fitSet = proposals.Where((_, k) => k % 2 == 0).ToHashSet();
        var fitText = string.Join('\n', [lines[0], lines[1], .. lines.Skip(2).Where(l => fitSet.Contains(l.Split('\t')[prnr]))]) + "\n";
        var request = Request("compromise,influence,eum:paper", ScenarioSource.FromText(fitText, ScenarioFormat.Tsv, "fit.tsv"));
        var record = await SweepAsync(new SweepSpec { Kind = SweepKind.Backtest, Backtest = request, ChunkSize = chunkSize });
        Assert.True(record.Status == SweepStatus.Done, $"{record.Status}: {record.Error}");
        var single = Single(request);
        Assert.Contains(BacktestService.FitOverlapWarning, single, StringComparison.Ordinal);
        Assert.Equal(single, record.Result);
    }

    [Fact]
    public async Task Bad_backtest_requests_are_refused_before_any_work()
    {
        var broken = new DeuBacktestRequest { Data = ScenarioSource.FromText("no\theader\n", ScenarioFormat.Tsv, "broken.tsv"), Models = ["nope"] };
        var id = SweepClient.NewId();
        var reply = await fixture.Cluster.Client.GetGrain<ISweepGrain>(id).Start(new SweepSpec { Kind = SweepKind.Backtest, Backtest = broken }.ToJson());
        Assert.False(reply.Accepted);
        Assert.Contains(reply.Problems, p => p.Contains("unknown model", StringComparison.Ordinal));
        Assert.Null(await TwoSiloCluster.Store.GetAsync(id));

        var badProtocol = new DeuBacktestRequest { Data = broken.Data, ProtocolText = "{\"folds\": 1}", ProtocolName = "p.json" };
        var refused = await fixture.Cluster.Client.GetGrain<ISweepGrain>(SweepClient.NewId()).Start(new SweepSpec { Kind = SweepKind.Backtest, Backtest = badProtocol }.ToJson());
        Assert.False(refused.Accepted);
        Assert.Contains(refused.Problems, p => p.StartsWith("p.json", StringComparison.Ordinal));

        var path = new DeuBacktestRequest { Data = ScenarioSource.FromFile("/nonexistent.tsv") };
        var byPath = await fixture.Cluster.Client.GetGrain<ISweepGrain>(SweepClient.NewId()).Start(new SweepSpec { Kind = SweepKind.Backtest, Backtest = path }.ToJson());
        Assert.False(byPath.Accepted);
    }
}
