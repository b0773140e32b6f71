using Azure.Data.Tables;
using TokenGate.Gateway.Screening;
using TokenGate.Gateway.Tests.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Screening;

[Collection(AzuriteFixture.Collection)]
public sealed class TableScreeningModelStoreTests(AzuriteFixture azurite) : ScreeningModelStoreContract
{
    protected override IScreeningModelStore CreateStore() =>
        new TableScreeningModelStore(new TableServiceClient(azurite.ConnectionString), TestIds.TablePrefix());
}
