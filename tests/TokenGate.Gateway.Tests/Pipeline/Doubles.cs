using System.Collections.Concurrent;
using System.Net;
using System.Text;
using TokenGate.Core.Admission;
using TokenGate.Core.Events;
using TokenGate.Core.Plans;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Pipeline;

internal sealed class FakeKeyStore : IApiKeyStore
{
    public ConcurrentDictionary<string, ApiKeyRecord> Keys { get; } = new();

    public int Lookups;

    public Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Lookups);
        return Task.FromResult(Keys.TryGetValue(keyId, out var r) ? r : null);
    }

    public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        Keys[record.KeyId] = record;
        return Task.CompletedTask;
    }

    public Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken) => Task.FromResult(false);
}

internal sealed class FakeDirectory : IDirectoryStore
{
    public PlanDefinition Plan { get; set; } = new() { Name = "free", MaxOutputTokens = 100 };

    public TenantDefinition? Tenant { get; set; }

    public int Reads;

    public Task<PlanDefinition?> GetPlanAsync(string name, CancellationToken cancellationToken) => Task.FromResult<PlanDefinition?>(name == Plan.Name ? Plan : null);

    public Task<IReadOnlyList<PlanDefinition>> ListPlansAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PlanDefinition>>([Plan]);

    public Task PutPlanAsync(PlanDefinition plan, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>When set, tenant reads wait for it (a directory that hangs).</summary>
    public TaskCompletionSource? Held { get; set; }

    public async Task<TenantDefinition?> GetTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Reads);
        if (Held is { } held)
        {
            await held.Task.ConfigureAwait(false);
        }

        return Tenant;
    }

    public Task PutTenantAsync(TenantDefinition tenant, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<UserDefinition?> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult<UserDefinition?>(new UserDefinition { TenantId = tenantId, UserId = userId, Plan = Plan.Name });

    public Task PutUserAsync(UserDefinition user, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Admits (or rejects as scripted) and records every settle and release.</summary>
internal sealed class FakeEngine : IQuotaEngine
{
    public static readonly QuotaStatus Status = new(10, 9, TimeSpan.FromSeconds(30), 1000, 900, TimeSpan.FromSeconds(30), 5000, 4000, null, null, "2026-11", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    public AdmissionDecision? Rejection { get; set; }

    public List<AdmissionRequest> Admitted { get; } = [];

    public List<TokenUsage> Settled { get; } = [];

    public int Released;

    public AdmissionDecision TryAdmit(AdmissionRequest request, ResolvedLimits limits)
    {
        if (Rejection is { } r)
        {
            return r;
        }

        Admitted.Add(request);
        return new AdmissionDecision(true, RejectionReason.None, TimeSpan.Zero, new Reservation(request.TenantId, request.UserId, request.Model, Admitted.Count, 100, 0, DateTimeOffset.UnixEpoch), Status);
    }

    public QuotaStatus Settle(Reservation reservation, TokenUsage actual)
    {
        lock (Settled)
        {
            Settled.Add(actual);
        }

        return Status;
    }

    public void Release(Reservation reservation) => Interlocked.Increment(ref Released);

    public QuotaStatus GetStatus(string tenantId, string userId, ResolvedLimits limits) => Status;

    public int Endings => Settled.Count + Released;
}

internal sealed class FakeScreener : IPromptScreener
{
    public ScreeningResult Result { get; set; } = ScreeningResult.Clean;

    public ScreeningResult Screen(IReadOnlyList<string> userTexts, ScreeningPolicy policy) => Result;
}

internal sealed class CollectingSink : IUsageEventSink
{
    public ConcurrentQueue<UsageEvent> Events { get; } = new();

    public bool TryPublish(UsageEvent usageEvent)
    {
        Events.Enqueue(usageEvent);
        return true;
    }
}

/// <summary>Upstream double: records the request and answers with the scripted function.</summary>
internal sealed class FakeUpstreamHandler : HttpMessageHandler
{
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } =
        (_, _) => Task.FromResult(Json(HttpStatusCode.OK, """{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}"""));

    public HttpRequestMessage? LastRequest { get; private set; }

    public string? LastBody { get; private set; }

    public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        LastBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.TrySetResult();
        return await Respond(request, cancellationToken);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage EventStream(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}

/// <summary>A body that yields the given chunks, then ends, throws (cut), or waits for cancellation (stall).</summary>
internal sealed class ScriptedStream(IReadOnlyList<byte[]> chunks, Func<CancellationToken, Task<int>>? afterChunks = null, Action<int>? onChunk = null) : Stream
{
    private int _next;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_next < chunks.Count)
        {
            onChunk?.Invoke(_next);
            var chunk = chunks[_next++];
            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        return afterChunks is null ? 0 : await afterChunks(cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
