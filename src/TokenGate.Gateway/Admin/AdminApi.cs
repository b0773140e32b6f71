using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Core.Keys;
using TokenGate.Core.Protocol;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Identity;
using GatewayOptions = TokenGate.Gateway.Pipeline.GatewayOptions;
using CallerPolicyCache = TokenGate.Gateway.Pipeline.CallerPolicyCache;
using TokenGate.Gateway.Quota;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Admin;

/// <summary>
/// The admin API, host-neutral: each public method handles one route, authorises the caller
/// (<c>Authorization: Bearer &lt;admin key&gt;</c>), and writes the whole response. The Standalone host
/// maps them with <see cref="AdminEndpointRouteBuilderExtensions.MapTokenGateAdmin"/>; the Functions
/// host calls the same methods from one HTTP-triggered function per route. Register with
/// <see cref="AdminServiceCollectionExtensions.AddTokenGateAdmin"/>.
/// </summary>
public sealed partial class AdminApi
{
    private readonly byte[]? _keyHash;
    private readonly AdminOptions _options;
    private readonly IDirectoryStore _directory;
    private readonly IApiKeyStore _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<AdminApi> _logger;
    private readonly IQuotaEngine? _engine;
    private readonly Core.Admission.IQuotaSnapshotTarget? _localQuota;
    private readonly IUserQuotaCommands? _commands;
    private readonly DurableTaskClient? _entities;
    private readonly IncidentReviewService? _incidents;
    private readonly IReviewedExampleSource? _examples;
    private readonly ApiKeyCache? _keyCache;
    private readonly CallerPolicyCache? _policyCache;
    private readonly FailedAuthenticationLimiter? _failures;
    private readonly string _defaultPlan;
    private readonly Screening.ScreeningRetrainer? _retrainer;
    private readonly Screening.LiveScreeningModel? _liveModel;

    internal AdminApi(
        IOptions<AdminOptions> options,
        IDirectoryStore directory,
        IApiKeyStore keys,
        TimeProvider time,
        ILogger<AdminApi> logger,
        AdminCollaborators collaborators)
    {
        _options = options.Value;
        _keyHash = _options.Key is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;
        _directory = directory;
        _keys = keys;
        _time = time;
        _logger = logger;
        _engine = collaborators.Engine;
        _localQuota = collaborators.LocalQuota;
        _commands = collaborators.Commands;
        _entities = collaborators.Entities;
        _incidents = collaborators.Incidents;
        _examples = collaborators.Examples;
        _keyCache = collaborators.KeyCache;
        _policyCache = collaborators.PolicyCache;
        _failures = collaborators.FailureLimiter;
        _defaultPlan = collaborators.Gateway?.DefaultPlan ?? new GatewayOptions().DefaultPlan;
        _retrainer = collaborators.Retrainer;
        _liveModel = collaborators.LiveModel;
        if (_keyHash is null)
        {
            AdminLog.Disabled(logger);
        }
    }

    /// <summary>Any other path under <c>/admin</c>: 401 when unauthorised, else 404 (so the route table is not probed anonymously).</summary>
    public Task NotFoundAsync(HttpContext context) => RunAsync(context, () => WriteErrorAsync(context, AdminErrors.NotFound("Route")));

    /// <summary>True when an admin key is configured (otherwise every route answers 401).</summary>
    public bool IsEnabled => _keyHash is not null;

    // Authorise first, so an unauthorised caller learns nothing from validation or lookups.
    private async Task RunAsync(HttpContext context, Func<Task> handler)
    {
        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var refusal = _failures is not null && !_failures.IsAllowed(clientIp) ? AdminErrors.TooManyFailures : Authorize(context.Request);
        if (refusal is not null)
        {
            if (refusal.Status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            {
                _failures?.RecordFailure(clientIp, keyId: null);
            }

            AdminLog.Refused(_logger, refusal.Status, context.Request.Method, context.Request.Path.Value ?? string.Empty);
            await WriteErrorAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own body limits and malformed framing: the caller's fault, never a 500.
            await WriteErrorAsync(context, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? OpenAIError.TooLarge(_options.MaxBodyBytes)
                : AdminErrors.Invalid("The request body could not be read.", null)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller left; nothing to answer.
        }
        catch (Exception ex)
        {
            AdminLog.Failed(_logger, ex, context.Request.Method, context.Request.Path.Value ?? string.Empty);
            await WriteErrorAsync(context, OpenAIError.Internal()).ConfigureAwait(false);
        }
    }

    private OpenAIError? Authorize(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AdminErrors.Unauthorized;
        }

        var presented = header[7..].Trim();
        if (presented.Length == 0 || presented.Length > 1024)
        {
            return AdminErrors.Unauthorized;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        if (_keyHash is not null && CryptographicOperations.FixedTimeEquals(hash, _keyHash))
        {
            return null;
        }

        // Shape only, no lookup: the answer never tells whether such a user key exists.
        return ApiKeyFormat.TryParse(presented, out _) ? AdminErrors.Forbidden : AdminErrors.Unauthorized;
    }

    private async Task<(T? Body, OpenAIError? Error)> ReadBodyAsync<T>(HttpContext context)
        where T : class
    {
        var request = context.Request;
        if (request.ContentLength > _options.MaxBodyBytes)
        {
            return (null, OpenAIError.TooLarge(_options.MaxBodyBytes));
        }

        if (request.ContentType is { Length: > 0 } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, AdminErrors.UnsupportedMediaType);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxBodyBytes)
            {
                return (null, OpenAIError.TooLarge(_options.MaxBodyBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, AdminErrors.Invalid("A JSON object body is required.", null));
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), AdminJson.Options);
            return body is null ? (null, AdminErrors.Invalid("A JSON object body is required.", null)) : (body, null);
        }
        catch (JsonException ex)
        {
            var param = ParamFromPath(ex.Path);
            var message = param is null ? "The body is not valid JSON for this route." : $"Invalid, unknown or mistyped field '{param}'.";
            return (null, AdminErrors.Invalid(message, param));
        }
    }

    private static string? ParamFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var param = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return param.Length > 200 ? param[..200] : param;
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, object value)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(response.Body, value, value.GetType(), AdminJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteNoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    private static async Task WriteErrorAsync(HttpContext context, OpenAIError error)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-store";
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }

        var body = error.ToUtf8Bytes();
        response.ContentLength = body.Length;
        try
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left; nothing to tell it.
        }
    }

    private static OpenAIError? CheckIds(string tenant, string user) =>
        AdminValidator.CheckId(tenant, "tenant") ?? AdminValidator.CheckId(user, "user");
}
