namespace TokenGate.Gateway.Storage;

/// <summary>
/// A store call failed (storage down, timed out, throttled) and no cached answer could stand in for it.
/// The pipeline answers 503 <c>store_unavailable</c> with <c>Retry-After</c>: a storage outage must never look like a bad key.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
        : base("The store is temporarily unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for the store failure <paramref name="innerException"/>.</summary>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
