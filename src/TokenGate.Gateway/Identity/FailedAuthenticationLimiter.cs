using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TokenGate.Gateway.Identity;

/// <summary>
/// Counts failed authentications per client IP in fixed windows and refuses an IP that has too many,
/// before any store lookup. Bounded: beyond <see cref="IdentityOptions.MaxTrackedClients"/> IPs, new
/// ones share an overflow counter, so a flood of addresses cannot grow memory without bound.
/// </summary>
internal sealed class FailedAuthenticationLimiter(IOptions<IdentityOptions> options, TimeProvider time)
{
    private const string OverflowKey = "\u0000overflow";
    private const string KeyPrefix = "\u0000key:";
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly IdentityOptions _options = options.Value;

    /// <summary>True when this client may try to authenticate now.</summary>
    public bool IsAllowed(string client)
    {
        var now = time.GetUtcNow();
        var key = _windows.ContainsKey(client) ? client : (_windows.Count >= _options.MaxTrackedClients ? OverflowKey : client);
        return !_windows.TryGetValue(key, out var window) || !window.IsCurrent(now, _options.FailureWindow) || window.Count < _options.MaxFailuresPerClient;
    }

    /// <summary>Counts one failure for the client and, when named, the key id; returns the client's count in the current window.</summary>
    public int RecordFailure(string client, string? keyId)
    {
        if (keyId is not null)
        {
            Count(KeyPrefix + keyId);
        }

        return Count(client);
    }

    /// <summary>Failures against one key id in the current window (fed to logs; the key itself is never throttled, so nobody can lock a user out).</summary>
    public int FailuresForKey(string keyId) =>
        _windows.TryGetValue(KeyPrefix + keyId, out var window) && window.IsCurrent(time.GetUtcNow(), _options.FailureWindow) ? window.Count : 0;

    private int Count(string client)
    {
        var now = time.GetUtcNow();
        if (!_windows.ContainsKey(client) && _windows.Count >= _options.MaxTrackedClients)
        {
            Sweep(now);
            if (_windows.Count >= _options.MaxTrackedClients)
            {
                if (client.StartsWith(KeyPrefix, StringComparison.Ordinal))
                {
                    return 0;
                }

                client = OverflowKey;
            }
        }

        var window = _windows.GetOrAdd(client, _ => new Window());
        return window.Increment(now, _options.FailureWindow);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var pair in _windows)
        {
            if (!pair.Value.IsCurrent(now, _options.FailureWindow))
            {
                _windows.TryRemove(pair);
            }
        }
    }

    private sealed class Window
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _start;
        private int _count;

        public int Count => _count;

        public bool IsCurrent(DateTimeOffset now, TimeSpan length) => now - _start < length;

        public int Increment(DateTimeOffset now, TimeSpan length)
        {
            lock (_gate)
            {
                if (!IsCurrent(now, length))
                {
                    _start = now;
                    _count = 0;
                }

                return ++_count;
            }
        }
    }
}
