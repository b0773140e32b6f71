using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Writes errors in the OpenAI shape; never a stack trace, never an upstream secret.</summary>
internal static class OpenAIErrorWriter
{
    public static byte[] Serialize(OpenAIError error)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", error.Message);
            writer.WriteString("type", error.Type);
            WriteNullable(writer, "param", error.Param);
            WriteNullable(writer, "code", error.Code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpContext context, OpenAIError error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        var body = Serialize(error);
        context.Response.ContentLength = body.Length;
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left; nothing to tell it.
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
