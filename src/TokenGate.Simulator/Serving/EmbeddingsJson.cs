using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TokenGate.Simulator.Serving;

/// <summary>Embeddings bodies: unit-length pseudo-random vectors seeded by each input's text.</summary>
internal static class EmbeddingsJson
{
    public static void Body(Utf8JsonWriter w, Generation g, int dimensions, bool base64)
    {
        var rented = ArrayPool<float>.Shared.Rent(dimensions);
        var vector = rented.AsSpan(0, dimensions);
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        var inputs = g.Request.Inputs;
        for (var i = 0; i < inputs.Count; i++)
        {
            Fill(vector, TextGenerator.Seed(inputs[i].Hash, g.Seed, 0));
            w.WriteStartObject();
            w.WriteString("object", "embedding");
            w.WriteNumber("index", i);
            w.WritePropertyName("embedding");
            if (base64)
            {
                // Little-endian float32 bytes, as the service encodes them.
                w.WriteBase64StringValue(MemoryMarshal.AsBytes(vector));
            }
            else
            {
                w.WriteStartArray();
                foreach (var x in vector)
                {
                    w.WriteNumberValue(x);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        ArrayPool<float>.Shared.Return(rented);
        w.WriteString("model", g.Model);
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", g.PromptTokens);
        w.WriteNumber("total_tokens", g.PromptTokens);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Deterministic values in [-1, 1), normalised to unit length like real embeddings.</summary>
    internal static void Fill(Span<float> vector, ulong seed)
    {
        double sum = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            var bits = TextHash.Mix(seed + (ulong)i) >> 40;
            var x = (float)((bits / (double)(1UL << 24) * 2.0) - 1.0);
            vector[i] = x;
            sum += x * x;
        }

        var scale = sum > 0 ? (float)(1.0 / Math.Sqrt(sum)) : 0f;
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }
}
