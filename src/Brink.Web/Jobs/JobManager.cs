using System.Collections.Concurrent;
using Brink.Application;
using Brink.Scenarios;

namespace Brink.Web.Jobs;

public enum JobState { Running, Succeeded, Failed, Cancelled }

/// <summary>
/// What a finished job hands back: its document (null on failure), diagnostics and notices. <see cref="Cancelled"/>: the work
/// was cancelled elsewhere (a sweep cancelled on its cluster), so the job ends cancelled although its own cancel was not called.
/// </summary>
public sealed record JobOutcome(object? Document, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Notices, bool Partial = false, bool Cancelled = false);

/// <summary>The status document of a job (<c>GET /api/jobs/{id}</c> and each server-sent progress event).</summary>
public sealed record JobStatus(string Id, string Kind, JobState State, string Stage, long Done, long Total, double Fraction,
    DateTimeOffset Started, DateTimeOffset? Finished, bool Partial, IReadOnlyList<DiagnosticDoc> Diagnostics, IReadOnlyList<string> Notices);

/// <summary>One long piece of work (a Monte Carlo run…) on a background thread, with progress and cancellation.</summary>
public sealed class Job : IProgressRunner, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private long _done;
    private long _total;
    private string _stage = "starting";
    // Completed and replaced whenever a stage starts, so that the event stream reports each stage when it begins
    // rather than at its next 250 ms tick (a short stage could fall between two ticks).
    private TaskCompletionSource _stageStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Job(string id, string kind)
    {
        Id = id;
        Kind = kind;
    }

    public string Id { get; }

    /// <summary>Frees the cancellation source; called when the manager forgets a finished job.</summary>
    public void Dispose() => _cancel.Dispose();
    public string Kind { get; }
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? Finished { get; private set; }
    public JobState State { get; private set; } = JobState.Running;
    public JobOutcome? Outcome { get; private set; }
    internal CancellationToken Token => _cancel.Token;
    /// <summary>Completes when the job has finished, whatever its state.</summary>
    public Task Completion { get; internal set; } = Task.CompletedTask;

    /// <summary>Completes when the next stage starts (read it before <see cref="Status"/> so that no start is missed).</summary>
    public Task StageStarted => Volatile.Read(ref _stageStarted).Task;

    public void Cancel()
    {
        if (State == JobState.Running) _cancel.Cancel();
    }

    public JobStatus Status()
    {
        var done = Interlocked.Read(ref _done);
        var total = Interlocked.Read(ref _total);
        var outcome = Outcome;
        return new JobStatus(Id, Kind, State, _stage, done, total, total > 0 ? Math.Min(1, (double)done / total) : 0, Started, Finished,
            outcome?.Partial ?? false, [.. (outcome?.Diagnostics ?? []).Select(DiagnosticDoc.From)], outcome?.Notices ?? []);
    }

    T IProgressRunner.Run<T>(string label, long total, Func<Action<int>, T> work)
    {
        _stage = label;
        Interlocked.Exchange(ref _done, 0);
        Interlocked.Exchange(ref _total, total);
        Interlocked.Exchange(ref _stageStarted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return work(n => Interlocked.Add(ref _done, n));
    }

    internal void Finish(JobOutcome outcome, JobState state)
    {
        Outcome = outcome;
        Finished = DateTimeOffset.UtcNow;
        State = state;
    }
}

/// <summary>
/// The jobs of this process: started by the API and the workbench, kept in memory (the last
/// <see cref="MaxKept"/>), so a result stays retrievable after the run.
/// </summary>
public sealed class JobManager(ILogger<JobManager> logger)
{
    public const int MaxKept = 200;
    private readonly ConcurrentDictionary<string, Job> _jobs = new();

    public Job? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Starts <paramref name="work"/> on the thread pool; it reports progress through the job and polls its token.</summary>
    public Job Start(string kind, Func<Job, CancellationToken, JobOutcome> work)
    {
        var job = new Job(Guid.NewGuid().ToString("n")[..12], kind);
        _jobs[job.Id] = job;
        Trim();
        job.Completion = Task.Run(() =>
        {
            try
            {
                var outcome = work(job, job.Token);
                var state = !outcome.Diagnostics.All(d => d.Severity != Severity.Error) ? JobState.Failed
                    : job.Token.IsCancellationRequested || outcome.Cancelled ? JobState.Cancelled : JobState.Succeeded;
                job.Finish(outcome, state);
            }
            catch (OperationCanceledException)
            {
                job.Finish(new JobOutcome(null, [], ["cancelled"]), JobState.Cancelled);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "job {Id} ({Kind}) failed", job.Id, kind);
                job.Finish(new JobOutcome(null, [new Diagnostic("job", 0, 0, "", "internal error; see the server log")], []), JobState.Failed);
            }
        });
        return job;
    }

    private void Trim()
    {
        if (_jobs.Count <= MaxKept) return;
        foreach (var old in _jobs.Values.Where(j => j.State != JobState.Running).OrderBy(j => j.Started).Take(_jobs.Count - MaxKept))
            if (_jobs.TryRemove(old.Id, out var gone)) gone.Dispose();
    }
}
