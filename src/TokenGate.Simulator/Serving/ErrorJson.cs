using Microsoft.AspNetCore.Http;

namespace TokenGate.Simulator.Serving;

/// <summary>Errors in the OpenAI shape <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class ErrorJson
{
    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? param, string code)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        var w = JsonBuffer.Begin(out var buffer);
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteString("param", param);
        w.WriteString("code", code);
        w.WriteEndObject();
        w.WriteEndObject();
        response.ContentLength = buffer.Flush();
        buffer.CopyTo(response.BodyWriter, default, default);
        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }
}
