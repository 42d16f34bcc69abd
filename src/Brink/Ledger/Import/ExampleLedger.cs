namespace Brink.Ledger.Import;

/// <summary>
/// The bundled example ledger (ledger/example.yaml, embedded in the library): questions read from the commentary Brink
/// was born from, the speakers as forecasters with their quotes, and resolutions where history has answered.
/// </summary>
public static class ExampleLedger
{
    /// <summary>Name of the embedded resource that holds ledger/example.yaml.</summary>
    public const string ResourceName = "Brink.Ledger.example.yaml";

    /// <summary>Opens the embedded example ledger as text. Throws <see cref="InvalidOperationException"/> if the build left it out.</summary>
    public static TextReader Open() =>
        new StreamReader(typeof(ExampleLedger).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build"));

    /// <summary>Reads the example ledger into a batch with source "example" (diagnostics name ledger/example.yaml).</summary>
    public static ImportBatch Read()
    {
        using var reader = Open();
        var batch = LedgerDocument.Read(reader, "ledger/example.yaml", "example");
        return batch;
    }
}
