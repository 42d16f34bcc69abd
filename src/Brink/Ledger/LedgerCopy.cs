using Brink.Ledger.Import;

namespace Brink.Ledger;

/// <summary>
/// Moves a whole ledger from one store to another (SQLite file ↔ PostgreSQL): questions, forecasters with their kinds,
/// every forecast with its recording time and provenance, and each question's full resolution history with its
/// revisions, reasons and recording times. It goes through the target's import, so it is one transaction (all or
/// nothing), adds nothing when repeated, and refuses, without writing, a target whose history disagrees.
/// The target records the copy as one import (source "copy").
/// </summary>
public static class LedgerCopy
{
    /// <summary>Copies everything in <paramref name="from"/> into <paramref name="to"/> in one transaction; <paramref name="progress"/> receives the rows written so far.</summary>
    public static ImportOutcome Copy(ILedgerStore from, ILedgerStore to, IProgress<int>? progress = null)
    {
        var batch = new ImportBatch("copy", from.Location);
        batch.Forecasters.AddRange(from.ListForecasters());
        batch.Questions.AddRange(ConditionsFirst(from.ListQuestions()));
        foreach (var f in from.AllForecasts()) batch.AddForecast(f with { Id = 0 }, 0);
        batch.Resolutions.AddRange(from.AllResolutions());
        return to.Import(batch, skipBad: false, progress);
    }

    /// <summary>A conditional question refers to its condition, so conditions are written first.</summary>
    private static List<Question> ConditionsFirst(IReadOnlyList<Question> questions)
    {
        var byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<Question>(questions.Count);
        void Visit(Question q, int depth)
        {
            if (done.Contains(q.Id) || depth > questions.Count) return;
            if (q.ConditionQuestionId is { } c && byId.TryGetValue(c, out var condition)) Visit(condition, depth + 1);
            if (done.Add(q.Id)) ordered.Add(q);
        }
        foreach (var q in questions) Visit(q, 0);
        return ordered;
    }
}
