using System.Net.Sockets;
using System.Text;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>Writes raw bytes to the host and reads the status line: for requests HttpClient refuses to send.</summary>
public static class RawHttp
{
    /// <summary>
    /// Sends <paramref name="request"/> as-is and returns the status code (0 when none came) and the whole
    /// response text; <paramref name="hangUp"/> closes the sending side right after the bytes.
    /// </summary>
    public static async Task<(int Status, string Response)> SendAsync(Uri baseAddress, string request, bool hangUp = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        await stream.FlushAsync();
        if (hangUp)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var reader = new StreamReader(stream, Encoding.Latin1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string text;
        try
        {
            text = await reader.ReadToEndAsync(timeout.Token);
        }
        catch (IOException)
        {
            // The server reset the connection without answering: no status.
            text = string.Empty;
        }

        var parts = text.Split(' ', 3);
        return (parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : 0, text);
    }
}
