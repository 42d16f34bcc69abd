using System.Text.Json.Serialization;

namespace Brink.Application;

/// <summary>
/// Serialisation code generated at build time for the documents a command prints most (run, simulate, SMP):
/// with reflection, System.Text.Json emits and jits a converter per type on first use, about 100 ms of every
/// <c>brink run --format json</c>. <see cref="BrinkJson"/> asks this context first and falls back to reflection for
/// every other type, with the same options (naming policy, enum strings, named floating-point literals), so the
/// bytes are the same either way (<c>BrinkJsonContextTests</c>).
/// </summary>
/// <remarks>One context per document: their nested types share names (<c>IssueDoc</c>, <c>ActorDoc</c>), which one context cannot hold.</remarks>
[JsonSerializable(typeof(RunDocument))]
public sealed partial class RunJsonContext : JsonSerializerContext;

/// <summary>Generated serialisation of <see cref="SimulationReport"/> (see <see cref="RunJsonContext"/>).</summary>
[JsonSerializable(typeof(SimulationReport))]
public sealed partial class SimulationJsonContext : JsonSerializerContext;

/// <summary>Generated serialisation of <see cref="SmpDocument"/> (see <see cref="RunJsonContext"/>).</summary>
[JsonSerializable(typeof(SmpDocument))]
public sealed partial class SmpJsonContext : JsonSerializerContext;

/// <summary>Generated serialisation of <see cref="ValidateFilesDocument"/> (see <see cref="RunJsonContext"/>).</summary>
[JsonSerializable(typeof(ValidateFilesDocument))]
public sealed partial class ValidateJsonContext : JsonSerializerContext;

/// <summary>Generated serialisation of <see cref="PerspectivesDocument"/> (see <see cref="RunJsonContext"/>).</summary>
[JsonSerializable(typeof(PerspectivesDocument))]
public sealed partial class PerspectivesJsonContext : JsonSerializerContext;

/// <summary>Generated serialisation of the SMP trace's JSON Lines (<see cref="SmpTraceHeader"/>, <see cref="SmpTraceTurn"/>; see <see cref="RunJsonContext"/>).</summary>
[JsonSerializable(typeof(SmpTraceHeader))]
[JsonSerializable(typeof(SmpTraceTurn))]
public sealed partial class SmpTraceJsonContext : JsonSerializerContext;

/// <summary>Generated serialisation of <see cref="CrisisDocument"/> (<c>run --model crisis</c>; see <see cref="RunJsonContext"/>).</summary>
[JsonSerializable(typeof(CrisisDocument))]
public sealed partial class CrisisJsonContext : JsonSerializerContext;

/// <summary>Generated serialisation of <see cref="CrisisSimulationDocument"/> (<c>simulate --model crisis</c>; see <see cref="RunJsonContext"/>).</summary>
[JsonSerializable(typeof(CrisisSimulationDocument))]
public sealed partial class CrisisSimulationJsonContext : JsonSerializerContext;
