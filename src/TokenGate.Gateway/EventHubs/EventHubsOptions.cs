using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.EventHubs;

/// <summary>
/// Where usage events go on Azure (section <c>TokenGate:Events</c>). Set either
/// <see cref="FullyQualifiedNamespace"/> (identity-based, the production choice) or
/// <see cref="ConnectionString"/>; with neither, events stay in-process.
/// </summary>
public sealed class EventHubsOptions
{
    public const string SectionName = "TokenGate:Events";

    /// <summary>e.g. <c>tokengate-ns.servicebus.windows.net</c>; used with managed identity.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>A connection string (local development only; never in app settings on Azure).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Event hub name. Default <c>usage-events</c>.</summary>
    [Required]
    public string HubName { get; set; } = "usage-events";

    /// <summary>Consumer group the Event Hub trigger reads with (used by its binding expression). Default <c>$Default</c>.</summary>
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>Client id of the user-assigned identity; null uses DefaultAzureCredential.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Events held in memory while Event Hubs is slow or away; beyond it new events are dropped (and counted). Default 10,000.</summary>
    [Range(16, 10_000_000)]
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>Per-partition buffer inside the Event Hubs client. Default 1,500 (the client's default).</summary>
    [Range(1, 1_000_000)]
    public int MaxBufferedPerPartition { get; set; } = 1_500;

    /// <summary>True when Event Hubs is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(FullyQualifiedNamespace) || !string.IsNullOrWhiteSpace(ConnectionString);
}
