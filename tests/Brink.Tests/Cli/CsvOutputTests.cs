using Brink.Cli.Rendering;

namespace Brink.Tests.Cli;

/// <summary>The CLI's CSV goes through CsvHelper with RFC 4180 quoting, and only that: what the hand-written writer quoted, nothing more.</summary>
public sealed class CsvOutputTests
{
    [Fact]
    public void Only_commas_quotes_and_line_breaks_are_quoted()
    {
        var text = CsvOutput.ToText(csv => csv.Row("plain", "a,b", "say \"hi\"", " leading space", "two\nlines", "", null, "1.5E-07"), "\n");
        Assert.Equal("plain,\"a,b\",\"say \"\"hi\"\"\", leading space,\"two\nlines\",,,1.5E-07\n", text);
    }

    [Fact]
    public void The_writer_keeps_the_line_ending_of_its_output()
    {
        using var w = new StringWriter { NewLine = "\r\n" };
        using (var csv = CsvOutput.Open(w)) { csv.Row("a", "b"); csv.Row("c", "d"); }
        Assert.Equal("a,b\r\nc,d\r\n", w.ToString());
    }

    [Fact]
    public void Run_csv_quotes_an_actor_name_with_a_comma()
    {
        var file = Path.Combine(Path.GetTempPath(), $"brink-csv-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "actor,capability,position,salience\n\"Smith, J.\",1,0,1\nB,1,100,1\nC,2,40,0.5\n");
        try
        {
            var r = CliRunner.Run("run", file, "--model", "eum", "--format", "csv", "--trace");
            Assert.True(r.ExitCode == 0, r.Error);
            Assert.Contains(",\"Smith, J.\",", r.Out);
        }
        finally { File.Delete(file); }
    }
}
