using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Tests.Entities;

public sealed class CounterState
{
    public int Value { get; set; }
    public List<int> Seen { get; set; } = [];
}

/// <summary>A small test entity; <see cref="CounterProbe"/> lets tests observe and hold its operations.</summary>
public sealed class CounterEntity(CounterProbe probe) : TaskEntity<CounterState>
{
    public const string Name = "Counter";

    public void Add(int amount)
    {
        State.Value += amount;
        State.Seen.Add(amount);
    }

    public void AddThenFail(int amount)
    {
        State.Value += amount;
        Context.SignalEntity(new EntityInstanceId(Name, "side-effect"), nameof(Add), 1);
        throw new InvalidOperationException("boom");
    }

    public void Forward(string target) =>
        Context.SignalEntity(new EntityInstanceId(Name, target), nameof(Add), State.Value);

    public async Task Track()
    {
        var inFlight = Interlocked.Increment(ref probe.InFlight);
        probe.RecordMax(inFlight);
        for (var i = 0; i < 5; i++)
        {
            await Task.Yield();
        }

        Interlocked.Decrement(ref probe.InFlight);
        State.Value++;
    }

    public async Task Hold()
    {
        probe.Holding.TrySetResult();
        await probe.Release.Task;
        State.Value++;
    }

    public void Signal() => probe.Signalled.TrySetResult();
}

public sealed class CounterProbe
{
    public int InFlight;
    private int _max;

    public int MaxInFlight => Volatile.Read(ref _max);

    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Signalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void RecordMax(int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, current) != current)
        {
        }
    }
}
