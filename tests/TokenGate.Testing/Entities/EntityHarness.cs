using Microsoft.DurableTask.Entities;

namespace TokenGate.Testing.Entities;

/// <summary>
/// Runs a real entity class operation by operation: a fresh entity object per operation, input,
/// state and result all through JSON, and a throwing operation rolls its state change back.
/// </summary>
public sealed class EntityHarness<TEntity>(EntityInstanceId id, string? stateJson = null)
    where TEntity : ITaskEntity, new()
{
    private JsonEntityState _state = new(stateJson);

    public EntityInstanceId Id { get; } = id;

    public string? StateJson => _state.Json;

    public TState? GetState<TState>() => (TState?)_state.GetState(typeof(TState));

    public async Task<object?> RunAsync(string operation, object? input = null)
    {
        var working = new JsonEntityState(_state.Json);
        var op = new TestEntityOperation(operation, EntityJson.Serialize(input), working, new TestEntityContext(Id));
        var result = await new TEntity().RunAsync(op);
        _state = working;
        return result;
    }

    public async Task<TResult?> RunAsync<TResult>(string operation, object? input = null)
    {
        var result = await RunAsync(operation, input);
        return (TResult?)EntityJson.Deserialize(EntityJson.Serialize(result), typeof(TResult));
    }
}
