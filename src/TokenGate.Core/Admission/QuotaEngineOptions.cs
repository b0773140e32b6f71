using System.ComponentModel.DataAnnotations;

namespace TokenGate.Core.Admission;

/// <summary>Settings of the <see cref="QuotaEngine"/>. Config section <c>TokenGate:Quota</c> (<c>TokenGate__Quota__*</c>).</summary>
public sealed class QuotaEngineOptions
{
    /// <summary>
    /// How much of a per-minute rate limit may be used at once. Default 1 minute: a full bucket holds one
    /// minute's allowance (RPM requests, TPM tokens) and refills continuously. Between 1 s and 1 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A user or tenant state untouched this long, with no open reservation, no unacknowledged usage and no
    /// active block, is forgotten. Default 10 minutes; must be at least <see cref="BurstWindow"/> (so the
    /// rate buckets are full again and forgetting them admits nothing extra).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the engine looks for idle state. Default 1 minute; <see cref="TimeSpan.Zero"/> = never by itself (call <see cref="QuotaEngine.EvictIdle"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan EvictionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Fail closed when the background synchronizer stops: when true and no
    /// <see cref="QuotaEngine.MarkSynchronized"/> happened within <see cref="StaleAfter"/> (or ever),
    /// admission is rejected with <see cref="RejectionReason.QuotaStateUnavailable"/> unless the tenant fails open.
    /// Default false (the engine is then never stale).
    /// </summary>
    public bool RequireSynchronization { get; set; }

    /// <summary>How old the last synchronization may be before quota state counts as stale. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retry-after given with <see cref="RejectionReason.QuotaStateUnavailable"/>. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan UnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException(string.Join("; ", results.Select(r => r.ErrorMessage)), nameof(QuotaEngineOptions));
        }

        if (IdleTimeout < BurstWindow)
        {
            throw new ArgumentException($"{nameof(IdleTimeout)} ({IdleTimeout}) must be at least {nameof(BurstWindow)} ({BurstWindow}).", nameof(QuotaEngineOptions));
        }
    }
}
