using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// A cluster that runs sweeps (<c>brink serve --cluster URL</c>; docs/cluster.md): the back end of the HTTP sweep job, given by
/// the front end that can reach a cluster, so that the web project needs no cluster client of its own.
/// </summary>
public interface ISweepService
{
    /// <summary>
    /// Checks the sweep described by <paramref name="specJson"/> (its kind, the single-machine request with the scenario as text,
    /// the chunk size) as the single-machine command would, submits it, reports its chunks through <paramref name="progress"/>
    /// and waits for its document; <paramref name="cancellation"/> cancels the sweep on the cluster.
    /// </summary>
    SweepJobOutcome Run(string specJson, IProgressRunner progress, CancellationToken cancellation);

    /// <summary>The problems that refuse the sweep (the checks <see cref="Run"/> makes before it submits), or none; nothing runs.</summary>
    IReadOnlyList<Diagnostic> Check(string specJson);
}

/// <summary>A finished sweep job: its id on the cluster and the <c>--format json</c> document of the single-machine command, or why there is none.</summary>
public sealed record SweepJobOutcome : Outcome
{
    /// <summary>The sweep's id on the cluster (<c>brink sweep show ID</c>); null when it was refused before submission.</summary>
    public string? SweepId { get; init; }
    /// <summary>The document, byte for byte what the single-machine command prints with <c>--format json</c>.</summary>
    public string? Document { get; init; }
    /// <summary>True when the sweep was cancelled (no document).</summary>
    public bool Cancelled { get; init; }
}
