using System.Globalization;

namespace TokenGate.Core.Detection;

/// <summary>
/// One scored finding with the evidence a reviewer needs (counts, rates, baselines: never prompt text).
/// <see cref="SubjectKind"/> is "user", "client-ip" or "key"; <see cref="Subject"/> the id or hash.
/// </summary>
public sealed record DetectionFinding(
    string Detector,
    string SubjectKind,
    string Subject,
    string? TenantId,
    string? UserId,
    double Score,
    FindingSeverity Severity,
    DateTimeOffset Time,
    IReadOnlyDictionary<string, string> Evidence)
{
    /// <summary>
    /// Stable deduplication key: detector, severity, subject and the hour of the finding's event time, so a
    /// redelivered batch or an ongoing attack maps to one incident per hour.
    /// </summary>
    public string DeduplicationKey =>
        string.Create(CultureInfo.InvariantCulture, $"{Detector}|{Severity}|{SubjectKind}|{TenantId}|{Subject}|{Time.UtcDateTime:yyyyMMddHH}");
}
