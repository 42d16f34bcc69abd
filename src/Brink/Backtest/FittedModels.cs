using System.Text.Json;
using Brink.Scenarios;

namespace Brink.Backtest;

/// <summary>
/// Fitted parameter files: the ones shipped with Brink (fitted on the DEU III development file only,
/// embedded from <c>src/Brink/Backtest/Fitted/*.json</c>) and any written by
/// <c>brink backtest deu … --out DIR</c>. Also the entry point for <c>brink run</c> on a DEU issue.
/// </summary>
public static class FittedModels
{
    /// <summary>Names of the shipped parameter files (<c>influence</c>, <c>procedural</c>).</summary>
    public static IReadOnlyList<string> StoredNames { get; } = ["influence", "procedural"];

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

    /// <summary>Reads a parameter file; problems are reported, never thrown.</summary>
    public static LoadResult<FittedModel> Load(string path)
    {
        if (!File.Exists(path)) return new(null, [new Diagnostic(path, 0, 0, "", "fitted parameter file not found")]);
        try
        {
            var model = JsonSerializer.Deserialize<FittedModel>(File.ReadAllText(path), BacktestProtocol.Json);
            if (model is null) return new(null, [new Diagnostic(path, 1, 1, "", "empty file")]);
            if (model.ToForecaster(out var problem) is null) return new(null, [new Diagnostic(path, 0, 0, "model", problem ?? "unusable")]);
            return new(model, []);
        }
        catch (JsonException e)
        {
            return new(null, [new Diagnostic(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e.Path ?? "", e.Message)]);
        }
    }

    /// <summary>A frozen fitted model as a back-test model (it learns nothing more).</summary>
    public static IBacktestModel AsModel(string name, FittedModel fitted)
    {
        var forecaster = fitted.ToForecaster(out var problem) ?? throw new ArgumentException(problem, nameof(fitted));
        return new BacktestModel(name, $"{fitted.Model} with parameters fitted on {fitted.FittedOn} ({fitted.Issues} issues, capabilities {fitted.Capabilities})", forecaster.Forecast);
    }

    /// <summary>
    /// Forecast of a named shipped model (<c>influence</c>, <c>procedural</c>) for one issue of a scenario
    /// built by <see cref="DeuImporter.ToScenario"/> (actor ids are DEU codes; procedure and voting rule
    /// are read from the metadata). Use the capabilities the parameters were fitted with (votes).
    /// </summary>
    public static double? Forecast(string name, Scenario scenario, string issueId)
    {
        var forecaster = Stored(name).ToForecaster(out var problem) ?? throw new ArgumentException(problem, nameof(name));
        return forecaster.Forecast(BacktestCase.FromScenario(scenario, issueId));
    }
}
