namespace TokenGate.Core.Tests.Admission;

/// <summary>Memory measurements run alone, so other tests' live objects do not count against them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FootprintCollection
{
    public const string Name = "Footprint";
}
