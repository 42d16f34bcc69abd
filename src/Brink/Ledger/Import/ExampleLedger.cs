namespace Brink.Ledger.Import;

/// <summary>
/// The bundled example ledger (ledger/example.yaml, embedded in the library): questions read from the commentary Brink
/// was born from, the speakers as forecasters with their quotes, and resolutions where history has answered.
/// </summary>
public static class ExampleLedger
{
    public const string ResourceName = "Brink.Ledger.example.yaml";

    public static TextReader Open() =>
        new StreamReader(typeof(ExampleLedger).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build"));

    public static ImportBatch Read()
    {
        using var reader = Open();
        var batch = LedgerDocument.Read(reader, "ledger/example.yaml", "example");
        return batch;
    }
}
