using Azure;

namespace TokenGate.Gateway.Storage;

/// <summary>Tells a storage outage (worth waiting out or answering 503) from the caller's own cancellation and from bugs.</summary>
public static class StoreFailures
{
    /// <summary>
    /// True when <paramref name="exception"/> is what a store call throws while storage is down, slow or throttling:
    /// a service or network error (after the client's retries), or a timeout that is not <paramref name="cancellationToken"/> firing.
    /// </summary>
    public static bool IsOutage(Exception exception, CancellationToken cancellationToken = default) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // the client's network timeout, not the caller giving up
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => IsOutage(e, cancellationToken)),
        HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException => true,
        StoreUnavailableException => true,
        _ => false,
    };
}
