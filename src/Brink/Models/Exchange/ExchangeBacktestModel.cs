using System.Collections.Immutable;
using Brink.Backtest;

namespace Brink.Models.Exchange;

/// <summary>
/// The exchange model in the DEU back-test: all issues of one proposal form one exchange space
/// (Arregui, Stokman &amp; Thomson 2006). It learns nothing; <see cref="Fit"/> only groups the cases it is
/// given by proposal, so each issue is forecast from the positions and saliences on its proposal's
/// issues (never from outcomes).
/// </summary>
public sealed class ExchangeBacktestModel : IBacktestModel
{
    /// <inheritdoc/>
    public string Name => ExchangeModel.Name;
    /// <inheritdoc/>
    public string Description => "exchange of positions across the issues of a proposal (Stokman & Van Oosten 1994; Arregui, Stokman & Thomson 2006), equal-gain rule; compromise on the shifted positions";
    /// <inheritdoc/>
    public bool Learns => false;

    /// <inheritdoc/>
    public IForecaster Fit(IReadOnlyList<BacktestCase> training, BacktestProtocol protocol) => new Forecaster(training);

    private sealed class Forecaster(IReadOnlyList<BacktestCase> cases) : IForecaster
    {
        private readonly Dictionary<string, ImmutableArray<ExchangeResult>> _byProposal = [];
        private readonly ILookup<string, BacktestCase> _proposals = cases.ToLookup(c => c.Proposal, StringComparer.Ordinal);

        public string Name => ExchangeModel.Name;

        public double? Forecast(BacktestCase c)
        {
            if (!_byProposal.TryGetValue(c.Proposal, out var results))
            {
                // A case outside the list given to Fit is its own space (then it is the compromise model).
                var members = _proposals.Contains(c.Proposal) ? _proposals[c.Proposal].ToList() : [c];
                if (!members.Contains(c)) members.Add(c);
                try
                {
                    results = ExchangeModel.Run([.. members.Select(m => new ExchangeIssue(m.Issue with { IssueId = m.IssueId }, m.Issue.Actors))]);
                }
                catch (ArgumentException)
                {
                    results = [];
                }
                _byProposal[c.Proposal] = results;
            }
            foreach (var r in results)
                if (r.IssueId == c.IssueId) return r.Forecast.Mean;
            return null;
        }
    }
}
