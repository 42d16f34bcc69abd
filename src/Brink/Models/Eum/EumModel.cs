namespace Brink.Models.Eum;

/// <summary>Entry point of the expected utility model (design §4.2); <see cref="EumEngine"/> is the reusable fast path.</summary>
public static class EumModel
{
    /// <summary>Runs the EUM variant on one issue with a fresh engine, and reads the trace for cycles and pivotal moves (<see cref="EumWarnings"/>).</summary>
    /// <exception cref="ArgumentException">Invalid input or options (the message names the actor and field).</exception>
    public static EumResult Run(SpatialIssue input, ModelOptions options, EumVariant variant) =>
        EumWarnings.Annotate(new EumEngine().Run(input, options, variant), input);
}
