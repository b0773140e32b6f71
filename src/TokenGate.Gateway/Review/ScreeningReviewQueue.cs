using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Identity;

namespace TokenGate.Gateway.Review;

/// <summary>
/// A bounded in-process queue of screened prompts for <see cref="ScreeningReviewWriter"/>. The request path only
/// checks the verdict and the tenant's mode, copies the text references and tries to write: when the queue is full
/// the sample is dropped (metric + log), never waited for.
/// </summary>
public sealed class ScreeningReviewQueue : IScreeningReviewQueue
{
    private readonly Channel<ScreeningReviewSample> _channel;
    private readonly ScreeningReviewMetrics _metrics;
    private readonly ILogger<ScreeningReviewQueue> _logger;
    private readonly Lock _idleLock = new();
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;
    private long _dropped;

    /// <summary>Creates the queue with <see cref="ScreeningReviewOptions.Capacity"/>.</summary>
    public ScreeningReviewQueue(IOptions<ScreeningReviewOptions> options, ScreeningReviewMetrics metrics, ILogger<ScreeningReviewQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = Channel.CreateBounded<ScreeningReviewSample>(new BoundedChannelOptions(options.Value.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _metrics = metrics;
        _logger = logger;
        _idle.SetResult();
    }

    /// <summary>Samples dropped because the queue was full, since start.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    internal ChannelReader<ScreeningReviewSample> Reader => _channel.Reader;

    /// <inheritdoc />
    public bool Offer(string requestId, CallerIdentity caller, string? model, DateTimeOffset time, ScreeningResult screening, ScreeningPolicy policy, IReadOnlyList<string> userTexts)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(userTexts);
        if (!IsReviewable(screening, policy) || userTexts.Count == 0)
        {
            return false;
        }

        var sample = new ScreeningReviewSample(
            requestId, caller.TenantId, caller.UserId, caller.KeyId, model, time, screening.Verdict, screening.InjectionScore, screening.Reasons, [.. userTexts]);
        Began();
        // With FullMode.Wait, TryWrite returns false when full instead of evicting: the new sample is the one dropped.
        if (_channel.Writer.TryWrite(sample))
        {
            _metrics.Sample(ScreeningReviewMetrics.Queued);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        _metrics.Sample(ScreeningReviewMetrics.Dropped);
        ScreeningReviewLog.Dropped(_logger, requestId);
        Completed();
        return false;
    }

    /// <summary>Completes when every queued sample has been handled by the writer (tests, orderly shutdown).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_idleLock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Flagged or blocked because of the injection score (not only PII), and the tenant keeps samples.</summary>
    internal static bool IsReviewable(ScreeningResult screening, ScreeningPolicy policy) =>
        screening.Verdict != ScreeningVerdict.Allow
        && policy.ReviewSamples != ReviewSampleMode.Off
        && screening.InjectionScore >= policy.FlagThreshold;

    /// <summary>Called by the writer after handling one sample, whatever its outcome.</summary>
    internal void Completed()
    {
        lock (_idleLock)
        {
            if (--_pending == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private void Began()
    {
        lock (_idleLock)
        {
            if (_pending++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
