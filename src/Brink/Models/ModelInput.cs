namespace Brink.Models;

/// <summary>Checks a <see cref="SpatialIssue"/> once at the public boundary of every model.</summary>
internal static class ModelInput
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the actor and field when the input cannot be modelled.</summary>
    public static void Validate(SpatialIssue input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var n = input.Count;
        if (n == 0) throw new ArgumentException($"Issue '{input.IssueId}' has no actors.", nameof(input));
        if (input.Capability.Length != n || input.Position.Length != n || input.Salience.Length != n)
            throw new ArgumentException($"Issue '{input.IssueId}': capability, position and salience must have one value per actor ({n}).", nameof(input));
        if (!input.Risk.IsDefaultOrEmpty && input.Risk.Length != n)
            throw new ArgumentException($"Issue '{input.IssueId}': risk must be empty or have one value per actor ({n}).", nameof(input));
        for (var i = 0; i < n; i++)
        {
            var who = $"Issue '{input.IssueId}', actor '{input.Actors[i]}'";
            if (!double.IsFinite(input.Position[i])) throw new ArgumentException($"{who}: position must be a finite number.", nameof(input));
            if (!double.IsFinite(input.Capability[i]) || input.Capability[i] < 0)
                throw new ArgumentException($"{who}: capability must be a finite number ≥ 0 (got {input.Capability[i]}).", nameof(input));
            if (!(input.Salience[i] >= 0 && input.Salience[i] <= 1))
                throw new ArgumentException($"{who}: salience must be in [0, 1] (got {input.Salience[i]}); divide 0–100 tables by 100.", nameof(input));
            if (!input.Risk.IsDefaultOrEmpty && input.Risk[i] is { } r && !(r > 0 && double.IsFinite(r)))
                throw new ArgumentException($"{who}: risk exponent must be a finite number > 0 (got {r}).", nameof(input));
        }
        if (input.StatusQuo is { } sq && !double.IsFinite(sq))
            throw new ArgumentException($"Issue '{input.IssueId}': status quo must be a finite number.", nameof(input));
    }

    /// <summary>Throws when the options are out of range.</summary>
    public static void Validate(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rounds < 0) throw new ArgumentException($"Rounds must be ≥ 0 (got {options.Rounds}).", nameof(options));
        if (!(options.Q >= 0 && options.Q <= 1)) throw new ArgumentException($"Q must be in [0, 1] (got {options.Q}).", nameof(options));
        if (!(options.T >= 0 && options.T <= 1)) throw new ArgumentException($"T must be in [0, 1] (got {options.T}).", nameof(options));
        if (options.ConvergenceTolerance is { } tol && !(tol >= 0))
            throw new ArgumentException($"ConvergenceTolerance must be ≥ 0 (got {tol}).", nameof(options));
    }
}
