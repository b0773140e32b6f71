using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Proxy;

/// <summary>Where calls go, section <c>TokenGate:Upstream</c>.</summary>
public sealed class UpstreamOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:Upstream";

    /// <summary>Base URL of the Azure OpenAI resource (e.g. <c>https://x.openai.azure.com</c>); required (the Standalone host fills it with its simulator when unset).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Upstream key sent as <c>api-key</c>; when unset an Entra token is used.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Client id of a user-assigned managed identity; when unset and no key: DefaultAzureCredential.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Longest wait for upstream response headers, and between two body chunks (default 100 s) → 504.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Per-deployment settings by name (case-insensitive).</summary>
    public Dictionary<string, UpstreamDeployment> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Model of a deployment (tokenizer and pricing); the deployment name when not configured.</summary>
    public string ModelFor(string deployment) =>
        Deployments.TryGetValue(deployment, out var d) && !string.IsNullOrWhiteSpace(d.Model) ? d.Model : deployment;
}
