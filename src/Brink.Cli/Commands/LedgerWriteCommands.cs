using System.CommandLine;
using Brink.Application;
using Brink.Ledger;
using Brink.Store;

namespace Brink.Cli.Commands;

/// <summary><c>ledger question add</c>, <c>ledger forecast add</c>, <c>ledger resolve</c>, <c>ledger annul</c>.</summary>
internal static class LedgerWriteCommands
{
    public static void Add(Command ledger, CliContext context, Option<string?> db)
    {
        ledger.Subcommands.Add(new Command("question", "Manage questions.") { QuestionAdd(context, db) });
        ledger.Subcommands.Add(new Command("forecast", "Record forecasts.") { ForecastAdd(context, db) });
        ledger.Subcommands.Add(Resolve(context, db));
        ledger.Subcommands.Add(Annul(context, db));
    }

    private static Command QuestionAdd(CliContext context, Option<string?> db)
    {
        var id = new Argument<string>("id") { Description = "Question id, e.g. ru-ua-ceasefire-2025." };
        var title = new Option<string>("--title") { Description = "The question, as asked.", Required = true };
        var kind = new Option<string>("--kind") { Description = "binary, multiple-choice, numeric or date.", DefaultValueFactory = _ => "binary" };
        var criteria = new Option<string>("--criteria") { Description = "Resolution criteria: what counts as yes, which source decides.", Required = true };
        var open = new Option<string?>("--open") { Description = "Open time (default: now)." };
        var close = new Option<string>("--close") { Description = "Close time: forecasts after it are not scored.", Required = true };
        var resolveBy = new Option<string?>("--resolve-by") { Description = "When the answer is expected." };
        var options = new Option<string[]>("--option") { Description = "An option of a multiple-choice question (repeat).", AllowMultipleArgumentsPerToken = false };
        var ordered = new Option<bool>("--ordered") { Description = "The options are ordered (ranked probability score applies)." };
        var lower = new Option<double?>("--lower") { Description = "Numeric: plausible lower bound." };
        var upper = new Option<double?>("--upper") { Description = "Numeric: plausible upper bound." };
        var unit = new Option<string?>("--unit") { Description = "Numeric: unit." };
        var threshold = new Option<double?>("--threshold") { Description = "Binary: yes means the quantity ends at or below this value (models record P(X ≤ threshold))." };
        var condition = new Option<string?>("--condition") { Description = "Id of the question this one is conditional on." };
        var conditionOutcome = new Option<string?>("--condition-outcome") { Description = "Outcome of the condition question under which this one counts (default yes)." };
        var url = new Option<string?>("--url") { Description = "Link to the question's origin." };
        var threatBy = new Option<string?>("--threat-by")
        {
            Description = "Binary: the question asks whether this actor (a scenario actor id, e.g. usa) carries out a threat; yes = followed through, no = backed down (see 'brink ledger threats').",
        };
        var format = LedgerCli.Format();
        var cmd = new Command("add", "Add a question with explicit resolution criteria and dates.")
        {
            id, title, kind, criteria, open, close, resolveBy, options, ordered, lower, upper, unit, threshold, condition, conditionOutcome, url, threatBy, format,
        };
        cmd.SetAction(parse => LedgerCli.WithStore(context, parse, db, store =>
        {
            var now = store.Clock.UtcNow;
            double? condValue = null;
            var condId = parse.GetValue(condition);
            if (condId is not null)
            {
                var cq = store.GetQuestion(condId) ?? throw new LedgerException($"--condition: no question '{condId}' in the ledger");
                if (!Brink.Ledger.Import.OutcomeParser.TryParse(cq, parse.GetValue(conditionOutcome) ?? "yes", out var v, out var why)) throw new UsageException($"--condition-outcome: {why}");
                condValue = v;
            }
            var q = new Question
            {
                Id = parse.GetValue(id)!,
                Title = parse.GetValue(title)!,
                Kind = LedgerCli.Enum(parse.GetValue(kind), "--kind", QuestionKind.Binary),
                Options = parse.GetValue(options) ?? [],
                Ordered = parse.GetValue(ordered),
                Lower = parse.GetValue(lower), Upper = parse.GetValue(upper), Unit = parse.GetValue(unit), Threshold = parse.GetValue(threshold),
                Criteria = parse.GetValue(criteria)!,
                OpenTime = LedgerCli.Time(parse.GetValue(open), "--open", now),
                CloseTime = LedgerCli.Time(parse.GetValue(close), "--close", now),
                ResolveTime = parse.GetValue(resolveBy) is { } rb ? LedgerCli.Time(rb, "--resolve-by", now) : null,
                ConditionQuestionId = condId, ConditionOutcome = condValue,
                Url = parse.GetValue(url), Source = "user", ThreatBy = parse.GetValue(threatBy),
            };
            store.AddQuestion(q);
            if (LedgerCli.Json(parse, format)) JsonOutput.Write(context, new QuestionAddedDocument(q.Id));
            else context.Out.WriteLine($"Added question {q.Id} ({LedgerValidation.Name(q.Kind)}), closes {LedgerCli.T(q.CloseTime)}.");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command ForecastAdd(CliContext context, Option<string?> db)
    {
        var question = new Argument<string>("question") { Description = "Question id." };
        var forecaster = new Option<string>("--forecaster", "--by") { Description = "Who forecasts: a person, an outlet, a crowd, or model:MODEL/VARIANT.", Required = true };
        var kind = new Option<string?>("--forecaster-kind") { Description = "person (default), outlet, crowd or model; used when the forecaster is new." };
        var p = new Option<double?>("--p") { Description = "Binary: probability of yes." };
        var probs = new Option<string?>("--probabilities") { Description = "Multiple choice: one probability per option, comma-separated." };
        var quantiles = new Option<string?>("--quantiles") { Description = "Numeric/date: LEVEL:VALUE pairs, e.g. 0.1:5,0.5:10,0.9:20." };
        var samples = new Option<string?>("--samples") { Description = "Numeric/date: comma-separated samples." };
        var at = new Option<string?>("--at") { Description = "When the forecast was made (default: now)." };
        var rationale = new Option<string?>("--rationale") { Description = "Why." };
        var sourceUrl = new Option<string?>("--source-url") { Description = "Where the forecast was published." };
        var quote = new Option<string?>("--quote") { Description = "The words the forecast is read from." };
        var afterClose = new Option<bool>("--after-close") { Description = "Store a forecast made after the question's close time anyway (it is kept on record but not scored)." };
        var format = LedgerCli.Format();
        var cmd = new Command("add", "Record a forecast on a question.") { question, forecaster, kind, p, probs, quantiles, samples, at, rationale, sourceUrl, quote, afterClose, format };
        cmd.SetAction(parse => LedgerCli.WithStore(context, parse, db, store =>
        {
            var q = store.GetQuestion(parse.GetValue(question)!) ?? throw new LedgerException($"no question '{parse.GetValue(question)}' in the ledger (see 'brink ledger list')");
            IReadOnlyList<QuantilePoint>? qs = null;
            if (parse.GetValue(quantiles) is { } qt)
                qs = qt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
                {
                    var bits = pair.Split(':');
                    if (bits.Length != 2) throw new UsageException($"--quantiles: '{pair}' is not LEVEL:VALUE");
                    var level = LedgerCli.Numbers(bits[0], "--quantiles")[0];
                    var value = q.Kind == QuestionKind.Date && LedgerTime.TryParse(bits[1], out var d) ? LedgerTime.ToDays(d) : LedgerCli.Numbers(bits[1], "--quantiles")[0];
                    return new QuantilePoint(level, value);
                }).ToList();
            var name = parse.GetValue(forecaster)!;
            var f = new Forecast
            {
                QuestionId = q.Id,
                Forecaster = name,
                MadeAt = LedgerCli.Time(parse.GetValue(at), "--at", store.Clock.UtcNow),
                Probabilities = parse.GetValue(p) is { } single ? [single] : parse.GetValue(probs) is { } ps ? LedgerCli.Numbers(ps, "--probabilities") : null,
                Quantiles = qs,
                Samples = parse.GetValue(samples) is { } ss ? LedgerCli.Numbers(ss, "--samples") : null,
                Rationale = parse.GetValue(rationale), SourceUrl = parse.GetValue(sourceUrl), Quote = parse.GetValue(quote),
            };
            var defaultKind = name.StartsWith("model:", StringComparison.Ordinal) ? ForecasterKind.Model : ForecasterKind.Person;
            var late = ForecastEligibility.AfterClose(q, f);
            if (late is not null && !parse.GetValue(afterClose))
                throw new LedgerException($"forecast on '{q.Id}' refused: {late}. Add --after-close to keep it on record anyway (stored, not scored).");
            var stored = store.AddForecast(f, LedgerCli.Enum(parse.GetValue(kind), "--forecaster-kind", defaultKind), allowAfterClose: true);
            if (late is not null) context.Error.WriteLine($"brink: warning: forecast #{stored.Id} on {q.Id} was {late} (ledger score leaves it out; --include-after-close counts it).");
            if (LedgerCli.Json(parse, format))
                JsonOutput.Write(context, new ForecastAddedDocument(stored.Id, q.Id, stored.Forecaster, stored.MadeAt, late is null, late));
            else context.Out.WriteLine($"Recorded forecast #{stored.Id} by {stored.Forecaster} on {q.Id}{(late is null ? "" : " (after the close time: not scored)")}.");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Resolve(CliContext context, Option<string?> db)
    {
        var question = new Argument<string>("question") { Description = "Question id." };
        var outcome = new Argument<string?>("outcome") { Description = "yes/no, an option (label or index), a number or a date.", Arity = ArgumentArity.ZeroOrOne };
        var ambiguous = new Option<bool>("--ambiguous") { Description = "Mark the question ambiguous instead (not scored)." };
        var at = new Option<string?>("--at") { Description = "When the outcome happened or became known (default: now)." };
        var evidence = new Option<string?>("--evidence") { Description = "What settles it (cite it)." };
        var evidenceUrl = new Option<string?>("--evidence-url") { Description = "Link to the evidence." };
        var reresolve = new Option<bool>("--reresolve") { Description = "Change an existing resolution; the old one stays in the history." };
        var reason = new Option<string?>("--reason") { Description = "Why it is re-resolved (required with --reresolve)." };
        var format = LedgerCli.Format();
        var cmd = new Command("resolve", "Resolve a question (appends to its resolution history).") { question, outcome, ambiguous, at, evidence, evidenceUrl, reresolve, reason, format };
        cmd.SetAction(parse => LedgerCli.WithStore(context, parse, db, store =>
        {
            var q = store.GetQuestion(parse.GetValue(question)!) ?? throw new LedgerException($"no question '{parse.GetValue(question)}' in the ledger");
            double? value = null;
            var state = QuestionState.Resolved;
            if (parse.GetValue(ambiguous)) state = QuestionState.Ambiguous;
            else if (parse.GetValue(outcome) is { } text)
            {
                if (!Brink.Ledger.Import.OutcomeParser.TryParse(q, text, out var v, out var why)) throw new UsageException($"outcome: {why}");
                value = v;
            }
            else throw new UsageException("give the outcome (e.g. 'yes') or --ambiguous");
            var r = store.Resolve(new Resolution
            {
                QuestionId = q.Id, State = state, Value = value,
                ResolvedAt = LedgerCli.Time(parse.GetValue(at), "--at", store.Clock.UtcNow),
                Evidence = parse.GetValue(evidence), EvidenceUrl = parse.GetValue(evidenceUrl), Reason = parse.GetValue(reason),
            }, parse.GetValue(reresolve));
            if (LedgerCli.Json(parse, format)) JsonOutput.Write(context, new ResolvedDocument(q.Id, r.Revision, r.State, Brink.Ledger.Import.OutcomeParser.Format(q, r.Value)));
            else context.Out.WriteLine($"{q.Id}: {LedgerValidation.Name(r.State)}" + (r.Value is null ? "" : $" ({Brink.Ledger.Import.OutcomeParser.Format(q, r.Value)})") + $", revision {r.Revision}.");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Annul(CliContext context, Option<string?> db)
    {
        var question = new Argument<string>("question") { Description = "Question id." };
        var reason = new Option<string>("--reason") { Description = "Why the question is annulled.", Required = true };
        var evidence = new Option<string?>("--evidence") { Description = "Supporting evidence." };
        var reresolve = new Option<bool>("--reresolve") { Description = "Annul a question that already has a resolution (kept in the history)." };
        var format = LedgerCli.Format();
        var cmd = new Command("annul", "Annul a question: it will not be scored.") { question, reason, evidence, reresolve, format };
        cmd.SetAction(parse => LedgerCli.WithStore(context, parse, db, store =>
        {
            var r = store.Resolve(new Resolution
            {
                QuestionId = parse.GetValue(question)!, State = QuestionState.Annulled, ResolvedAt = store.Clock.UtcNow,
                Reason = parse.GetValue(reason), Evidence = parse.GetValue(evidence),
            }, parse.GetValue(reresolve));
            if (LedgerCli.Json(parse, format)) JsonOutput.Write(context, new AnnulledDocument(r.QuestionId, r.Revision, r.State));
            else context.Out.WriteLine($"{r.QuestionId}: annulled, revision {r.Revision}.");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
