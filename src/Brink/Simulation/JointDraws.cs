using System.Collections.Immutable;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Simulation;

/// <summary>
/// A model whose forecast on one issue depends on the inputs of other issues too (the exchange model bargains over
/// every issue of its exchange space at once). One issue's draws cannot stand for such a model's draws, so the
/// Monte Carlo engine binds it to the run (<see cref="Bind"/>) and hands each of its workers the draw index: the
/// model draws the inputs of every issue it reads itself, from the run's seed (<see cref="JointDraws"/>).
/// Its plain <see cref="IIssueModel.CreateWorker"/> evaluates the issue's buffer with the other issues at their
/// point values (the point forecast, shocks and what-if analyses of one issue).
/// </summary>
public interface IJointIssueModel : IIssueModel
{
    /// <summary>The issues of the space, in the order the model reads them.</summary>
    ImmutableArray<string> Space { get; }

    /// <summary>The issues a run on <paramref name="issueId"/> reads (a model with several spaces, such as the spatial model of politics with one per negotiation, narrows <see cref="Space"/>).</summary>
    ImmutableArray<string> SpaceOf(string issueId) => Space;

    /// <summary>
    /// The model's draws in a Monte Carlo run on <paramref name="template"/>'s issue with these options and rank correlations:
    /// draw d is a pure function of (seed, d), so the result is the same whatever the thread count or chunking.
    /// </summary>
    /// <exception cref="ArgumentException">The template's issue is not in the space, or the rank correlations are invalid.</exception>
    IJointDrawModel Bind(IssueTemplate template, MonteCarloOptions options, IReadOnlyList<InputCorrelation> correlations);
}

/// <summary>A joint model bound to one Monte Carlo run (<see cref="IJointIssueModel.Bind"/>).</summary>
public interface IJointDrawModel
{
    /// <summary>A worker for one thread (workers keep buffers and are not thread-safe).</summary>
    IJointDrawWorker CreateWorker();
}

/// <summary>Evaluates a joint model for one draw of the run it was bound to; not thread-safe, one per thread.</summary>
public interface IJointDrawWorker
{
    /// <summary>The forecast on the bound issue in draw <paramref name="draw"/>; <paramref name="dyads"/> as in <see cref="IIssueModelWorker.Evaluate"/>.</summary>
    Forecast Evaluate(int draw, Span<DyadOutcome> dyads);

    /// <summary>Which of the model's <see cref="IDrawNotes.DrawNotes"/> applied to the last <see cref="Evaluate"/> (bit k = note k); 0 by default.</summary>
    int LastNotes => 0;
}

/// <summary>
/// A model whose single draws can fall back or be adjusted (the spatial model of politics: a run cut at its turn limit,
/// drawn saliences scaled to KTAB's limit). Its joint workers say after each draw which notes applied
/// (<see cref="IJointDrawWorker.LastNotes"/>); the Monte Carlo run counts them and reports each note that occurred with
/// the number of draws, so such draws are never silently part of a distribution.
/// </summary>
public interface IDrawNotes
{
    /// <summary>The notes a draw can carry, bit k of <see cref="IJointDrawWorker.LastNotes"/> = note k (at most 31).</summary>
    ImmutableArray<DrawNote> DrawNotes { get; }
}

/// <summary>Something that can happen in one draw: a warning code and what happened, in words.</summary>
public sealed record DrawNote(string Code, string Message);

/// <summary>
/// One joint draw of the uncertain inputs of several issues (design §5 applied to an exchange space). The varied
/// inputs of all issues form one draw vector: the slots of each issue's <see cref="IssueTemplate"/> in issue order,
/// a number that several issues share (the same <see cref="ParameterRef"/>: an actor's capability, risk, or a
/// reference without an issue) taking one slot, drawn once and used on every issue. Row d comes from the same
/// counter-based stream as a one-issue run's row d (<see cref="DrawSource"/>: <see cref="DrawRandom"/>(seed, 0, d)),
/// so without rank correlations the first issue's inputs in a joint draw are those of the one-issue run of that issue,
/// and a space of one issue draws exactly what the one-issue simulation draws. Rank correlations apply across the whole vector.
/// </summary>
public sealed class JointDraws
{
    private readonly DrawSource _source;
    private readonly int[][] _map;

    private JointDraws(ImmutableArray<IssueTemplate> issues, ImmutableArray<ParameterRef> inputs, DrawSource source, int[][] map)
    {
        Issues = issues;
        Inputs = inputs;
        _source = source;
        _map = map;
    }

    /// <summary>The issues, in the order given.</summary>
    public ImmutableArray<IssueTemplate> Issues { get; }

    /// <summary>The inputs of one joint draw, in draw-vector order.</summary>
    public ImmutableArray<ParameterRef> Inputs { get; }

    /// <summary>Prepares the joint draws of the issues for a run of <paramref name="draws"/> draws.</summary>
    /// <exception cref="ArgumentException">The rank correlations are not a valid correlation matrix.</exception>
    public static JointDraws Create(IReadOnlyList<IssueTemplate> issues, IReadOnlyList<InputCorrelation> correlations, int draws, ulong seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(correlations);
        var inputs = new List<ParameterRef>();
        var distributions = new List<Distribution>();
        var index = new Dictionary<ParameterRef, int>();
        var map = new int[issues.Count][];
        for (var d = 0; d < issues.Count; d++)
        {
            var slots = issues[d].Slots;
            map[d] = new int[slots.Length];
            for (var k = 0; k < slots.Length; k++)
            {
                if (!index.TryGetValue(slots[k].Target, out var j))
                {
                    j = inputs.Count;
                    index[slots[k].Target] = j;
                    inputs.Add(slots[k].Target);
                    distributions.Add(slots[k].Distribution);
                }
                map[d][k] = j;
            }
        }
        var (columns, target) = InputSampler.CorrelationMatrix(correlations, r => FindInput(inputs, r));
        var source = DrawSource.Create(distributions, columns, target, draws, seed, threads);
        return new JointDraws([.. issues], [.. inputs], source, map);
    }

    /// <summary>Buffers for <see cref="Fill"/>: one per issue, and the draw vector.</summary>
    public (IssueBuffer[] Buffers, double[] Row, double[][] IssueRows) CreateBuffers() =>
        ([.. Issues.Select(t => t.CreateBuffer())], new double[Inputs.Length], [.. Issues.Select(t => new double[t.Slots.Length])]);

    /// <summary>Writes draw <paramref name="draw"/> into every issue's buffer (point values, then the issue's drawn slots).</summary>
    public void Fill(int draw, IssueBuffer[] buffers, double[] row, double[][] issueRows)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(issueRows);
        _source.Fill(draw, row);
        for (var d = 0; d < _map.Length; d++)
        {
            var map = _map[d];
            var issueRow = issueRows[d];
            for (var k = 0; k < map.Length; k++) issueRow[k] = row[map[k]];
            Issues[d].Apply(buffers[d], issueRow);
        }
    }

    // As InputSampler.FindSlot: the first input of the same actor and parameter on the same issue, an issue-less
    // reference matching any issue.
    private static int FindInput(List<ParameterRef> inputs, ParameterRef target)
    {
        for (var j = 0; j < inputs.Count; j++)
        {
            var s = inputs[j];
            if (s.ActorId == target.ActorId && s.Parameter == target.Parameter && (s.IssueId == target.IssueId || s.IssueId is null || target.IssueId is null))
                return j;
        }
        return -1;
    }
}
