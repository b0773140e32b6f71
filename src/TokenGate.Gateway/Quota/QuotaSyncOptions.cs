using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Quota;

/// <summary>Settings of the quota synchronizer (section <c>TokenGate:QuotaSync</c>, app settings <c>TokenGate__QuotaSync__*</c>).</summary>
public sealed class QuotaSyncOptions : IValidatableObject
{
    /// <summary>Configuration section bound by <see cref="QuotaSyncServiceCollectionExtensions.AddTokenGateQuotaSync"/>.</summary>
    public const string SectionName = "TokenGate:QuotaSync";

    /// <summary>This process's id, fresh per process start (two processes must never share a source id).</summary>
    public static readonly string ProcessSourceId = Guid.NewGuid().ToString("N");

    /// <summary>How often settled usage is coalesced into batches and signalled to the entities. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each active account's entity state is read back. Default 2 s. Sets the multi-instance overshoot window.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A batch not yet seen applied is signalled again after this long. Default 15 s; at least <see cref="RefreshInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An account with no settlement, no watch and nothing pending for this long stops being refreshed. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ActiveAccountTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Entity reads in flight at once during a refresh round. Default 8.</summary>
    [Range(1, 256)]
    public int MaxConcurrentReads { get; set; } = 8;

    /// <summary>Id of this instance in settlement batches. Default: <see cref="ProcessSourceId"/>. Leave unset: a shared id would make entities drop one instance's batches as duplicates.</summary>
    [Required]
    [StringLength(64, MinimumLength = 1)]
    public string SourceId { get; set; } = ProcessSourceId;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ResendInterval < RefreshInterval)
        {
            yield return new ValidationResult("ResendInterval must be at least RefreshInterval.", [nameof(ResendInterval)]);
        }
    }
}
