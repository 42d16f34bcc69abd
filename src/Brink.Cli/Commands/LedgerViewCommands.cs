using System.CommandLine;
using Brink.Application;
using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Store;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary><c>ledger list</c> and <c>ledger show</c>.</summary>
internal static class LedgerViewCommands
{
    public static void Add(Command ledger, CliContext context, Option<string?> db)
    {
        ledger.Subcommands.Add(List(context, db));
        ledger.Subcommands.Add(Show(context, db));
    }

    private static Command List(CliContext context, Option<string?> db)
    {
        var state = new Option<string?>("--state") { Description = "open, resolved, annulled or ambiguous." };
        var source = new Option<string?>("--source") { Description = "Only questions from this origin (user, example, metaculus, gjp, forecastbench, ledger)." };
        var search = new Option<string?>("--search") { Description = "Text in the id or title." };
        var limit = new Option<int>("--limit") { Description = "At most this many (0 = all).", DefaultValueFactory = _ => 50 };
        var format = LedgerCli.Format();
        var cmd = new Command("list", "List questions.") { state, source, search, limit, format };
        cmd.SetAction(parse => LedgerCli.WithReadStore(context, parse, db, store =>
        {
            QuestionState? st = parse.GetValue(state) is { } s ? LedgerCli.Enum(s, "--state", QuestionState.Open) : null;
            var questions = store.ListQuestions(new QuestionFilter(st, parse.GetValue(source), parse.GetValue(search), parse.GetValue(limit)));
            var current = store.CurrentResolutions();
            if (LedgerCli.Json(parse, format))
            {
                JsonOutput.Write(context, questions.Select(q => new QuestionListDocument(q.Id, q.Title, q.Kind, q.State, q.OpenTime, q.CloseTime,
                    current.TryGetValue(q.Id, out var r) ? OutcomeParser.Format(q, r.Value) : null, q.Source)).ToList());
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Id", "Question", "Kind", "State", "Outcome", "Closes");
            foreach (var q in questions)
                table.AddRow(Markup.Escape(q.Id), Markup.Escape(Short(q.Title, 70)), LedgerValidation.Name(q.Kind), LedgerValidation.Name(q.State),
                    Markup.Escape(current.TryGetValue(q.Id, out var r) ? OutcomeParser.Format(q, r.Value) : ""), LedgerCli.T(q.CloseTime));
            context.Console.Write(table);
            context.Out.WriteLine($"{questions.Count} question(s).");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Show(CliContext context, Option<string?> db)
    {
        var id = new Argument<string>("question") { Description = "Question id." };
        var all = new Option<bool>("--all") { Description = "Show every forecast (default: the last 20)." };
        var format = LedgerCli.Format();
        var cmd = new Command("show", "Show a question, its resolution history and its forecasts.") { id, all, format };
        cmd.SetAction(parse => LedgerCli.WithReadStore(context, parse, db, store =>
        {
            var q = store.GetQuestion(parse.GetValue(id)!) ?? throw new LedgerException($"no question '{parse.GetValue(id)}' in the ledger");
            var history = store.ResolutionHistory(q.Id);
            var forecasts = store.GetForecasts(q.Id);
            var standings = ForecastEligibility.Standings(q, forecasts);
            if (LedgerCli.Json(parse, format))
            {
                JsonOutput.Write(context, new QuestionShowDocument(q,
                    [.. history.Select(r => new QuestionShowDocument.ResolutionDoc(r.Revision, r.State, OutcomeParser.Format(q, r.Value), r.Value, r.ResolvedAt,
                        r.Evidence, r.EvidenceUrl, r.Reason, r.RecordedAt))],
                    forecasts, standings));
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string k, string? v) { if (!string.IsNullOrEmpty(v)) grid.AddRow(new Markup($"[bold]{k}[/]"), new Text(v)); }
            Row("Id", q.Id);
            Row("Question", q.Title);
            Row("Kind", LedgerValidation.Name(q.Kind) + (q.Ordered ? " (ordered)" : ""));
            if (q.Options.Count > 0) Row("Options", string.Join(" | ", q.Options.Select((o, i) => $"{i}: {o}")));
            Row("Criteria", q.Criteria);
            Row("Open", LedgerCli.T(q.OpenTime));
            Row("Close", LedgerCli.T(q.CloseTime));
            Row("Resolve by", LedgerCli.T(q.ResolveTime));
            Row("Condition", q.ConditionQuestionId is { } c ? $"{c} = {q.ConditionOutcome}" : q.ConditionText);
            Row("Threat by", q.ThreatBy is { } threat ? $"{threat} (yes = followed through, no = backed down)" : null);
            Row("State", LedgerValidation.Name(q.State));
            Row("Url", q.Url);
            context.Console.Write(grid);
            if (history.Count > 0)
            {
                var t = new Table().Title("Resolution history").AddColumns("Rev", "State", "Outcome", "When", "Evidence", "Reason");
                foreach (var r in history)
                    t.AddRow(r.Revision.ToString(), LedgerValidation.Name(r.State), Markup.Escape(OutcomeParser.Format(q, r.Value)), LedgerCli.T(r.ResolvedAt),
                        Markup.Escape(Short((r.Evidence ?? "") + (r.EvidenceUrl is null ? "" : " " + r.EvidenceUrl), 90)), Markup.Escape(r.Reason ?? ""));
                context.Console.Write(t);
            }
            var skip = parse.GetValue(all) ? 0 : Math.Max(0, forecasts.Count - 20);
            var counted = standings.Count(s => s == ForecastStanding.Counts);
            var ft = new Table().Title($"Forecasts ({forecasts.Count}{(skip > 0 ? $", last {forecasts.Count - skip} shown" : "")}; {counted} count)")
                .AddColumns("Made", "Forecaster", "Forecast", "Counts", "Source / quote");
            for (var i = skip; i < forecasts.Count; i++)
            {
                var f = forecasts[i];
                ft.AddRow(LedgerCli.T(f.MadeAt), Markup.Escape(f.Forecaster), Markup.Escape(Describe(q, f)), Standing(standings[i]),
                    Markup.Escape(Short(string.Join(" ", new[] { f.Quote is null ? null : $"“{f.Quote}”", f.SourceUrl, f.Rationale }.OfType<string>()), 90)));
            }
            context.Console.Write(ft);
            var late = standings.Count(s => s == ForecastStanding.AfterClose);
            context.Console.WriteLine($"Counts: yes = the forecaster's last forecast at or before the close ({LedgerCli.T(q.CloseTime)}), the one ledger score uses; " +
                "earlier = replaced by a later one (time-averaged scores use it); no = made after the close, not scored" +
                (q.State is QuestionState.Annulled or QuestionState.Ambiguous ? $". The question is {LedgerValidation.Name(q.State)}: none is scored." : ".") +
                (late > 0 ? $" {late} after the close." : ""));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static string Standing(ForecastStanding s) => s switch
    {
        ForecastStanding.Counts => "yes",
        ForecastStanding.Superseded => "earlier",
        _ => "no (after close)",
    };

    internal static string Describe(Question q, Forecast f)
    {
        if (f.Probabilities is { } p)
            return q.Kind == QuestionKind.Binary ? $"P(yes) = {LedgerCli.F(p[0], "0.###")}" : string.Join(", ", p.Select((x, i) => $"{(i < q.Options.Count ? q.Options[i] : i.ToString())}: {LedgerCli.F(x, "0.###")}"));
        if (f.Quantiles is { } qs) return string.Join(", ", qs.Select(x => $"q{x.Level * 100:0.#}={x.Value:G4}"));
        if (f.Samples is { } s) return $"{s.Count} samples, median {ScoringMedian(s):G4}";
        return "";
    }

    private static double ScoringMedian(IReadOnlyList<double> s)
    {
        var sorted = s.ToArray();
        Array.Sort(sorted);
        return Brink.Ledger.Scoring.ScoringRules.EmpiricalQuantile(sorted, 0.5);
    }

    internal static string Short(string s, int n)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= n ? s : s[..(n - 1)] + "…";
    }
}
