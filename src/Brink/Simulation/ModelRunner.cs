using System.Diagnostics.CodeAnalysis;
using Brink.Models;

namespace Brink.Simulation;

/// <summary>
/// The one place where the simulation engine and its commands meet the model catalogue: resolves a
/// model name and variant to an <see cref="IIssueModel"/>, and names the fast/reference pair the
/// benchmark times. Everything else in Simulation/ works on <see cref="IIssueModel"/> only.
/// </summary>
public static class ModelRunner
{
    /// <summary>Models a simulation runs when none is named, in report order.</summary>
    public static IReadOnlyList<string> Models { get; } = ["compromise", "median"];

    /// <summary>The model what-if and sensitivity analyse when none is named.</summary>
    public static string DefaultModel => "compromise";

    /// <summary>Resolves a model by name (case-insensitive) and variant (null = default).</summary>
    public static bool TryResolve(string name, string? variant, ModelOptions options, [NotNullWhen(true)] out IIssueModel? model, out string error)
    {
        ArgumentNullException.ThrowIfNull(options);
        model = null;
        error = "";
        var key = name.Trim().ToLowerInvariant();
        model = key switch
        {
            "compromise" => IssueModels.Compromise,
            "median" => IssueModels.Median,
            _ => null,
        };
        if (model is null)
        {
            error = key == "eum"
                ? "the expected utility model is not in this build yet"
                : $"unknown model '{name}'; valid models: {string.Join(", ", Models)}";
            return false;
        }
        if (variant is not null && !string.Equals(variant, model.Variant, StringComparison.OrdinalIgnoreCase))
        {
            error = $"unknown variant '{variant}' of model '{model.Name}'; valid variants: {model.Variant}";
            model = null;
            return false;
        }
        return true;
    }

    /// <summary>The EUM's fast and plain reference implementations for <c>brink bench</c>, or null with a reason.</summary>
    public static BenchModels? Bench(string? variant, out string error)
    {
        _ = variant;
        error = "brink bench times the fast expected utility model against its reference implementation, and the EUM is not in this build yet";
        return null;
    }
}
