namespace Brink.Cluster.Tests;

/// <summary>
/// The one cluster client of <c>brink serve --cluster</c> (<see cref="SharedConnection{T}"/>): opened once by the first sweep job,
/// even when jobs start together, reused by later jobs, tried again after a failed attempt, closed with the server.
/// </summary>
public sealed class SharedConnectionTests
{
    private sealed class Connection : IAsyncDisposable
    {
        public int Disposed;

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref Disposed);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Jobs_that_start_together_share_one_connection_and_later_jobs_reuse_it()
    {
        var attempts = 0;
        var release = new TaskCompletionSource();
        await using var shared = new SharedConnection<Connection>(async _ =>
        {
            Interlocked.Increment(ref attempts);
            await release.Task;
            return new Connection();
        });
        var first = Enumerable.Range(0, 8).Select(_ => Task.Run(() => shared.GetAsync(CancellationToken.None))).ToArray();
        await Task.Delay(100);
        release.SetResult();
        var connections = await Task.WhenAll(first);
        var later = await shared.GetAsync(CancellationToken.None);

        Assert.Equal(1, attempts);
        Assert.Equal(1, shared.Opened);
        Assert.All(connections, c => Assert.Same(later, c));
        Assert.Equal(0, later.Disposed);
    }

    [Fact]
    public async Task A_failed_attempt_is_not_kept_and_disposing_closes_the_connection_once()
    {
        var attempts = 0;
        var shared = new SharedConnection<Connection>(_ =>
            ++attempts == 1 ? Task.FromException<Connection>(new InvalidOperationException("no silo answers")) : Task.FromResult(new Connection()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => shared.GetAsync(CancellationToken.None));
        var connection = await shared.GetAsync(CancellationToken.None);
        Assert.Equal(2, attempts);
        Assert.Equal(1, shared.Opened);

        await shared.DisposeAsync();
        await shared.DisposeAsync();
        Assert.Equal(1, connection.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => shared.GetAsync(CancellationToken.None));
    }
}
