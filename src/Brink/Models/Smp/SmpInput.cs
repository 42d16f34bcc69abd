using System.Collections.Immutable;

namespace Brink.Models.Smp;

/// <summary>One dimension of a multi-dimensional issue: its id and scale [Min, Max].</summary>
public sealed record SmpDimension(string Id, double Min, double Max)
{
    /// <summary>Human-readable name of the dimension (e.g. KTAB's column header), when given.</summary>
    public string? Label { get; init; }
    /// <summary>The dimension's status quo on its scale, when the scenario gives one (the SMP does not use it; Nash on the product space does).</summary>
    public double? StatusQuo { get; init; }
    /// <see cref="Label"/> when given, else <see cref="Id"/>.
    public string DisplayName => Label ?? Id;
}

/// <summary>
/// The input of the Spatial Model of Politics: n actors with a scalar capability, and per dimension a
/// position on the dimension's scale and a salience in [0,1] whose sum over dimensions is at most 1
/// (KTAB smpread.cpp). Positions are stored row-major (actor × dimension) in scale units; the model
/// works on each dimension's scale mapped to [0,1], as KTAB does with its 0–100 inputs.
/// </summary>
public sealed record SmpInput
{
    /// <summary>Id of the multi-dimensional issue (the scenario's package).</summary>
    public required string Id { get; init; }
    /// <summary>Actor ids, in scenario order.</summary>
    public required ImmutableArray<string> Actors { get; init; }
    /// <summary>The issue's dimensions, each with its scale.</summary>
    public required ImmutableArray<SmpDimension> Dimensions { get; init; }
    /// <summary>Scalar capability per actor, ≥ 0 (only ratios matter).</summary>
    public required ImmutableArray<double> Capability { get; init; }
    /// <summary>n × d, row-major, on each dimension's scale.</summary>
    public required ImmutableArray<double> Position { get; init; }
    /// <summary>n × d, row-major, in [0,1].</summary>
    public required ImmutableArray<double> Salience { get; init; }

    /// <summary>Number of actors n.</summary>
    public int Count => Actors.Length;
    /// <summary>Number of dimensions d.</summary>
    public int DimensionCount => Dimensions.Length;

    /// <summary>The smallest number of actors KTAB accepts (kmodel.h Model::minNumActor).</summary>
    public const int MinActors = 3;

    /// <summary>Checks the input; returns the problems (actor and field named), empty when it can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        int n = Count, d = DimensionCount;
        if (d == 0) problems.Add($"{Id}: no dimensions");
        if (n < MinActors) problems.Add($"{Id}: the spatial model of politics needs at least {MinActors} actors, found {n}");
        if (Capability.Length != n || Position.Length != n * d || Salience.Length != n * d)
        {
            problems.Add($"{Id}: arrays do not match {n} actors × {d} dimensions");
            return problems;
        }
        foreach (var dim in Dimensions)
            if (!(dim.Max > dim.Min)) problems.Add($"{Id}: dimension '{dim.Id}' has an empty scale [{dim.Min}, {dim.Max}]");
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(Capability[i]) || Capability[i] <= 0)
                problems.Add($"{Id}: actor '{Actors[i]}' needs a positive capability, found {Capability[i]}");
            double total = 0;
            for (var k = 0; k < d; k++)
            {
                var s = Salience[i * d + k];
                var x = Position[i * d + k];
                if (!double.IsFinite(s) || s < 0 || s > 1)
                    problems.Add($"{Id}: actor '{Actors[i]}' salience on '{Dimensions[k].Id}' must be in [0, 1], found {s}");
                if (!double.IsFinite(x) || x < Dimensions[k].Min || x > Dimensions[k].Max)
                    problems.Add($"{Id}: actor '{Actors[i]}' position on '{Dimensions[k].Id}' must lie on [{Dimensions[k].Min}, {Dimensions[k].Max}], found {x}");
                total += s;
            }
            if (total <= 0) problems.Add($"{Id}: actor '{Actors[i]}' has zero salience on every dimension");
            if (total > 1 + 1e-9) problems.Add($"{Id}: actor '{Actors[i]}' saliences add up to {total:0.####}, more than 1 (KTAB: at most 100% of attention over all dimensions)");
        }
        return problems;
    }

    /// <summary>Position of actor i on dimension k mapped to [0,1].</summary>
    internal double Unit(int i, int k)
    {
        var dim = Dimensions[k];
        var x = Position[i * DimensionCount + k];
        // x/100 exactly for KTAB's 0–100 scales, as smpread.cpp divides by 100.
        return dim.Min == 0 ? x / dim.Max : (x - dim.Min) / (dim.Max - dim.Min);
    }

    /// <summary>A [0,1] coordinate on dimension k back on the dimension's scale.</summary>
    internal double Scale(int k, double unit)
    {
        var dim = Dimensions[k];
        return dim.Min == 0 ? unit * dim.Max : dim.Min + unit * (dim.Max - dim.Min);
    }
}

/// <summary>Builds <see cref="SmpInput"/>s from scenarios.</summary>
public static class SmpInputs
{
    /// <summary>
    /// The input for one package of a scenario (a multi-dimensional issue, or a one-dimensional issue
    /// id): the actors holding a stance on every dimension, in scenario order. Actors with stances on
    /// only some dimensions are left out, and <paramref name="leftOut"/> names them.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown package id.</exception>
    public static SmpInput From(Scenarios.Scenario scenario, string packageId, out IReadOnlyList<string> leftOut)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var package = scenario.Packages().FirstOrDefault(p => p.Id == packageId);
        if (package.Id is null)
            throw new ArgumentException($"unknown issue '{packageId}'; the scenario's issues are: {string.Join(", ", scenario.Packages().Select(p => p.Id))}", nameof(packageId));
        var dims = package.Dimensions;
        var holders = scenario.Actors.Where(a => dims.All(d => a.Stances.ContainsKey(d.Id))).ToList();
        leftOut = [.. scenario.Actors.Where(a => !holders.Contains(a) && dims.Any(d => a.Stances.ContainsKey(d.Id))).Select(a => a.DisplayName)];
        return new SmpInput
        {
            Id = packageId,
            Actors = [.. holders.Select(a => a.DisplayName)],
            Dimensions = [.. dims.Select(d => new SmpDimension(d.Dimension ?? d.Id, d.Min, d.Max) { Label = d.Description, StatusQuo = d.StatusQuo })],
            Capability = [.. holders.Select(a => a.Capability)],
            Position = [.. holders.SelectMany(a => dims.Select(d => a.Stances[d.Id].Position))],
            Salience = [.. holders.SelectMany(a => dims.Select(d => a.Stances[d.Id].Salience))],
        };
    }
}
