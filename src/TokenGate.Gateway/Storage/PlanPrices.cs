using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Storage;

/// <summary>Both directory stores hand out plans whose price table ignores the case of model names.</summary>
internal static class PlanPrices
{
    // Prices are looked up by model name case-insensitively; JSON gives back an ordinal dictionary.
    public static PlanDefinition CaseInsensitive(PlanDefinition plan)
    {
        if (plan.Prices is null)
        {
            return plan;
        }

        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in plan.Prices)
        {
            prices[model] = price;
        }

        return plan with { Prices = prices };
    }
}
