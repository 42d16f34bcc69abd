using System.Collections.Immutable;
using System.Globalization;
using Brink.Files;
using CsvHelper;

namespace Brink.Crisis.History;

/// <summary>
/// One historical crisis or dispute as the back-test sees it: the outcome (any violence, full-scale
/// war), the initiating side's capability share p = CINC_A/(CINC_A + CINC_B) at onset, and the
/// onset attributes the data set codes (empty for MIDs).
/// </summary>
public sealed record HistoryCase(string Source, int Id, string Name, int Year, bool Violence, bool War, double CapabilityShare,
    ImmutableDictionary<string, double> Attributes);

/// <summary>How many records a data set had and how many the back-test could use.</summary>
public sealed record HistoryCoverage(string Source, int Records, int WithOutcome, int Usable, string Note);

/// <summary>The cases read from one data set with their coverage.</summary>
public sealed record HistoryDataSet(string Source, ImmutableArray<HistoryCase> Cases, HistoryCoverage Coverage);

/// <summary>
/// Reads the International Crisis Behavior (ICB v14; Brecher &amp; Wilkenfeld) and Correlates of War
/// (MIDs 4.01, National Material Capabilities v4.0, CINC) files with CsvHelper. Missing codes (empty,
/// −9) are treated as missing. CINC after 2007 (the end of NMC v4.0) is carried forward from 2007.
/// </summary>
public static class HistoryData
{
    /// <summary>Last year covered by NMC v4.0.</summary>
    public const int LastCapabilityYear = 2007;

    /// <summary>CINC by (COW state code, year).</summary>
    public static ImmutableDictionary<(int State, int Year), double> ReadCapabilities(string path)
    {
        var result = ImmutableDictionary.CreateBuilder<(int, int), double>();
        foreach (var row in Rows(path))
        {
            if (Int(row, "ccode") is { } c && Int(row, "year") is { } y && Num(row, "cinc") is { } cinc && cinc >= 0) result[(c, y)] = cinc;
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// ICB crises: the dyad is the triggering state (<c>trigent</c>) against the first crisis actor
    /// (lowest <c>cracno</c> in icb2); crises triggered by non-state or multiple entities (codes ≥ 996),
    /// or without CINC for both, are left out. Outcome: <c>viol</c> ≥ 2 (violence), = 4 (full-scale war).
    /// Attributes: <c>break</c> (trigger type 1–9), <c>gravcr</c> (gravity 0–6; 7 "other" missing), <c>protrac</c>.
    /// </summary>
    public static HistoryDataSet ReadIcb(string crisisPath, string actorPath, IReadOnlyDictionary<(int, int), double> cinc)
    {
        var firstActor = new Dictionary<int, (int Order, int State)>();
        foreach (var row in Rows(actorPath))
        {
            if (Int(row, "crisno") is not { } c || Int(row, "cracno") is not { } n || Int(row, "cracid") is not { } s) continue;
            if (!firstActor.TryGetValue(c, out var f) || n < f.Order) firstActor[c] = (n, s);
        }
        var cases = ImmutableArray.CreateBuilder<HistoryCase>();
        int records = 0, withOutcome = 0;
        foreach (var row in Rows(crisisPath))
        {
            records++;
            if (Int(row, "crisno") is not { } id || Int(row, "viol") is not { } viol || Int(row, "yrtrig") is not { } year) continue;
            withOutcome++;
            if (Int(row, "trigent") is not { } trigger || trigger >= 996 || !firstActor.TryGetValue(id, out var target) || target.State == trigger) continue;
            var y = Math.Min(year, LastCapabilityYear);
            if (!cinc.TryGetValue((trigger, y), out var ca) || !cinc.TryGetValue((target.State, y), out var cb) || ca + cb <= 0) continue;
            var attrs = ImmutableDictionary.CreateBuilder<string, double>();
            if (Int(row, "break") is { } br) attrs["break"] = br;
            if (Int(row, "gravcr") is { } g && g <= 6) attrs["gravcr"] = g;
            if (Int(row, "protrac") is { } pc) attrs["protrac"] = pc;
            cases.Add(new HistoryCase("icb", id, row.GetValueOrDefault("crisname") ?? "", year, viol >= 2, viol == 4, ca / (ca + cb), attrs.ToImmutable()));
        }
        var usable = cases.ToImmutable();
        return new HistoryDataSet("icb", usable, new HistoryCoverage("icb", records, withOutcome, usable.Length,
            "dyad = triggering state vs first crisis actor; non-state/multiple triggers and missing CINC left out"));
    }

    /// <summary>
    /// MIDs: side A = originating states on side A, side B = originating states on side B (MIDB
    /// <c>Orig</c> = 1), CINC summed per side in the start year. Outcome from MIDA <c>HostLev</c>:
    /// ≥ 4 use of force (called violence here), 5 war.
    /// </summary>
    public static HistoryDataSet ReadMid(string disputePath, string participantPath, IReadOnlyDictionary<(int, int), double> cinc)
    {
        var sides = new Dictionary<int, (double A, double B, bool MissingA, bool MissingB, bool AnyA, bool AnyB)>();
        foreach (var row in Rows(participantPath))
        {
            if (Int(row, "DispNum3") is not { } d || Int(row, "Orig") != 1 || Int(row, "SideA") is not { } side || Int(row, "ccode") is not { } c
                || Int(row, "StYear") is not { } year) continue;
            sides.TryGetValue(d, out var s);
            var found = cinc.TryGetValue((c, Math.Min(year, LastCapabilityYear)), out var v);
            s = side == 1 ? s with { A = s.A + v, MissingA = s.MissingA || !found, AnyA = true } : s with { B = s.B + v, MissingB = s.MissingB || !found, AnyB = true };
            sides[d] = s;
        }
        var cases = ImmutableArray.CreateBuilder<HistoryCase>();
        int records = 0, withOutcome = 0;
        foreach (var row in Rows(disputePath))
        {
            records++;
            if (Int(row, "DispNum3") is not { } id || Int(row, "HostLev") is not { } host || Int(row, "StYear") is not { } year) continue;
            withOutcome++;
            if (!sides.TryGetValue(id, out var s) || !s.AnyA || !s.AnyB || s.MissingA || s.MissingB || s.A + s.B <= 0) continue;
            cases.Add(new HistoryCase("mid", id, $"MID {id}", year, host >= 4, host == 5, s.A / (s.A + s.B), ImmutableDictionary<string, double>.Empty));
        }
        var usable = cases.ToImmutable();
        return new HistoryDataSet("mid", usable, new HistoryCoverage("mid", records, withOutcome, usable.Length,
            "sides = originating states; disputes with a side lacking CINC left out"));
    }

    private static IEnumerable<Dictionary<string, string>> Rows(string path)
    {
        using var reader = InputFile.OpenText(path, InputLimits.MaxInputBytes);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        if (!csv.Read()) yield break;
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(header.Length);
            for (var i = 0; i < header.Length; i++) row[header[i]] = csv.GetField(i) ?? "";
            yield return row;
        }
    }

    private static int? Int(Dictionary<string, string> row, string key) =>
        row.TryGetValue(key, out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v != -9 ? v : null;

    private static double? Num(Dictionary<string, string> row, string key) =>
        row.TryGetValue(key, out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v != -9 ? v : null;
}
