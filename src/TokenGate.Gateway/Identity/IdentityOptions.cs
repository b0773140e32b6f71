using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Identity;

/// <summary>Caller identification settings, section <c>TokenGate:Identity</c>.</summary>
public sealed class IdentityOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:Identity";

    /// <summary>The Easy Auth principal header App Service sets (and strips from client requests).</summary>
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>
    /// Object id of the front door's (APIM's) managed identity. When set, calls whose
    /// <c>X-MS-CLIENT-PRINCIPAL-ID</c> equals it may name the caller with <see cref="UserHeader"/> and
    /// <see cref="TenantHeader"/>. Only safe on App Service / Functions with authentication enabled.
    /// Default: null (identity headers always refused).
    /// </summary>
    public string? FrontDoorPrincipalId { get; set; }

    /// <summary>Header carrying the user id from the front door (default <c>x-tokengate-user</c>).</summary>
    [Required]
    public string UserHeader { get; set; } = "x-tokengate-user";

    /// <summary>Header carrying the tenant id from the front door (default <c>x-tokengate-tenant</c>).</summary>
    [Required]
    public string TenantHeader { get; set; } = "x-tokengate-tenant";

    /// <summary>Failed authentications one client IP may have per window before it is throttled (default 20).</summary>
    [Range(1, 100_000)]
    public int MaxFailuresPerClient { get; set; } = 20;

    /// <summary>Length of the failure-counting window (default 1 minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most client IPs tracked at once (default 10,000); beyond that failures share one overflow counter.</summary>
    [Range(16, 10_000_000)]
    public int MaxTrackedClients { get; set; } = 10_000;

    /// <summary>Key for the keyed hash of client IPs in usage events; default: random per process.</summary>
    public string? ClientIpHashKey { get; set; }
}
