using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace TokenGate.Simulator.Serving;

/// <summary>Builds the <see cref="CallPlan"/> of a request from options, override headers and the seeded chaos dice.</summary>
internal sealed class CallPlanner(IOptions<SimulatorOptions> options)
{
    private static readonly SimulatorFault[] DefaultChaos =
        [SimulatorFault.TooManyRequests, SimulatorFault.InternalServerError, SimulatorFault.ServiceUnavailable];

    private readonly SimulatorOptions _options = options.Value;
    private readonly Random _chaos = new(options.Value.FaultSeed);
    private readonly Lock _chaosLock = new();

    /// <summary>Returns null on success, or the name of the header whose value is invalid.</summary>
    public string? TryPlan(IHeaderDictionary headers, CallPlan plan)
    {
        plan.Latency = TimeSpan.FromMilliseconds(_options.LatencyMs);
        plan.TimeToFirstToken = TimeSpan.FromMilliseconds(_options.TimeToFirstTokenMs);
        plan.TokensPerSecond = _options.TokensPerSecond;
        plan.TokensPerChunk = _options.TokensPerChunk;
        plan.CompletionTokens = _options.DefaultCompletionTokens;
        plan.ReasoningTokens = _options.ReasoningTokens;
        plan.RetryAfterMs = _options.RetryAfterMs;
        plan.CachedTokens = null;
        plan.Fault = SimulatorFault.None;

        if (!TryInt(headers, SimulatorHeaders.LatencyMs, 0, 600_000, out var v, out var set)) { return SimulatorHeaders.LatencyMs; }
        if (set) { plan.Latency = TimeSpan.FromMilliseconds(v); }
        if (!TryInt(headers, SimulatorHeaders.TimeToFirstTokenMs, 0, 600_000, out v, out set)) { return SimulatorHeaders.TimeToFirstTokenMs; }
        if (set) { plan.TimeToFirstToken = TimeSpan.FromMilliseconds(v); }
        if (!TryInt(headers, SimulatorHeaders.TokensPerSecond, 0, 1_000_000, out v, out set)) { return SimulatorHeaders.TokensPerSecond; }
        if (set) { plan.TokensPerSecond = v; }
        if (!TryInt(headers, SimulatorHeaders.TokensPerChunk, 1, 10_000, out v, out set)) { return SimulatorHeaders.TokensPerChunk; }
        if (set) { plan.TokensPerChunk = v; }
        if (!TryInt(headers, SimulatorHeaders.CompletionTokens, 0, 1_000_000, out v, out set)) { return SimulatorHeaders.CompletionTokens; }
        if (set) { plan.CompletionTokens = v; }
        if (!TryInt(headers, SimulatorHeaders.ReasoningTokens, 0, 1_000_000, out v, out set)) { return SimulatorHeaders.ReasoningTokens; }
        if (set) { plan.ReasoningTokens = v; }
        if (!TryInt(headers, SimulatorHeaders.CachedTokens, 0, int.MaxValue, out v, out set)) { return SimulatorHeaders.CachedTokens; }
        if (set) { plan.CachedTokens = v; }
        if (!TryInt(headers, SimulatorHeaders.RetryAfterMs, 0, 3_600_000, out v, out set)) { return SimulatorHeaders.RetryAfterMs; }
        if (set) { plan.RetryAfterMs = v; }

        var fault = headers[SimulatorHeaders.Fault];
        if (fault.Count > 0)
        {
            if (!TryParseFault(fault.ToString(), out var f))
            {
                return SimulatorHeaders.Fault;
            }

            plan.Fault = f;
        }
        else if (_options.FaultRate > 0)
        {
            plan.Fault = RollChaos();
        }

        return null;
    }

    private SimulatorFault RollChaos()
    {
        var pool = _options.ChaosFaults.Count > 0 ? (IList<SimulatorFault>)_options.ChaosFaults : DefaultChaos;
        lock (_chaosLock)
        {
            return _chaos.NextDouble() < _options.FaultRate ? pool[_chaos.Next(pool.Count)] : SimulatorFault.None;
        }
    }

    internal static bool TryParseFault(string value, out SimulatorFault fault)
    {
        fault = value.Trim().ToUpperInvariant() switch
        {
            "429" => SimulatorFault.TooManyRequests,
            "500" => SimulatorFault.InternalServerError,
            "503" => SimulatorFault.ServiceUnavailable,
            "STALL" => SimulatorFault.Stall,
            "CUT" => SimulatorFault.Cut,
            "NONE" or "" => SimulatorFault.None,
            _ => (SimulatorFault)(-1),
        };
        return fault >= SimulatorFault.None;
    }

    private static bool TryInt(IHeaderDictionary headers, string name, int min, int max, out int value, out bool set)
    {
        value = 0;
        var raw = headers[name];
        set = raw.Count > 0;
        if (!set)
        {
            return true;
        }

        return int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
