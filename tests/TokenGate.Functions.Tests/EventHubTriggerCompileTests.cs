using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TokenGate.Testing;

namespace TokenGate.Functions.Tests;

/// <summary>
/// The Event Hub trigger (src/TokenGate.Functions/EventHubs) is left out of the build here because its
/// extension package cannot be restored on this machine (-p:TokenGateEventHubs=true puts it back). So that it
/// cannot rot unseen, this compiles the adapter's real source against the rest of the Functions app and a stub
/// of the one type the package would supply, <c>EventHubTriggerAttribute</c>, declared with the package's public
/// shape (namespace, constructor(eventHubName), Connection, ConsumerGroup, IsBatched), then checks the binding.
/// </summary>
public sealed class EventHubTriggerCompileTests
{
    private const string AttributeStub = """
        namespace Microsoft.Azure.Functions.Worker
        {
            [System.AttributeUsage(System.AttributeTargets.Parameter)]
            public sealed class EventHubTriggerAttribute : System.Attribute
            {
                public EventHubTriggerAttribute(string eventHubName) => EventHubName = eventHubName;
                public string EventHubName { get; }
                public string? Connection { get; set; }
                public string? ConsumerGroup { get; set; }
                public bool IsBatched { get; set; } = true;
            }
        }
        """;

    // What ImplicitUsings=enable (Directory.Build.props) gives every project of the app.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void UsageEventsFunction_CompilesAgainstTheApp_AndBindsABatchOfEventDataFromTheEventHubsConnection()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "src", "TokenGate.Functions", "EventHubs");
        var sources = Directory.GetFiles(folder, "*.cs").Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f)).ToList();
        Assert.NotEmpty(sources);
        sources.Add(CSharpSyntaxTree.ParseText(AttributeStub, path: "EventHubTriggerAttribute.stub.cs"));
        sources.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, path: "GlobalUsings.cs"));

        var compilation = CSharpCompilation.Create(
            "TokenGate.Functions.EventHubs.Check",
            sources,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, string.Join(Environment.NewLine, errors));

        var context = new AssemblyLoadContext("eventhubs-check", isCollectible: true);
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            var method = assembly.GetType("TokenGate.Functions.EventHubs.UsageEventsFunction", throwOnError: true)!.GetMethod("UsageEvents")!;
            var function = method.GetCustomAttributesData().Single(a => a.AttributeType.Name == "FunctionAttribute");
            Assert.Equal("UsageEvents", function.ConstructorArguments[0].Value);
            Assert.Contains(method.GetCustomAttributesData(), a => a.AttributeType.Name == "ExponentialBackoffRetryAttribute");

            var events = method.GetParameters()[0];
            Assert.Equal("Azure.Messaging.EventHubs.EventData[]", events.ParameterType.FullName);
            var trigger = events.GetCustomAttributesData().Single(a => a.AttributeType.Name == "EventHubTriggerAttribute");
            Assert.Equal("%TokenGate:Events:HubName%", trigger.ConstructorArguments[0].Value);
            var named = trigger.NamedArguments.ToDictionary(a => a.MemberName, a => a.TypedValue.Value);
            Assert.Equal("EventHubs", named["Connection"]);
            Assert.Equal("%TokenGate:Events:ConsumerGroup%", named["ConsumerGroup"]);
            Assert.Equal(true, named["IsBatched"]);
        }
        finally
        {
            context.Unload();
        }
    }

    // The runtime's own assemblies plus everything the test's output folder holds (the app and its packages).
    private static List<MetadataReference> References()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
        {
            paths.TryAdd(Path.GetFileName(path), path);
        }

        foreach (var path in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            paths.TryAdd(Path.GetFileName(path), path);
        }

        var references = new List<MetadataReference>();
        foreach (var path in paths.Values)
        {
            try
            {
                _ = AssemblyName.GetAssemblyName(path);
                references.Add(MetadataReference.CreateFromFile(path));
            }
            catch (BadImageFormatException)
            {
                // A native library: not a reference.
            }
        }

        return references;
    }
}
