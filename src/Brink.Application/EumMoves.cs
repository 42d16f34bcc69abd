using Brink.Models;

namespace Brink.Application;

/// <summary>One move in an EUM trace: who moved, toward whom, and why.</summary>
public sealed record EumMove(int Round, string Actor, double From, double To, OfferType Type, string Proposer, double EuIJ, double EuJI)
{
    /// <summary>
    /// The reason in words, from the receiver i's view of proposer j (Bueno de Mesquita 1994;
    /// design §4.2): conflict when i expects to lose (e_ji &gt; e_ij &gt; 0), compromise when
    /// e_ij &lt; 0 &lt; e_ji and |e_ij| &lt; e_ji, capitulation when |e_ij| &gt; e_ji.
    /// </summary>
    public string Why
    {
        get
        {
            // Each comparison is printed with the digits that show it (NumberText.Pair).
            var (ij, ji) = NumberText.Pair(EuIJ, EuJI);
            var (lossIJ, gainJI) = NumberText.Pair(Math.Abs(EuIJ), EuJI);
            return Type switch
            {
                OfferType.Conflict =>
                    $"conflict: {Actor} expects to lose a confrontation with {Proposer} (E(U_ij) = {ij} < E(U_ji) = {ji}) and gives way",
                OfferType.Compromise =>
                    $"compromise: {Proposer} gains more from pressing (E(U_ji) = {gainJI}) than {Actor} would lose (|E(U_ij)| = {lossIJ}), so {Actor} meets it part-way",
                _ =>
                    $"capitulation: {Actor}'s expected loss (|E(U_ij)| = {lossIJ}) outweighs {Proposer}'s gain (E(U_ji) = {gainJI}), so {Actor} adopts {Proposer}'s position",
            };
        }
    }

    /// <summary>Every accepted offer that changed a position, in round and input order.</summary>
    public static IReadOnlyList<EumMove> Of(EumResult result, SpatialIssue input) =>
    [
        .. result.Rounds.SelectMany(r => r.Actors
            .Where(a => a.Offer is not null && Math.Abs(a.End - a.Start) > 1e-12)
            .Select(a => new EumMove(r.Round, input.Actors[a.Actor], a.Start, a.End, a.Offer!.Type, input.Actors[a.Offer.From], a.Offer.EuIJ, a.Offer.EuJI))),
    ];
}
