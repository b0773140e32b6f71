using System.Reflection;
using System.Text.Json;
using TokenGate.Gateway.Admin;
using TokenGate.Gateway.Events;
using TokenGate.Gateway.EventHubs;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Proxy;
using TokenGate.Gateway.Storage;

namespace TokenGate.Functions.Tests;

/// <summary>
/// infra/app-settings.json is the one list of settings the Bicep writes (the infra tests hold the
/// Bicep to it); here every one of them must be a setting the Functions app really reads, so a
/// renamed option cannot silently break a deployment.
/// </summary>
public sealed class AppSettingsContractTests
{
    private static readonly Dictionary<string, Type[]> OptionsBySection = new(StringComparer.OrdinalIgnoreCase)
    {
        [UpstreamOptions.SectionName] = [typeof(UpstreamOptions)],
        [TokenGateStorageOptions.SectionName] = [typeof(TokenGateStorageOptions)],
        [EventHubsOptions.SectionName] = [typeof(EventHubsOptions), typeof(UsageEventOptions)],
        [IdentityOptions.SectionName] = [typeof(IdentityOptions)],
        [AdminOptions.SectionName] = [typeof(AdminOptions)],
    };

    /// <summary>Settings read by the Functions platform itself or by a trigger binding, not by TokenGate's options.</summary>
    private static readonly string[] PlatformPrefixes = ["AzureWebJobsStorage__", "APPLICATIONINSIGHTS_", "EventHubs__"];

    public static TheoryData<string> Settings
    {
        get
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "app-settings.json")));
            var data = new TheoryData<string>();
            foreach (var setting in json.RootElement.GetProperty("settings").EnumerateObject())
            {
                data.Add(setting.Name);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void EverySettingTheBicepWrites_IsReadByTheApp(string setting)
    {
        if (PlatformPrefixes.Any(p => setting.StartsWith(p, StringComparison.Ordinal)))
        {
            return;
        }

        var key = setting.Replace("__", ":", StringComparison.Ordinal);
        var section = key[..key.LastIndexOf(':')];
        var property = key[(key.LastIndexOf(':') + 1)..];
        Assert.True(OptionsBySection.TryGetValue(section, out var types), $"{setting}: no options class binds section {section}");
        Assert.Contains(types, t => t.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true });
    }

    [Fact]
    public void EventHubTriggerConnection_IsTheOneTheBicepConfigures()
    {
        var trigger = File.ReadAllText(Path.Combine(RepositoryPaths.FunctionsProjectDirectory, "EventHubs", "UsageEventsFunction.cs"));

        Assert.Contains("Connection = \"EventHubs\"", trigger, StringComparison.Ordinal);
        Assert.Contains("%TokenGate:Events:HubName%", trigger, StringComparison.Ordinal);
        Assert.Contains("%TokenGate:Events:ConsumerGroup%", trigger, StringComparison.Ordinal);
        var names = Settings.Cast<object[]>().Select(row => (string)row[0]).ToList();
        Assert.Contains("EventHubs__fullyQualifiedNamespace", names);
        Assert.Contains("TokenGate__Events__ConsumerGroup", names);
    }
}
