namespace TokenGate.Gateway.Proxy;

/// <summary>Settings of one deployment under <c>TokenGate:Upstream:Deployments:{name}</c>.</summary>
public sealed class UpstreamDeployment
{
    /// <summary>Model used for tokenizing and pricing; default: the deployment name.</summary>
    public string? Model { get; set; }
}
