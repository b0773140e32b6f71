using System.ComponentModel.DataAnnotations;

namespace TokenGate.Standalone;

/// <summary>Standalone start-up settings, section <c>TokenGate:Standalone</c>; plans come from <c>TokenGate:Plans</c>.</summary>
public sealed class StandaloneOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:Standalone";

    /// <summary>Address used when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Create a demo tenant, user and key at start and print them (default true).</summary>
    public bool CreateDemoKey { get; set; } = true;

    /// <summary>Tenant of the demo user (default "demo").</summary>
    [Required]
    public string DemoTenant { get; set; } = "demo";

    /// <summary>The demo user (default "alice").</summary>
    [Required]
    public string DemoUser { get; set; } = "alice";

    /// <summary>Plan of the demo user (default "free").</summary>
    [Required]
    public string DemoPlan { get; set; } = "free";

    /// <summary>Deployment name used in the printed example (default "gpt-4o-mini").</summary>
    [Required]
    public string DemoDeployment { get; set; } = "gpt-4o-mini";
}
