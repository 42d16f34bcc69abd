using System.Globalization;
using Brink.Backtest;

namespace Brink.Tests.Backtest;

/// <summary>
/// The baselines of the DEU literature, computed by the back-test harness and, independently, by a plain
/// loop over the raw file written here; then compared with the published figures on all of DEU III
/// (design §7; reference/README.md: compromise/votes 23.1, GDP 23.2, equal 23.7, constant 50 28.0,
/// median actor 28.6, status quo 51.1). The dev file is about 60% of DEU III, so the published figures
/// are a band, not an equality.
/// </summary>
public sealed class BaselineReproductionTests
{
    private sealed record PlainIssue(string Prnr, DateOnly Date, double? Rp, double Out, List<(string Code, double X, double S)> Actors);

    /// <summary>Plain reading of the dev file: split on tabs, find columns by name, impute missing saliences with the issue mean.</summary>
    private static (List<PlainIssue> Issues, Dictionary<string, double> Gdp) ReadPlain()
    {
        var lines = File.ReadAllLines(DeuImporterTests.DevFile);
        string[] Split(string l) => [.. l.Split('\t').Select(f => f.Trim('"'))];
        var h = Split(lines[0]);
        int Col(string name) => Array.IndexOf(h, name);
        var codes = h.Where(n => n.StartsWith('p') && h.Contains("s" + n[1..]) && n != "prnr" && n != "prname" && n != "proc" && n != "proccde").Select(n => n[1..]).ToList();
        var gdpRow = Split(lines[1]);
        var gdp = codes.ToDictionary(c => c, c => double.Parse(gdpRow[Col("p" + c)], CultureInfo.InvariantCulture));
        var issues = new List<PlainIssue>();
        foreach (var line in lines.Skip(2))
        {
            var f = Split(line);
            if (f[Col("out")] == "") continue;
            var d = f[Col("intro")].Split('-').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            var date = f[Col("intro")].Split('-')[0].Length == 4
                ? new DateOnly(2000 + d[2], d[1], d[0] % 100)             // yy-mm-dd misreading of dd-mm-yy
                : new DateOnly(d[2] < 100 ? (d[2] < 50 ? 2000 + d[2] : 1900 + d[2]) : d[2], d[1], d[0]);
            var raw = codes.Where(c => f[Col("p" + c)] != "")
                .Select(c => (c, x: double.Parse(f[Col("p" + c)], CultureInfo.InvariantCulture), s: f[Col("s" + c)] == "" ? (double?)null : double.Parse(f[Col("s" + c)], CultureInfo.InvariantCulture) / 100))
                .ToList();
            var mean = raw.Where(r => r.s is not null).Average(r => r.s!.Value);
            issues.Add(new PlainIssue(f[Col("prnr")], date, f[Col("rp")] == "" ? null : double.Parse(f[Col("rp")], CultureInfo.InvariantCulture),
                double.Parse(f[Col("out")], CultureInfo.InvariantCulture), [.. raw.Select(r => (r.c, r.x, r.s ?? mean))]));
        }
        return (issues, gdp);
    }

