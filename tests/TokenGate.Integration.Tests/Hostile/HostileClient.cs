using System.Net.Http.Headers;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>Sends a <see cref="HostileRequest"/> and judges the answer.</summary>
public static class HostileClient
{
    /// <summary>Sends the request; returns null when it was refused with an OpenAI-shaped 4xx and the upstream saw nothing.</summary>
    public static async Task<string?> SendAndJudgeAsync(HostileHost host, HostileRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body.Length > 0 || request.Method == "POST")
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.Chunked)
            {
                message.Headers.TransferEncodingChunked = true;
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase) && message.Content is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await host.Client.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        var problem = OpenAIErrorShape.Problem((int)response.StatusCode, request.Method, body);
        if (problem is not null)
        {
            return problem + " — " + System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
        }

        return host.Upstream.Count == 0 ? null : $"the upstream was reached ({host.Upstream.Count} requests so far)";
    }
}
