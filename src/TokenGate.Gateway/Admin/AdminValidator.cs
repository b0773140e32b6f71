using TokenGate.Core.Plans;
using TokenGate.Core.Protocol;
using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Admin;

/// <summary>Turns admin request bodies into definitions, or into a 400 naming the field at fault.</summary>
internal static class AdminValidator
{
    public const int MaxIdLength = 128;
    public const int MaxListEntries = 256;
    public const int MaxReasonLength = 256;
    public const int MaxNoteLength = 2000;
    public const int MaxExampleLength = 32 * 1024;
    private const long MaxTokens = 1_000_000_000_000_000;
    private const decimal MaxCost = 1_000_000_000_000m;
    private const decimal MaxPrice = 1_000_000m;

    /// <summary>Ids (tenant, user, plan): 1–128 of letters, digits and <c>- _ . @ :</c>.</summary>
    public static OpenAIError? CheckId(string? value, string param)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdLength)
        {
            return AdminErrors.Invalid($"'{param}' must be 1 to {MaxIdLength} characters.", param);
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or ':'))
            {
                return AdminErrors.Invalid($"'{param}' may contain only letters, digits and - _ . @ :", param);
            }
        }

        return null;
    }

    public static OpenAIError? ToPlan(string name, PlanBody body, out PlanDefinition plan)
    {
        plan = null!;
        if (body.Name is not null && !string.Equals(body.Name, name, StringComparison.Ordinal))
        {
            return AdminErrors.Invalid("'name' must match the plan in the URL (or be omitted).", "name");
        }

        IReadOnlyList<string>? deployments = null;
        IReadOnlyDictionary<string, ModelPrice>? prices = null;
        var error = Range(body.RequestsPerMinute, 0, 10_000_000, "requestsPerMinute")
            ?? Range(body.TokensPerMinute, 0, 1_000_000_000_000, "tokensPerMinute")
            ?? Range(body.MaxConcurrentRequests, 0, 1_000_000, "maxConcurrentRequests")
            ?? Range(body.MonthlyTokenBudget, 0, MaxTokens, "monthlyTokenBudget")
            ?? Range(body.MonthlyCostBudget, 0m, MaxCost, "monthlyCostBudget")
            ?? Range(body.MaxOutputTokens, 1, 10_000_000, "maxOutputTokens")
            ?? Range(body.Priority, 0, 1000, "priority")
            ?? CheckList(body.AllowedDeployments, "allowedDeployments", out deployments)
            ?? CheckPrices(body.Prices, out prices);
        if (error is not null)
        {
            return error;
        }

        plan = new PlanDefinition
        {
            Name = name,
            RequestsPerMinute = body.RequestsPerMinute,
            TokensPerMinute = body.TokensPerMinute,
            MaxConcurrentRequests = body.MaxConcurrentRequests,
            MonthlyTokenBudget = body.MonthlyTokenBudget,
            MonthlyCostBudget = body.MonthlyCostBudget,
            Prices = prices,
            MaxOutputTokens = body.MaxOutputTokens,
            AllowedDeployments = deployments,
            Priority = body.Priority ?? 0,
        };
        return null;
    }

    public static OpenAIError? ToOverrides(OverridesBody? body, out PlanOverrides? overrides)
    {
        overrides = null;
        if (body is null)
        {
            return null;
        }

        IReadOnlyList<string>? deployments = null;
        var error = Range(body.RequestsPerMinute, 0, 10_000_000, "overrides.requestsPerMinute")
            ?? Range(body.TokensPerMinute, 0, 1_000_000_000_000, "overrides.tokensPerMinute")
            ?? Range(body.MaxConcurrentRequests, 0, 1_000_000, "overrides.maxConcurrentRequests")
            ?? Range(body.MonthlyTokenBudget, 0, MaxTokens, "overrides.monthlyTokenBudget")
            ?? Range(body.MonthlyCostBudget, 0m, MaxCost, "overrides.monthlyCostBudget")
            ?? Range(body.MaxOutputTokens, 1, 10_000_000, "overrides.maxOutputTokens")
            ?? Range(body.Priority, 0, 1000, "overrides.priority")
            ?? CheckList(body.AllowedDeployments, "overrides.allowedDeployments", out deployments);
        if (error is not null)
        {
            return error;
        }

        overrides = new PlanOverrides
        {
            RequestsPerMinute = body.RequestsPerMinute,
            TokensPerMinute = body.TokensPerMinute,
            MaxConcurrentRequests = body.MaxConcurrentRequests,
            MonthlyTokenBudget = body.MonthlyTokenBudget,
            MonthlyCostBudget = body.MonthlyCostBudget,
            MaxOutputTokens = body.MaxOutputTokens,
            AllowedDeployments = deployments,
            Priority = body.Priority,
        };
        return null;
    }

    /// <summary>Validates everything but the existence of the default plan (the caller checks the store).</summary>
    public static OpenAIError? ToTenant(string tenantId, TenantBody body, out TenantDefinition tenant)
    {
        tenant = null!;
        if (body.TenantId is not null && !string.Equals(body.TenantId, tenantId, StringComparison.Ordinal))
        {
            return AdminErrors.Invalid("'tenantId' must match the tenant in the URL (or be omitted).", "tenantId");
        }

        ScreeningPolicy? screening = null;
        var error = (body.DefaultPlan is null ? null : CheckId(body.DefaultPlan, "defaultPlan"))
            ?? Range(body.MonthlyTokenBudget, 0, MaxTokens, "monthlyTokenBudget")
            ?? Range(body.MonthlyCostBudget, 0m, MaxCost, "monthlyCostBudget")
            ?? CheckTimeZone(body.TimeZone)
            ?? CheckScreening(body.Screening, out screening);
        if (error is not null)
        {
            return error;
        }

        tenant = new TenantDefinition
        {
            TenantId = tenantId,
            DefaultPlan = body.DefaultPlan,
            MonthlyTokenBudget = body.MonthlyTokenBudget,
            MonthlyCostBudget = body.MonthlyCostBudget,
            TimeZone = string.IsNullOrWhiteSpace(body.TimeZone) ? null : body.TimeZone,
            FailOpen = body.FailOpen ?? false,
            Screening = screening,
        };
        return null;
    }

    public static OpenAIError? CheckText(string? value, string param, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? AdminErrors.Invalid($"'{param}' is required.", param) : null;
        }

        if (value.Length > maxLength)
        {
            return AdminErrors.Invalid($"'{param}' must be at most {maxLength} characters.", param);
        }

        return value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            ? AdminErrors.Invalid($"'{param}' must not contain control characters.", param)
            : null;
    }

    private static OpenAIError? CheckTimeZone(string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            return null;
        }

        return timeZone.Length <= MaxIdLength && PolicyResolver.TryFindTimeZone(timeZone, out _)
            ? null
            : AdminErrors.Invalid("'timeZone' is not a known IANA or Windows time zone id.", "timeZone");
    }

    private static OpenAIError? CheckScreening(ScreeningBody? body, out ScreeningPolicy? screening)
    {
        screening = null;
        if (body is null)
        {
            return null;
        }

        var defaults = new ScreeningPolicy();
        var flag = body.FlagThreshold ?? defaults.FlagThreshold;
        var block = body.BlockThreshold ?? defaults.BlockThreshold;
        if (!(flag is >= 0 and <= 1))
        {
            return AdminErrors.Invalid("'screening.flagThreshold' must be between 0 and 1.", "screening.flagThreshold");
        }

        if (!(block is >= 0 and <= 1))
        {
            return AdminErrors.Invalid("'screening.blockThreshold' must be between 0 and 1.", "screening.blockThreshold");
        }

        if (flag > block)
        {
            return AdminErrors.Invalid("'screening.flagThreshold' must not exceed 'screening.blockThreshold'.", "screening.flagThreshold");
        }

        screening = new ScreeningPolicy { FlagThreshold = flag, BlockThreshold = block, Pii = body.Pii ?? defaults.Pii, ReviewSamples = body.ReviewSamples ?? defaults.ReviewSamples };
        return null;
    }

    private static OpenAIError? CheckPrices(Dictionary<string, PriceBody?>? body, out IReadOnlyDictionary<string, ModelPrice>? prices)
    {
        prices = null;
        if (body is null)
        {
            return null;
        }

        if (body.Count > MaxListEntries)
        {
            return AdminErrors.Invalid($"'prices' may name at most {MaxListEntries} models.", "prices");
        }

        var result = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in body)
        {
            var param = $"prices.{model}";
            if (CheckText(model, "prices", MaxIdLength, required: true) is not null || result.ContainsKey(model))
            {
                return AdminErrors.Invalid("'prices' keys must be distinct model names of 1 to 128 characters.", "prices");
            }

            if (price?.InputPerMillion is null || price.OutputPerMillion is null)
            {
                return AdminErrors.Invalid($"'{param}' needs inputPerMillion and outputPerMillion.", param);
            }

            var error = Range(price.InputPerMillion, 0m, MaxPrice, param + ".inputPerMillion")
                ?? Range(price.CachedInputPerMillion, 0m, MaxPrice, param + ".cachedInputPerMillion")
                ?? Range(price.OutputPerMillion, 0m, MaxPrice, param + ".outputPerMillion");
            if (error is not null)
            {
                return error;
            }

            result[model] = new ModelPrice(price.InputPerMillion.Value, price.CachedInputPerMillion ?? price.InputPerMillion.Value, price.OutputPerMillion.Value);
        }

        prices = result;
        return null;
    }

    private static OpenAIError? CheckList(List<string?>? body, string param, out IReadOnlyList<string>? list)
    {
        list = null;
        if (body is null)
        {
            return null;
        }

        if (body.Count > MaxListEntries)
        {
            return AdminErrors.Invalid($"'{param}' may hold at most {MaxListEntries} entries.", param);
        }

        var result = new List<string>(body.Count);
        foreach (var entry in body)
        {
            if (CheckText(entry, param, MaxIdLength, required: true) is not null)
            {
                return AdminErrors.Invalid($"'{param}' entries must be names of 1 to {MaxIdLength} characters.", param);
            }

            result.Add(entry!);
        }

        list = result;
        return null;
    }

    private static OpenAIError? Range(long? value, long min, long max, string param) =>
        value is { } v && (v < min || v > max) ? AdminErrors.Invalid($"'{param}' must be between {min} and {max}.", param) : null;

    private static OpenAIError? Range(decimal? value, decimal min, decimal max, string param) =>
        value is { } v && (v < min || v > max) ? AdminErrors.Invalid($"'{param}' must be between {min} and {max}.", param) : null;
}
