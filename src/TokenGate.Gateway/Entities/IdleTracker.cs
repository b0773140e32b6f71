namespace TokenGate.Gateway.Entities;

/// <summary>Counts queued operations and completes a task whenever the count drops to zero.</summary>
internal sealed class IdleTracker
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _idle = NewCompleted();
    private int _pending;

    public void Add()
    {
        lock (_lock)
        {
            if (_pending++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Done()
    {
        lock (_lock)
        {
            if (--_pending == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    public Task WhenIdle()
    {
        lock (_lock)
        {
            return _idle.Task;
        }
    }

    private static TaskCompletionSource NewCompleted()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
