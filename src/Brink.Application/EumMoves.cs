using System.Globalization;
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
    public string Why => Type switch
    {
        OfferType.Conflict =>
            $"conflict: {Actor} expects to lose a confrontation with {Proposer} (E(U_ij) = {F(EuIJ)} < E(U_ji) = {F(EuJI)}) and gives way",
        OfferType.Compromise =>
            $"compromise: {Proposer} gains more from pressing (E(U_ji) = {F(EuJI)}) than {Actor} would lose (E(U_ij) = {F(EuIJ)}), so {Actor} meets it part-way",
        _ =>
            $"capitulation: {Actor}'s expected loss (E(U_ij) = {F(EuIJ)}) outweighs {Proposer}'s gain (E(U_ji) = {F(EuJI)}), so {Actor} adopts {Proposer}'s position",
    };

    /// <summary>Every accepted offer that changed a position, in round and input order.</summary>
    public static IReadOnlyList<EumMove> Of(EumResult result, SpatialIssue input) =>
    [
        .. result.Rounds.SelectMany(r => r.Actors
            .Where(a => a.Offer is not null && Math.Abs(a.End - a.Start) > 1e-12)
            .Select(a => new EumMove(r.Round, input.Actors[a.Actor], a.Start, a.End, a.Offer!.Type, input.Actors[a.Offer.From], a.Offer.EuIJ, a.Offer.EuJI))),
    ];

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
