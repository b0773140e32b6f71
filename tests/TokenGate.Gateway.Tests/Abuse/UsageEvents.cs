using TokenGate.Core.Events;
using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Tests.Abuse;

/// <summary>Usage events for processor tests, all in event time from <see cref="Start"/>.</summary>
internal static class UsageEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public static UsageEvent Completed(string user, TimeSpan at, int tokens, string? tenant = "t1") => new()
    {
        Kind = UsageEventKind.Completed,
        Time = Start + at,
        RequestId = FormattableString.Invariant($"{tenant}/{user}/{at.Ticks}/{tokens}"),
        TenantId = tenant,
        UserId = user,
        Status = 200,
        PromptTokens = tokens * 4 / 5,
        CompletionTokens = tokens - (tokens * 4 / 5),
    };

    public static UsageEvent InjectionAttempt(string user, TimeSpan at) => new()
    {
        Kind = UsageEventKind.Rejected,
        Time = Start + at,
        RequestId = FormattableString.Invariant($"inj/{user}/{at.Ticks}"),
        TenantId = "t1",
        UserId = user,
        Status = 403,
        InjectionScore = 0.97,
        ScreeningVerdict = ScreeningVerdict.Block,
    };

    /// <summary>A user's ordinary traffic: two requests of 500 tokens every minute (1,000 tokens per active minute).</summary>
    public static List<UsageEvent> Steady(string user, int fromMinute, int minutes) =>
        [.. Enumerable.Range(fromMinute, minutes).SelectMany(m => new[]
        {
            Completed(user, TimeSpan.FromMinutes(m), 500),
            Completed(user, TimeSpan.FromMinutes(m) + TimeSpan.FromSeconds(30), 500),
        })];

    /// <summary>A burst: <paramref name="count"/> requests of 2,000 tokens, one a second from <paramref name="from"/>.</summary>
    public static List<UsageEvent> Spike(string user, TimeSpan from, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Completed(user, from + TimeSpan.FromSeconds(i), 2_000))];

    public static IEnumerable<List<UsageEvent>> InBatchesOf(this List<UsageEvent> events, int size) => events.Chunk(size).Select(c => c.ToList());
}
