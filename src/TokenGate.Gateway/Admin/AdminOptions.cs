using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Admin;

/// <summary>
/// Admin API settings, section <c>TokenGate:Admin</c> (<c>TokenGate__Admin__Key</c> in app settings).
/// Without a <see cref="Key"/> the admin API is disabled: every admin route answers 401.
/// </summary>
public sealed class AdminOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:Admin";

    /// <summary>Shortest accepted admin key.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The admin key callers send as <c>Authorization: Bearer &lt;key&gt;</c>: at least 32 characters, no
    /// whitespace, not in the TokenGate user key format. Only its SHA-256 is kept in memory after start.
    /// Default: none (admin API disabled).
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Largest accepted admin request body in bytes (default 64 KiB); larger → 413.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Most incidents one list call returns (default 500); <c>?limit=</c> may ask for fewer.</summary>
    [Range(1, 10_000)]
    public int MaxIncidentPageSize { get; set; } = 500;

    /// <summary>Longest block the admin API accepts (default 366 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3660.00:00:00")]
    public TimeSpan MaxBlockDuration { get; set; } = TimeSpan.FromDays(366);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Key is null)
        {
            yield break;
        }

        if (Key.Length < MinimumKeyLength || Key.Length > 512)
        {
            yield return new ValidationResult($"TokenGate:Admin:Key must be {MinimumKeyLength} to 512 characters long.", [nameof(Key)]);
        }

        if (Key.Any(char.IsWhiteSpace))
        {
            yield return new ValidationResult("TokenGate:Admin:Key must not contain whitespace.", [nameof(Key)]);
        }

        if (Core.Keys.ApiKeyFormat.TryParse(Key, out _))
        {
            yield return new ValidationResult("TokenGate:Admin:Key must not be a TokenGate user key.", [nameof(Key)]);
        }
    }
}
