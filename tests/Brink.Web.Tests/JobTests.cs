using Brink.Application;
using Brink.Web.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brink.Web.Tests;

/// <summary>A job's stage signal, which lets the event stream report each stage when it starts.</summary>
public sealed class JobTests
{
    [Fact]
    public async Task Each_stage_start_completes_the_stage_signal_read_before_it()
    {
        var manager = new JobManager(NullLogger<JobManager>.Instance);
        using var firstRead = new ManualResetEventSlim();
        using var secondMayStart = new ManualResetEventSlim();
        Task? beforeFirst = null;
        var job = manager.Start("test", (job, token) =>
        {
            beforeFirst = job.StageStarted;
            firstRead.Set();
            IProgressRunner progress = job;
            progress.Run("first stage", 1, step => { step(1); return 0; });
            secondMayStart.Wait(TimeSpan.FromSeconds(10), token);
            progress.Run("second stage", 2, step => { step(2); return 0; });
            return new JobOutcome(null, [], []);
        });
        Assert.True(firstRead.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(await Task.WhenAny(beforeFirst!, Task.Delay(TimeSpan.FromSeconds(10))) == beforeFirst, "the first stage's start completes the signal");

        // The signal read now is the next stage's: it completes only when the second stage starts.
        var beforeSecond = job.StageStarted;
        Assert.Equal("first stage", job.Status().Stage);
        Assert.False(beforeSecond.IsCompleted);
        secondMayStart.Set();
        Assert.True(await Task.WhenAny(beforeSecond, Task.Delay(TimeSpan.FromSeconds(10))) == beforeSecond, "the second stage's start completes the next signal");
        await job.Completion;
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("second stage", job.Status().Stage);
        Assert.Equal(2, job.Status().Done);
    }
}
