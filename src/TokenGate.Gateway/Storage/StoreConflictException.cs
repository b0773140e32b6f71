namespace TokenGate.Gateway.Storage;

/// <summary>Thrown when a create would overwrite something that already exists (e.g. an API key id).</summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException()
    {
    }

    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
