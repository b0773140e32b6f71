using System.Collections.Concurrent;

namespace TokenGate.Simulator.Serving;

/// <summary>Lock-free counters behind <c>/_sim/stats</c>.</summary>
internal sealed class StatsRecorder
{
    private static readonly string[] FaultKeys = ["", "429", "500", "503", "stall", "cut"];

    private readonly ConcurrentDictionary<string, Counters> _deployments = new(StringComparer.Ordinal);
    private readonly long[] _faults = new long[FaultKeys.Length];
    private long _badRequests;
    private long _unauthorized;

    public void BadRequest() => Interlocked.Increment(ref _badRequests);

    public void Unauthorized() => Interlocked.Increment(ref _unauthorized);

    public void Request(string deployment, bool stream)
    {
        var c = For(deployment);
        Interlocked.Increment(ref c.Requests);
        if (stream)
        {
            Interlocked.Increment(ref c.Streams);
        }
    }

    public void Tokens(string deployment, long prompt, long completion)
    {
        var c = For(deployment);
        Interlocked.Add(ref c.PromptTokens, prompt);
        Interlocked.Add(ref c.CompletionTokens, completion);
    }

    public void Fault(string deployment, SimulatorFault fault)
    {
        Interlocked.Increment(ref For(deployment).Faults);
        Interlocked.Increment(ref _faults[(int)fault]);
    }

    public void Reset()
    {
        _deployments.Clear();
        Array.Clear(_faults);
        Interlocked.Exchange(ref _badRequests, 0);
        Interlocked.Exchange(ref _unauthorized, 0);
    }

    public SimulatorStatsSnapshot Snapshot()
    {
        var deployments = new SortedDictionary<string, DeploymentStats>(StringComparer.Ordinal);
        long requests = 0, streams = 0, prompt = 0, completion = 0;
        foreach (var (name, c) in _deployments)
        {
            var d = new DeploymentStats(
                Interlocked.Read(ref c.Requests),
                Interlocked.Read(ref c.PromptTokens),
                Interlocked.Read(ref c.CompletionTokens),
                Interlocked.Read(ref c.Faults));
            deployments[name] = d;
            requests += d.Requests;
            streams += Interlocked.Read(ref c.Streams);
            prompt += d.PromptTokens;
            completion += d.CompletionTokens;
        }

        var faults = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 1; i < FaultKeys.Length; i++)
        {
            faults[FaultKeys[i]] = Interlocked.Read(ref _faults[i]);
        }

        return new SimulatorStatsSnapshot(
            requests, streams, prompt, completion, prompt + completion,
            Interlocked.Read(ref _badRequests), Interlocked.Read(ref _unauthorized), faults, deployments);
    }

    private Counters For(string deployment) => _deployments.GetOrAdd(deployment, static _ => new Counters());

    private sealed class Counters
    {
        public long Requests;
        public long Streams;
        public long PromptTokens;
        public long CompletionTokens;
        public long Faults;
    }
}
