namespace TokenGate.Gateway.Entities;

/// <summary>The stored state changed since it was read (another process wrote it); the operation is run again on the new state.</summary>
public sealed class EntityStateConflictException : Exception
{
    public EntityStateConflictException()
    {
    }

    public EntityStateConflictException(string message)
        : base(message)
    {
    }

    public EntityStateConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
