namespace TokenGate.Integration.Tests.Hostile;

/// <summary>One generated request: what is sent, and a label saying which hostile family it came from.</summary>
public sealed record HostileRequest(string Label, string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, bool Chunked)
{
    public override string ToString()
    {
        var preview = System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 160)));
        return $"{Label}: {Method} {Path} [{string.Join(", ", Headers.Select(h => h.Key + ": " + (h.Value.Length > 40 ? h.Value[..40] + "…" : h.Value)))}] {Body.Length} bytes{(Chunked ? " chunked" : string.Empty)} {preview}";
    }
}
