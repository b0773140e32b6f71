using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenGate.Gateway.Tests.Admin;

/// <summary>Checks for the OpenAI error shape {"error":{"message","type","param","code"}}.</summary>
internal static class AdminAssert
{
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? param = null)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = body.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("code", out _));
        var actualParam = error.GetProperty("param");
        if (param is not null)
        {
            Assert.Equal(param, actualParam.GetString());
        }

        return error;
    }
}
