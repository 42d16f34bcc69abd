using Brink.Cli.Commands;

namespace Brink.Tests.Cli;

/// <summary>
/// <c>brink run --threads</c>: the row-parallel EUM round gives the same bytes as the serial one, in every
/// output format, for a scenario large enough (300 actors) that the rounds really run on several threads.
/// </summary>
public sealed class RunThreadsTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "brink-threads-" + Guid.NewGuid().ToString("N") + ".csv");

    public RunThreadsTests() => File.WriteAllText(_file, WholeProcessBench.ActorTable(300));

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("table")]
    public void Output_is_byte_identical_at_one_two_and_every_thread(string format)
    {
        string Run(string threads)
        {
            var r = CliRunner.Run("run", _file, "--model", "eum", "--rounds", "6", "--format", format, "--threads", threads);
            Assert.True(r.ExitCode == 0, r.Error);
            return r.Out;
        }
        var serial = Run("1");
        Assert.Contains("eum", serial, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(serial, Run("2"));
        Assert.Equal(serial, Run("0"));
    }

    [Fact]
    public void A_negative_thread_count_is_a_located_option_error()
    {
        var r = CliRunner.Run("run", _file, "--threads", "-1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--threads", r.Error, StringComparison.Ordinal);
    }
}
