using System.Text;
using Brink.Scenarios;

namespace Brink.Files;

/// <summary>Byte limits on what Brink reads, checked before a file is parsed (docs/usage.md, "Limits").</summary>
public static class InputLimits
{
    /// <summary>Scenario files in every format (YAML, JSON, CSV, TSV, DEU), back-test protocols, fitted parameters, crisis data: 20 MiB.</summary>
    public const long MaxInputBytes = 20L * 1024 * 1024;

    /// <summary>Ledger imports (Metaculus, GJP, ForecastBench dumps, ledger files, forecast CSV): 1 GiB.</summary>
    public const long MaxImportBytes = 1024L * 1024 * 1024;

    /// <summary>
    /// Largest magnitude of a number in a scenario: 1e15. The models square differences of positions and sum products of
    /// capabilities over all actors; numbers near ±1e308 would overflow to infinity or NaN, so they are refused when read
    /// (a capability in dollars of GDP, ~2.5e13, still fits).
    /// </summary>
    public const double MaxMagnitude = 1e15;

    /// <summary>A size for messages: whole GiB when it is a whole number of GiB, else MiB with one decimal.</summary>
    public static string Describe(long bytes) => bytes >= 1024 * 1024 * 1024 && bytes % (1024 * 1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024 * 1024)} GiB"
        : $"{bytes / (1024.0 * 1024):0.#} MiB";
}

/// <summary>A file Brink was asked to read cannot be read: the message names the file and says why.</summary>
public sealed class InputFileException(string message) : Exception(message);

