using System.Text.Json;
using Brink.Files;
using Brink.Scenarios;

namespace Brink.Backtest;

/// <summary>
/// Fitted parameter files: the ones shipped with Brink (fitted on the DEU III development file only,
/// embedded from <c>src/Brink/Backtest/Fitted/*.json</c>) and any written by
/// <c>brink backtest deu … --out DIR</c>. Also the entry point for <c>brink run</c> on a DEU issue.
/// </summary>
public static class FittedModels
{
    /// <summary>Names of the shipped parameter files.</summary>
    public static IReadOnlyList<string> StoredNames { get; } = ["influence", "choice", "procedural"];

    /// <summary>The best model found on the dev file (docs/backtest.md): the mean of the influence and choice forecasts.</summary>
    public const string Best = "influence+choice";

    /// <summary>A shipped parameter file.</summary>
    /// <exception cref="ArgumentException">No shipped file has that name.</exception>
    public static FittedModel Stored(string name)
    {
        var resource = $"Brink.Backtest.Fitted.{name}.json";
        using var stream = typeof(FittedModels).Assembly.GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"No fitted parameters named '{name}'. Shipped: {string.Join(", ", StoredNames)}.", nameof(name));
        return JsonSerializer.Deserialize<FittedModel>(stream, BacktestProtocol.Json)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is empty.");
    }

    /// <summary>
    /// A forecaster from shipped parameters; <c>a+b</c> is the mean of the forecasts of <c>a</c> and <c>b</c>
    /// (e.g. <see cref="Best"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static IForecaster StoredForecaster(string name)
    {
        var parts = name.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => Stored(n).ToForecaster(out var problem) ?? throw new ArgumentException(problem, nameof(name))).ToList();
        if (parts.Count == 1) return parts[0];
        return new BacktestModel(name, "", c =>
        {
            var v = parts.Select(p => p.Forecast(c)).Where(x => x is not null).Select(x => x!.Value).ToList();
            return v.Count == 0 ? null : v.Average();
        });
    }

    /// <summary>Reads a parameter file; problems are reported, never thrown.</summary>
    public static LoadResult<FittedModel> Load(string path)
    {
        if (!InputFile.TryReadText(path, InputLimits.MaxInputBytes, out var text, out var error)) return new(null, [error!]);
        try
        {
            var model = JsonSerializer.Deserialize<FittedModel>(text, BacktestProtocol.Json);
            if (model is null) return new(null, [new Diagnostic(path, 1, 1, "", "empty file")]);
            if (model.ToForecaster(out var problem) is null) return new(null, [new Diagnostic(path, 0, 0, "model", problem ?? "unusable")]);
            return new(model, []);
        }
        catch (JsonException e)
        {
            return new(null, [new Diagnostic(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e.Path ?? "", e.Message)]);
        }
    }

    /// <summary>What the shipped files say they were fitted on.</summary>
    public const string ShippedFitDescription = "deu3_dev.tsv (DEU III development file, all 210 issues with an outcome)";

    /// <summary>
    /// Refits the shipped models on the DEU III development cases (votes capabilities) with the protocol
    /// and returns each file's text, exactly as shipped in <c>src/Brink/Backtest/Fitted/NAME.json</c>
    /// (<c>brink backtest refit DEVFILE --out src/Brink/Backtest/Fitted</c> writes them).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Refit(IReadOnlyList<BacktestCase> devCases, BacktestProtocol protocol, string capabilities = "votes")
    {
        ArgumentNullException.ThrowIfNull(devCases);
        IBacktestModel[] models = [new ProceduralModel(), new InfluenceModel(), new PositionChoiceModel()];
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            var fitted = (IFittedForecaster)model.Fit(devCases, protocol);
            files[model.Name] = fitted.Export(capabilities, ShippedFitDescription, devCases.Count).ToJson() + "\n";
        }
        return files;
    }

    /// <summary>A frozen model from shipped parameters as a back-test model (it learns nothing more).</summary>
    public static IBacktestModel AsModel(string name, string stored)
    {
        var forecaster = new Lazy<IForecaster>(() => StoredForecaster(stored));
        return new BacktestModel(name, $"{stored} with parameters fitted on the DEU III dev file only (frozen; in-sample on that file)", c => forecaster.Value.Forecast(c));
    }

    /// <summary>
    /// Forecast of a shipped model (<see cref="Best"/>, <c>influence</c>, <c>choice</c>, <c>procedural</c>) for one
    /// issue of a scenario built by <see cref="DeuImporter.ToScenario"/> with votes capabilities (actor ids are
    /// DEU codes; procedure and voting rule are read from the metadata).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown model name or issue id.</exception>
    public static double? Forecast(string name, Scenario scenario, string issueId) =>
        StoredForecaster(name).Forecast(BacktestCase.FromScenario(scenario, issueId));
}
