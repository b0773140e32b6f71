namespace TokenGate.Core.Admission;

/// <summary>
/// One call asking to be admitted. The reservation is <c>PromptTokens + MaxOutputTokens × Choices</c>.
/// </summary>
/// <param name="TenantId">Tenant of the caller.</param>
/// <param name="UserId">User within the tenant.</param>
/// <param name="Deployment">Azure deployment name (or model name for /openai/v1 routes).</param>
/// <param name="Model">Model used for pricing and tokenizing; may equal the deployment.</param>
/// <param name="PromptTokens">Estimated prompt tokens.</param>
/// <param name="MaxOutputTokens">Requested max output tokens per choice (already capped/defaulted by the plan); 0 for embeddings.</param>
/// <param name="Choices">The request's <c>n</c> (1 when absent).</param>
public sealed record AdmissionRequest(
    string TenantId,
    string UserId,
    string Deployment,
    string Model,
    int PromptTokens,
    int MaxOutputTokens,
    int Choices = 1);
