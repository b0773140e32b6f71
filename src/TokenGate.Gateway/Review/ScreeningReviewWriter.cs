using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Detection;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Abuse;

namespace TokenGate.Gateway.Review;

/// <summary>
/// Drains <see cref="ScreeningReviewQueue"/> into review incidents (detector <see cref="Detector"/>): redacts PII
/// and secrets, truncates, deduplicates by the fingerprint of the normalised text per tenant, and caps incidents
/// per user per hour. One reader, so its bookkeeping needs no locks; it never blocks a user (the request's own
/// verdict already did what was needed).
/// </summary>
public sealed class ScreeningReviewWriter : BackgroundService
{
    /// <summary>Detector name of review incidents opened by inline screening.</summary>
    public const string Detector = "inline-screening";

    private const int MaxTrackedUsers = 100_000;
    private readonly ScreeningReviewQueue _queue;
    private readonly IIncidentSink _incidents;
    private readonly ScreeningReviewOptions _options;
    private readonly ScreeningReviewMetrics _metrics;
    private readonly ILogger<ScreeningReviewWriter> _logger;
    private readonly Dictionary<(string Tenant, string User), (long Hour, int Count)> _perUser = [];
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();

    /// <summary>Creates the writer over the queue and the incident sink.</summary>
    public ScreeningReviewWriter(
        ScreeningReviewQueue queue,
        IIncidentSink incidents,
        IOptions<ScreeningReviewOptions> options,
        ScreeningReviewMetrics metrics,
        ILogger<ScreeningReviewWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _incidents = incidents;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var sample in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(sample, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    _metrics.Sample(ScreeningReviewMetrics.Failed);
                    ScreeningReviewLog.Failed(_logger, sample.RequestId, ex);
                }
                finally
                {
                    _queue.Completed();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: samples still queued are lost, like buffered usage events.
        }
    }

    /// <summary>The text a reviewer sees: each user text redacted, joined by blank lines, cut to <paramref name="maxLength"/>.</summary>
    internal static (string Text, int FullLength, string Fingerprint) Prepare(IReadOnlyList<string> texts, int maxLength)
    {
        var redacted = string.Join("\n\n", texts.Where(t => !string.IsNullOrEmpty(t)).Select(PiiDetector.Redact));
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(redacted))).AsSpan(0, 16));
        if (redacted.Length <= maxLength)
        {
            return (redacted, redacted.Length, fingerprint);
        }

        var cut = char.IsHighSurrogate(redacted[maxLength - 1]) ? maxLength - 1 : maxLength;
        return (redacted[..cut], redacted.Length, fingerprint);
    }

    private async Task HandleAsync(ScreeningReviewSample sample, CancellationToken ct)
    {
        var (text, fullLength, fingerprint) = Prepare(sample.Texts, _options.MaxTextLength);
        var key = $"{Detector}:{sample.TenantId}:{fingerprint}";
        if (_recent.Contains(key))
        {
            _metrics.Sample(ScreeningReviewMetrics.Duplicate);
            return;
        }

        var userKey = (sample.TenantId, sample.UserId);
        var hour = sample.Time.ToUnixTimeSeconds() / 3600;
        var (windowHour, count) = _perUser.GetValueOrDefault(userKey);
        if (windowHour != hour)
        {
            count = 0;
        }

        if (count >= _options.MaxSamplesPerUserPerHour)
        {
            _metrics.Sample(ScreeningReviewMetrics.Capped);
            ScreeningReviewLog.Capped(_logger, sample.RequestId, sample.TenantId, sample.UserId);
            return;
        }

        var (incident, created) = await _incidents.CreateIfAbsentAsync(ToIncident(sample, key, text, fullLength, fingerprint), ct).ConfigureAwait(false);
        Remember(key);
        if (!created)
        {
            _metrics.Sample(ScreeningReviewMetrics.Duplicate);
            return;
        }

        Track(userKey, hour, count + 1);
        _metrics.Sample(ScreeningReviewMetrics.Opened);
        ScreeningReviewLog.Opened(_logger, incident.Id, sample.RequestId, sample.TenantId, sample.UserId, sample.Verdict.ToString(), sample.Score);
    }

    private static Incident ToIncident(ScreeningReviewSample sample, string key, string text, int fullLength, string fingerprint) => new()
    {
        Id = "inc-" + XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)).ToString("x16", CultureInfo.InvariantCulture),
        DeduplicationKey = key,
        Detector = Detector,
        SubjectKind = "user",
        Subject = sample.UserId,
        TenantId = sample.TenantId,
        UserId = sample.UserId,
        Severity = sample.Verdict == ScreeningVerdict.Block ? FindingSeverity.High : FindingSeverity.Medium,
        Score = sample.Score,
        DetectedAt = sample.Time,
        ReviewText = text,
        Evidence = new Dictionary<string, string>
        {
            ["requestId"] = sample.RequestId,
            ["keyId"] = sample.KeyId ?? string.Empty,
            ["model"] = sample.Model ?? string.Empty,
            ["verdict"] = sample.Verdict.ToString(),
            ["score"] = sample.Score.ToString("0.000", CultureInfo.InvariantCulture),
            ["reasons"] = string.Join(",", sample.Reasons),
            ["time"] = sample.Time.ToString("o", CultureInfo.InvariantCulture),
            ["fingerprint"] = fingerprint,
            ["textLength"] = fullLength.ToString(CultureInfo.InvariantCulture),
            ["truncated"] = fullLength > text.Length ? "true" : "false",
        },
    };

    private void Track((string Tenant, string User) user, long hour, int count)
    {
        if (_perUser.Count >= MaxTrackedUsers && !_perUser.ContainsKey(user))
        {
            // Bounded memory: forget windows from earlier hours (they no longer count).
            foreach (var stale in _perUser.Where(p => p.Value.Hour != hour).Select(p => p.Key).ToList())
            {
                _perUser.Remove(stale);
            }
        }

        _perUser[user] = (hour, count);
    }

    private void Remember(string key)
    {
        if (!_recent.Add(key))
        {
            return;
        }

        _recentOrder.Enqueue(key);
        while (_recentOrder.Count > _options.RecentFingerprints)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }
    }
}