/// <summary>
/// The one way Brink opens a file it reads. Only regular files (or links to one) are opened, so a FIFO, a
/// device such as /dev/zero, a directory or a socket is refused at once instead of blocking or reading forever,
/// and a file larger than the caller's limit is refused before any of it is parsed.
/// </summary>
public static class InputFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Why <paramref name="path"/> cannot be read (without the path), or null when it is a regular file within the limit.</summary>
    public static string? Problem(string path, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) return "no file name given";
        if (path.Contains('\0', StringComparison.Ordinal)) return "the file name contains a NUL character";
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Missing)
            return File.Exists(path) || Directory.Exists(path) ? "cannot read the file (permission denied?)" : "file not found";
        if (kind == FileKind.Directory) return "is a directory, expected a file";
        if (kind != FileKind.Regular) return $"is {FileKinds.Describe(kind)}, not a regular file; Brink reads only regular files";
        long length;
        try { length = new FileInfo(path).Length; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return $"cannot read the file: {e.Message}"; }
        return length > maxBytes ? TooLarge(length, maxBytes) : null;
    }

    private static string TooLarge(long length, long maxBytes) =>
        $"the file is {InputLimits.Describe(length)} ({length:N0} bytes), larger than the {InputLimits.Describe(maxBytes)} limit for this kind of file";

    /// <summary>Throws <see cref="InputFileException"/> ("path: why") unless <paramref name="path"/> is a regular file within the limit.</summary>
    public static void Check(string path, long maxBytes)
    {
        if (Problem(path, maxBytes) is { } why) throw new InputFileException($"{path}: {why}");
    }

    /// <summary>Opens a regular file for reading; throws <see cref="InputFileException"/> ("path: why") otherwise.</summary>
    public static Stream OpenRead(string path, long maxBytes)
    {
        Check(path, maxBytes);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
            // The file may have grown (or been swapped) between the check and the open: check what was opened.
            if (stream.Length > maxBytes)
            {
                var length = stream.Length;
                stream.Dispose();
                throw new InputFileException($"{path}: {TooLarge(length, maxBytes)}");
            }
            return new BoundedStream(stream, maxBytes, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"{path}: cannot read the file: {e.Message}");
        }
    }

    /// <summary>A stream that throws <see cref="InputFileException"/> once more than <paramref name="maxBytes"/> are read (e.g. a zip entry, whose stated size may lie).</summary>
    public static Stream Bounded(Stream inner, long maxBytes, string name) => new BoundedStream(inner, maxBytes, name);

    /// <summary>Strict UTF-8 reader over any stream (a BOM is skipped): bytes that are not UTF-8 throw instead of turning into U+FFFD.</summary>
    public static TextReader Text(Stream stream) => new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true);

    /// <summary>Reads a whole file as bytes within the limit.</summary>
    public static byte[] ReadBytes(string path, long maxBytes)
    {
        using var stream = OpenRead(path, maxBytes);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>A text reader over a file that rejects bytes that are not UTF-8 (a BOM is skipped).</summary>
    public static TextReader OpenText(string path, long maxBytes) =>
        new StreamReader(OpenRead(path, maxBytes), StrictUtf8, detectEncodingFromByteOrderMarks: true);

    /// <summary>
    /// Reads a whole file as UTF-8 text (a UTF-8 BOM is dropped, a UTF-16 BOM is honoured). Bytes that are not
    /// UTF-8 are an error with their line and column rather than silently replaced.
    /// </summary>
    public static bool TryReadText(string path, long maxBytes, out string text, out Diagnostic? error)
    {
        text = "";
        byte[] bytes;
        try { bytes = ReadBytes(path, maxBytes); }
        catch (InputFileException e)
        {
            error = new Diagnostic(path, 0, 0, "", e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message);
            return false;
        }
        return TryDecode(bytes, path, out text, out error);
    }

    /// <summary><see cref="TryReadText"/> that throws <see cref="InputFileException"/> with the located message ("file:line:col: …").</summary>
    public static string ReadText(string path, long maxBytes)
    {
        if (TryReadText(path, maxBytes, out var text, out var error)) return text;
        var e = error!;
        throw new InputFileException(e.Line > 0 ? $"{e.File}:{e.Line}:{e.Column}: {e.Message}" : $"{e.File}: {e.Message}");
    }

    /// <summary>Decodes bytes as text as <see cref="TryReadText"/> does.</summary>
    public static bool TryDecode(byte[] bytes, string file, out string text, out Diagnostic? error)
    {
        error = null;
        text = "";
        Encoding encoding = StrictUtf8;
        var skip = 0;
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) skip = 3;
        else if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) { encoding = new UnicodeEncoding(false, false, true); skip = 2; }
        else if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) { encoding = new UnicodeEncoding(true, false, true); skip = 2; }
        try
        {
            text = encoding.GetString(bytes, skip, bytes.Length - skip);
            return true;
        }
        catch (DecoderFallbackException e)
        {
            var offset = skip + Math.Max(0, e.Index);
            if (encoding is UTF8Encoding) offset = FirstInvalidUtf8(bytes, skip);
            var (line, column) = Locate(bytes, offset, skip);
            var what = encoding is UTF8Encoding ? $"byte 0x{bytes[Math.Min(offset, bytes.Length - 1)]:X2} is not valid UTF-8" : "invalid UTF-16";
            error = new Diagnostic(file, line, column, "", $"{what}; save the file as UTF-8");
            return false;
        }
    }

    private static int FirstInvalidUtf8(byte[] bytes, int from)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(from), new char[bytes.Length - from], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes.Length - 1 : from + read;
    }

    private static (int Line, int Column) Locate(byte[] bytes, int offset, int from)
    {
        int line = 1, lineStart = from;
        for (var i = from; i < offset && i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') { line++; lineStart = i + 1; }
        var column = 1;
        for (var i = lineStart; i < offset && i < bytes.Length; i++)
            if ((bytes[i] & 0xC0) != 0x80) column++;
        return (line, column);
    }

    /// <summary>Refuses to read past the limit even if the file grows while it is read.</summary>
    private sealed class BoundedStream(Stream inner, long maxBytes, string path) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _read += n;
            if (_read > maxBytes) throw new InputFileException($"{path}: more than the {InputLimits.Describe(maxBytes)} limit for this kind of file");
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