    /// <summary>Council votes from eucouncil_weights.csv: the column in force at the date, moved on while a coded state has no vote in it.</summary>
    private static Func<PlainIssue, string, double> PlainVotes()
    {
        var lines = File.ReadAllLines(TestPaths.Reference("deu", "eucouncil_weights.csv"));
        var header = lines[0].Split(',');
        var names = new Dictionary<string, string>
        {
            ["Austria"] = "at", ["Belgium"] = "be", ["Bulgaria"] = "bu", ["Cyprus"] = "cy", ["Czech Republic"] = "cz", ["Denmark"] = "dk",
            ["Estonia"] = "ee", ["Finland"] = "fi", ["France"] = "fr", ["Germany"] = "de", ["Greece"] = "el", ["Hungary"] = "hu",
            ["Ireland"] = "ie", ["Italy"] = "it", ["Latvia"] = "lv", ["Lithuania"] = "lt", ["Luxembourg"] = "lu", ["Malta"] = "mt",
            ["Netherlands"] = "nl", ["Poland"] = "pl", ["Portugal"] = "pt", ["Romania"] = "ro", ["Slovakia"] = "sk", ["Slovenia"] = "si",
            ["Spain"] = "es", ["Sweden"] = "se", ["United Kingdom"] = "uk", ["Croatia"] = "cr",
        };
        var table = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => names[f[1]], f => f);
        (string Column, DateOnly From)[] regimes =
            [("eu15", new(1995, 1, 1)), ("eu25_bv", new(2004, 5, 1)), ("eu25_av", new(2004, 11, 1)), ("eu25_ap", new(2014, 11, 1))];
        return (issue, code) =>
        {
            var k = regimes.Select((r, i) => (r, i)).Last(t => t.r.From <= issue.Date).i;
            while (issue.Actors.Any(a => table.ContainsKey(a.Code) && table[a.Code][Array.IndexOf(header, regimes[k].Column)] == "NA")) k++;
            var col = Array.IndexOf(header, regimes[k].Column);
            return table.TryGetValue(code, out var row)
                ? double.Parse(row[col], CultureInfo.InvariantCulture)
                : table.Values.Where(r => r[col] != "NA").Max(r => double.Parse(r[col], CultureInfo.InvariantCulture));
        };
    }

    private static double PlainMae(IEnumerable<(double Forecast, double Outcome)> pairs) => pairs.Average(p => Math.Abs(p.Forecast - p.Outcome));

    private static double HarnessMae(IBacktestModel model, DeuCapabilities scheme)
    {
        var data = DeuImporterTests.Dev();
        var cases = DeuImporter.Cases(data, scheme);
        var f = model.Fit(cases, BacktestProtocol.Default);
        return cases.Where(c => f.Forecast(c) is not null).Average(c => Math.Abs(f.Forecast(c)!.Value - c.Outcome));
    }

    [Theory]
    [InlineData(DeuCapabilities.Votes, 23.1)]
    [InlineData(DeuCapabilities.Gdp, 23.2)]
    [InlineData(DeuCapabilities.Equal, 23.7)]
    public void Compromise_model_matches_a_plain_computation_and_the_published_band(DeuCapabilities scheme, double published)
    {
        var (issues, gdp) = ReadPlain();
        var votes = PlainVotes();
        double Cap(PlainIssue i, string c) => scheme switch { DeuCapabilities.Equal => 1, DeuCapabilities.Gdp => gdp[c], _ => votes(i, c) };
        var plain = PlainMae(issues.Select(i => (i.Actors.Sum(a => Cap(i, a.Code) * a.S * a.X) / i.Actors.Sum(a => Cap(i, a.Code) * a.S), i.Out)));
        var harness = HarnessMae(BaselineForecasts.CompromiseModel, scheme);
        Assert.Equal(plain, harness, 9);
        Assert.InRange(harness, published - 1.5, published + 1.5);
    }

    [Fact]
    public void Median_actor_matches_a_plain_computation_and_the_published_band()
    {
        var (issues, _) = ReadPlain();
        var votes = PlainVotes();
        double Median(PlainIssue i)
        {
            var sorted = i.Actors.Select(a => (a.X, W: votes(i, a.Code) * a.S)).OrderBy(t => t.X).ToList();
            var half = sorted.Sum(t => t.W) / 2;
            var acc = 0.0;
            foreach (var (x, w) in sorted) { acc += w; if (acc >= half - 1e-9) return x; }
            return sorted[^1].X;
        }
        var plain = PlainMae(issues.Select(i => (Median(i), i.Out)));
        var harness = HarnessMae(BaselineForecasts.MedianModel, DeuCapabilities.Votes);
        Assert.Equal(plain, harness, 9);
        Assert.InRange(harness, 28.6 - 1.5, 28.6 + 1.5);
    }

    [Fact]
    public void Constant_50_and_status_quo_match_a_plain_computation_and_the_published_band()
    {
        var (issues, _) = ReadPlain();
        var constant = PlainMae(issues.Select(i => (50.0, i.Out)));
        var statusQuo = PlainMae(issues.Where(i => i.Rp is not null).Select(i => (i.Rp!.Value, i.Out)));
        Assert.Equal(constant, HarnessMae(BaselineForecasts.Constant50, DeuCapabilities.Votes), 9);
        Assert.Equal(statusQuo, HarnessMae(BaselineForecasts.StatusQuo, DeuCapabilities.Votes), 9);
        Assert.InRange(constant, 28.0 - 1.5, 28.0 + 1.5);
        Assert.InRange(statusQuo, 51.1 - 3, 51.1 + 3);
    }

    [Fact]
    public void Ordering_of_the_baselines_is_the_published_one()
    {
        double Mae(IBacktestModel m, DeuCapabilities s = DeuCapabilities.Votes) => HarnessMae(m, s);
        var compromise = Mae(BaselineForecasts.CompromiseModel);
        Assert.True(compromise < Mae(BaselineForecasts.CompromiseModel, DeuCapabilities.Equal));
        Assert.True(compromise < Mae(BaselineForecasts.Constant50));
        Assert.True(Mae(BaselineForecasts.Constant50) < Mae(BaselineForecasts.StatusQuo));
        Assert.True(Mae(BaselineForecasts.MedianModel) < Mae(BaselineForecasts.StatusQuo));
    }
}
