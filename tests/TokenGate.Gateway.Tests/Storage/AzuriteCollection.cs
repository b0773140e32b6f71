using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
