using TokenGate.Core.Plans;
using TokenGate.Gateway.Quota;

namespace TokenGate.Gateway.Tests.Quota;

public class UserQuotaCommandsTests
{
    private readonly QuotaSyncTestHost _host = new();
    private readonly UserQuotaCommands _commands;

    public UserQuotaCommandsTests() => _commands = new UserQuotaCommands(_host.Client);

    [Fact]
    public async Task BlockAsync_ThenUnblockAsync_ReachTheUsersEntity()
    {
        var until = _host.Time.GetUtcNow().AddHours(3);

        await _commands.BlockAsync("t", "u", until, "token velocity anomaly");
        await _host.Entities.PumpAsync();
        Assert.Equal((until, "token velocity anomaly"), (_host.User("t", "u")!.BlockedUntil, _host.User("t", "u")!.BlockReason));

        await _commands.UnblockAsync("t", "u");
        await _host.Entities.PumpAsync();
        Assert.Null(_host.User("t", "u")!.BlockedUntil);
    }

    [Fact]
    public async Task SetOverridesAsync_ThenNull_SetsAndClears()
    {
        await _commands.SetOverridesAsync("t", "u", new PlanOverrides { MonthlyTokenBudget = 42 });
        await _host.Entities.PumpAsync();
        Assert.Equal(42, _host.User("t", "u")!.Overrides!.MonthlyTokenBudget);

        await _commands.SetOverridesAsync("t", "u", null);
        await _host.Entities.PumpAsync();
        Assert.Null(_host.User("t", "u")!.Overrides);
    }

    [Fact]
    public async Task ResetAsync_AndArchivePeriodAsync_ChangeTheUsersPeriod()
    {
        var (sync, engine) = _host.NewInstance("a");
        engine.Settle("t", "u", 500, "2026-11", _host.Time.GetUtcNow());
        await sync.FlushAsync();

        await _commands.ResetAsync("t", "u");
        await _host.Entities.PumpAsync();
        Assert.Equal(0, _host.User("t", "u")!.Ledger.Current.Tokens);

        await _commands.ArchivePeriodAsync("t", "u", "2026-11");
        await _commands.ArchivePeriodAsync("t", "u", "2026-11");
        await _host.Entities.PumpAsync();
        var ledger = _host.User("t", "u")!.Ledger;
        Assert.Equal(string.Empty, ledger.Current.Period);
        Assert.Equal(("2026-11", 0L), (ledger.Archived.Single().Period, ledger.Archived.Single().Tokens));
    }

    [Fact]
    public async Task BlockAsync_WithAnOverlongReason_IsRefusedBeforeSignalling()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _commands.BlockAsync("t", "u", _host.Time.GetUtcNow(), new string('x', UserQuotaCommands.MaxReasonLength + 1)));
        Assert.Equal(0, _host.Entities.SignalsAccepted);
    }
}
