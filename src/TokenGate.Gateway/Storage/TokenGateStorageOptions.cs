using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Storage;

/// <summary>
/// Storage settings (<c>TokenGate:Storage</c>, i.e. <c>TokenGate__Storage__*</c> in app settings).
/// With neither <see cref="ConnectionString"/> nor <see cref="TableEndpoint"/> set, every store and the
/// entity state live in process memory.
/// </summary>
public sealed class TokenGateStorageOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:Storage";

    /// <summary>Default prefix of every table name.</summary>
    public const string DefaultTablePrefix = "TokenGate";

    /// <summary>Storage connection string (<c>UseDevelopmentStorage=true</c> for Azurite). Default: none.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table service endpoint for identity-based access (managed identity / DefaultAzureCredential). Default: none.</summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>Client id of a user-assigned managed identity; when set, <c>ManagedIdentityCredential</c> is used. Default: none (DefaultAzureCredential).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefix of every table name (letters and digits, starting with a letter). Default: <c>TokenGate</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,39}$")]
    public string TablePrefix { get; set; } = DefaultTablePrefix;

    /// <summary>
    /// Retries of one Table call after a failure (the Azure SDK's exponential retry). Default 2.
    /// A store call the request path makes (key and directory look-ups on a cache miss) gives up after at most
    /// (<see cref="MaxRetries"/> + 1) × <see cref="NetworkTimeout"/> plus the retry delays (defaults: about 31.5 s
    /// when storage hangs, about 1.5 s when it refuses connections) and is then answered from the expired cache entry or with 503.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones double (Azure SDK exponential mode). Default 0.5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>How long one Table call attempt may take before it counts as failed. Default 10 s (the SDK's own default, 100 s, would hold a request for minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when Azure Tables are configured.</summary>
    public bool UsesTables => !string.IsNullOrWhiteSpace(ConnectionString) || TableEndpoint is not null;
}
