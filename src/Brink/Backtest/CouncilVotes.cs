using System.Collections.Immutable;

namespace Brink.Backtest;

/// <summary>A weighting regime of the Council of the EU, in force from a date.</summary>
public sealed record CouncilRegime(string Id, DateOnly From, string Description);

/// <summary>
/// Council of the EU vote weights by treaty regime, re-entered from the published treaty tables
/// (Treaty of Rome as amended by the Acts of Accession 1972, 1979, 1985, 1994; Act of Accession 2003,
/// Art. 26 (transitional weights 1 May–31 October 2004); Treaty of Nice, Protocol on enlargement,
/// Art. 3, and the Acts of Accession 2005 and 2012; from 1 November 2014 the Lisbon double majority,
/// TEU Art. 16(4), where a state's weight is its population, here in units of 100 000 as in the DEU
/// companion file <c>eucouncil_weights.csv</c>). Pure data: the test checks it against that file.
/// </summary>
public static class CouncilVotes
{
    /// <summary>Regimes in order of entry into force.</summary>
    public static ImmutableArray<CouncilRegime> Regimes { get; } =
    [
        new("eu9", new DateOnly(1973, 1, 1), "EU-9 votes (Act of Accession 1972)"),
        new("eu10", new DateOnly(1981, 1, 1), "EU-10 votes (Act of Accession 1979)"),
        new("eu12", new DateOnly(1986, 1, 1), "EU-12 votes (Act of Accession 1985)"),
        new("eu15", new DateOnly(1995, 1, 1), "EU-15 votes (Act of Accession 1994)"),
        new("eu25_transitional", new DateOnly(2004, 5, 1), "EU-25 transitional votes (Act of Accession 2003, Art. 26)"),
        new("nice", new DateOnly(2004, 11, 1), "Treaty of Nice votes (EU-25, EU-27 from 2007, EU-28 from July 2013)"),
        new("lisbon_population", new DateOnly(2014, 11, 1), "Lisbon double majority: population (100 000s)"),
    ];

    /// <summary>Date each member state joined (the DEU actor code is the key).</summary>
    public static ImmutableDictionary<string, DateOnly> Accession { get; } = new Dictionary<string, DateOnly>
    {
        ["be"] = new(1958, 1, 1), ["fr"] = new(1958, 1, 1), ["de"] = new(1958, 1, 1), ["it"] = new(1958, 1, 1),
        ["lu"] = new(1958, 1, 1), ["nl"] = new(1958, 1, 1),
        ["dk"] = new(1973, 1, 1), ["ie"] = new(1973, 1, 1), ["uk"] = new(1973, 1, 1),
        ["el"] = new(1981, 1, 1), ["es"] = new(1986, 1, 1), ["pt"] = new(1986, 1, 1),
        ["at"] = new(1995, 1, 1), ["fi"] = new(1995, 1, 1), ["se"] = new(1995, 1, 1),
        ["cy"] = new(2004, 5, 1), ["cz"] = new(2004, 5, 1), ["ee"] = new(2004, 5, 1), ["hu"] = new(2004, 5, 1),
        ["lv"] = new(2004, 5, 1), ["lt"] = new(2004, 5, 1), ["mt"] = new(2004, 5, 1), ["pl"] = new(2004, 5, 1),
        ["sk"] = new(2004, 5, 1), ["si"] = new(2004, 5, 1),
        ["bu"] = new(2007, 1, 1), ["ro"] = new(2007, 1, 1), ["cr"] = new(2013, 7, 1),
    }.ToImmutableDictionary();

    // Columns: eu9, eu10, eu12, eu15, eu25 transitional, Nice, population (100 000s); 0 = not a member.
    private static readonly Dictionary<string, int[]> Table = new()
    {
        ["at"] = [0, 0, 0, 4, 4, 10, 81],
        ["be"] = [5, 5, 5, 5, 5, 12, 102],
        ["bu"] = [0, 0, 0, 0, 0, 10, 79],
        ["cy"] = [0, 0, 0, 0, 2, 4, 8],
        ["cz"] = [0, 0, 0, 0, 5, 12, 103],
        ["dk"] = [3, 3, 3, 3, 3, 7, 53],
        ["ee"] = [0, 0, 0, 0, 3, 4, 14],
        ["fi"] = [0, 0, 0, 3, 3, 7, 52],
        ["fr"] = [10, 10, 10, 10, 10, 29, 590],
        ["de"] = [10, 10, 10, 10, 10, 29, 820],
        ["el"] = [0, 5, 5, 5, 5, 12, 105],
        ["hu"] = [0, 0, 0, 0, 5, 12, 101],
        ["ie"] = [3, 3, 3, 3, 3, 7, 37],
        ["it"] = [10, 10, 10, 10, 10, 29, 576],
        ["lv"] = [0, 0, 0, 0, 3, 4, 24],
        ["lt"] = [0, 0, 0, 0, 3, 7, 37],
        ["lu"] = [2, 2, 2, 2, 2, 4, 4],
        ["mt"] = [0, 0, 0, 0, 2, 3, 4],
        ["nl"] = [5, 5, 5, 5, 5, 13, 158],
        ["pl"] = [0, 0, 0, 0, 8, 27, 387],
        ["pt"] = [0, 0, 5, 5, 5, 12, 100],
        ["ro"] = [0, 0, 0, 0, 0, 14, 228],
        ["sk"] = [0, 0, 0, 0, 3, 7, 54],
        ["si"] = [0, 0, 0, 0, 3, 4, 20],
        ["es"] = [0, 0, 8, 8, 8, 27, 394],
        ["se"] = [0, 0, 0, 4, 4, 10, 89],
        ["uk"] = [10, 10, 10, 10, 10, 29, 592],
        ["cr"] = [0, 0, 0, 0, 0, 7, 43],
    };

    /// <summary>Member-state codes known to the table.</summary>
    public static IEnumerable<string> MemberStates => Table.Keys;

    /// <summary>The regime in force on <paramref name="date"/> (the earliest one for dates before 1973).</summary>
    public static CouncilRegime RegimeAt(DateOnly date)
    {
        var regime = Regimes[0];
        foreach (var r in Regimes) if (r.From <= date) regime = r;
        return regime;
    }

    /// <summary>
    /// A member state's weight in a regime on a date: 0 when it was not yet a member on that date
    /// (or the code is unknown).
    /// </summary>
    public static double Weight(string code, CouncilRegime regime, DateOnly date)
    {
        if (!Table.TryGetValue(code, out var row) || !Accession.TryGetValue(code, out var joined) || joined > date) return 0;
        return row[Regimes.IndexOf(regime)];
    }

    /// <summary>The largest member-state weight in the regime on the date.</summary>
    public static double LargestWeight(CouncilRegime regime, DateOnly date) =>
        Table.Keys.Max(code => Weight(code, regime, date));

    /// <summary>Weight of a state by the regime column name used in <c>eucouncil_weights.csv</c> (for tests).</summary>
    internal static int RawWeight(string code, int regimeIndex) => Table[code][regimeIndex];
}
