using System.Text.Json.Serialization;

namespace LongRecipe.Bench.Model;

/// <summary>
/// Hyperparameters of a Llama-style decoder. JSON names follow Hugging Face's config.json, so a checkpoint folder
/// written here is readable there and vice versa.
/// </summary>
public sealed record LlamaConfig
{
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 512;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 256;
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 704;
    [JsonPropertyName("num_hidden_layers")] public int NumLayers { get; init; } = 4;
    [JsonPropertyName("num_attention_heads")] public int NumHeads { get; init; } = 4;
    /// <summary>Fewer key/value heads than query heads gives grouped-query attention.</summary>
    [JsonPropertyName("num_key_value_heads")] public int NumKeyValueHeads { get; init; } = 4;
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000;
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-5;
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; } = true;
    /// <summary>The window the weights were trained for; evaluation beyond it is allowed (that is the point) but recorded.</summary>
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 128;
    [JsonPropertyName("rope_scaling")] public RopeScaling? RopeScaling { get; init; }
    /// <summary>
    /// Not a Hugging Face Llama field: 0 (off) for every real checkpoint. With n ≥ 2, each attention key (before RoPE) is
    /// a learned per-head mix of its token's key and the n − 1 before it, and each query of its token's and the n − 2
    /// before it: "smeared keys" (Olsson et al. 2022), widened so that a query and a key can both carry the few tokens
    /// before them (a needle's key words sit 2–4 tokens before its value). One layer can then match "the token after an
    /// earlier copy of this context". A RoPE Llama without biases must first grow previous-token heads to do that, and at
    /// tiny scale it stays on that plateau longer than a 5-minute pretraining budget.
    /// </summary>
    [JsonPropertyName("smear_taps"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int SmearTaps { get; init; }

    /// <summary>Llama 3.x and Mistral-Nemo set it apart from hidden_size / num_attention_heads.</summary>
    [JsonPropertyName("head_dim"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? HeadDimension { get; init; }
    /// <summary>Llama's flag: biases on q, k, v and o. Qwen2 has biases on q, k and v always, without the flag.</summary>
    [JsonPropertyName("attention_bias"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AttentionBias { get; init; }
    [JsonPropertyName("hidden_act"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HiddenAct { get; init; }
    /// <summary>Mistral v0.1 attends within a sliding window; Qwen2 names one but switches it off (use_sliding_window: false).</summary>
    [JsonPropertyName("sliding_window"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SlidingWindow { get; init; }
    [JsonPropertyName("use_sliding_window"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? UseSlidingWindow { get; init; }

    /// <summary>The architecture as Hugging Face names it; this model is each of them with the options above.</summary>
    [JsonPropertyName("architectures")] public string[]? Architectures { get; init; }
    [JsonPropertyName("model_type")] public string? ModelType { get; init; }
    [JsonPropertyName("torch_dtype")] public string? TorchDType { get; init; }

    /// <summary>Causal-LM architectures whose weights and forward pass this model reproduces.</summary>
    public static readonly IReadOnlyDictionary<string, string> SupportedArchitectures = new Dictionary<string, string>
    {
        ["LlamaForCausalLM"] = "llama", ["MistralForCausalLM"] = "mistral", ["Qwen2ForCausalLM"] = "qwen2",
    };

    [JsonIgnore] public int HeadDim => HeadDimension ?? HiddenSize / NumHeads;
    [JsonIgnore] public bool QueryKeyValueBias => AttentionBias || ModelType == "qwen2";
    [JsonIgnore] public bool OutputBias => AttentionBias && ModelType != "qwen2";

    /// <summary>
    /// Every parameter <see cref="Llama"/> registers for this config, by name, with its shape, without building the model:
    /// a checkpoint's headers are checked against it before gigabytes are read, and the memory plan counts it.
    /// </summary>
    public IEnumerable<(string Name, long[] Shape)> ParameterShapes()
    {
        long h = HiddenSize, q = (long)NumHeads * HeadDim, kv = (long)NumKeyValueHeads * HeadDim, i = IntermediateSize;
        yield return ("model.embed_tokens.weight", [VocabSize, h]);
        for (int layer = 0; layer < NumLayers; layer++)
        {
            string p = $"model.layers.{layer}.";
            yield return (p + "input_layernorm.weight", [h]);
            if (SmearTaps > 0)
            {
                yield return (p + "self_attn.key_taps", [NumKeyValueHeads, SmearTaps]);
                yield return (p + "self_attn.query_taps", [NumHeads, SmearTaps - 1]);
            }
            foreach (var (name, rows, columns, bias) in new[] { ("q_proj", q, h, QueryKeyValueBias), ("k_proj", kv, h, QueryKeyValueBias),
                         ("v_proj", kv, h, QueryKeyValueBias), ("o_proj", h, q, OutputBias) })
            {
                yield return ($"{p}self_attn.{name}.weight", [rows, columns]);
                if (bias) yield return ($"{p}self_attn.{name}.bias", [rows]);
            }
            yield return (p + "post_attention_layernorm.weight", [h]);
            yield return (p + "mlp.gate_proj.weight", [i, h]);
            yield return (p + "mlp.up_proj.weight", [i, h]);
            yield return (p + "mlp.down_proj.weight", [h, i]);
        }
        yield return ("model.norm.weight", [h]);
        if (!TieWordEmbeddings) yield return ("lm_head.weight", [VocabSize, h]);
    }

    /// <summary>Throws <see cref="ConfigException"/> naming <paramref name="file"/> and the offending field.</summary>
    public void Validate(string file)
    {
        void Require(bool ok, string field, string problem) { if (!ok) throw new ConfigException(file, field, problem); }
        Require(VocabSize > 0, "vocab_size", "must be positive");
        Require(HiddenSize > 0, "hidden_size", "must be positive");
        Require(IntermediateSize > 0, "intermediate_size", "must be positive");
        Require(NumLayers > 0, "num_hidden_layers", "must be positive");
        Require(NumHeads > 0 && (HeadDimension is not null || HiddenSize % NumHeads == 0), "num_attention_heads", $"must divide hidden_size ({HiddenSize})");
        Require(HeadDimension is null or > 0, "head_dim", "must be positive");
        Require(HeadDim % 2 == 0, "num_attention_heads", "head dimension must be even for rotary embeddings");
        Require(NumKeyValueHeads > 0 && NumHeads % NumKeyValueHeads == 0, "num_key_value_heads", $"must divide num_attention_heads ({NumHeads})");
        Require(RopeTheta > 0, "rope_theta", "must be positive");
        Require(MaxPositionEmbeddings > 0, "max_position_embeddings", "must be positive");
        Require(SmearTaps == 0 || SmearTaps >= 2, "smear_taps", "must be 0 (off) or at least 2");
        Require(Architectures is null || Architectures.Length == 1 && SupportedArchitectures.ContainsKey(Architectures[0]), "architectures",
            $"[{string.Join(", ", Architectures ?? [])}] is not one of {string.Join(", ", SupportedArchitectures.Keys)}");
        Require(ModelType is null || SupportedArchitectures.Values.Contains(ModelType), "model_type",
            $"'{ModelType}' is not one of {string.Join(", ", SupportedArchitectures.Values)}");
        Require(HiddenAct is null or "silu", "hidden_act", $"'{HiddenAct}' is not supported (SwiGLU uses silu)");
        Require(SlidingWindow is null || UseSlidingWindow == false, "sliding_window",
            "sliding-window attention is not supported (every token attends to the whole context here)");
        RopeScaling?.Validate(file);
    }
}

/// <summary>
/// Context extension of rotary embeddings, Hugging Face field names: PI (linear), NTK-aware base change (ntk: static, as
/// the baselines here apply it; dynamic: grows with the sequence, as Hugging Face's), YaRN, and Llama 3.1's llama3.
/// </summary>
public sealed record RopeScaling
{
    public static readonly string[] Kinds = ["linear", "ntk", "dynamic", "yarn", "llama3"];

    /// <summary>One of <see cref="Kinds"/>; "default" (no scaling) is read as linear with factor 1.</summary>
    [JsonPropertyName("rope_type")] public string Kind { get; init; } = "linear";

    /// <summary>Older Hugging Face configs spell the kind "type"; read it into <see cref="Kind"/>, never write it.</summary>
    [JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LegacyKind { get => null; init => Kind = value ?? Kind; }
    [JsonPropertyName("factor")] public double Factor { get; init; } = 1;
    /// <summary>The window the unscaled model was trained for (YaRN's ramp and llama3's wavelengths are measured against it).</summary>
    [JsonPropertyName("original_max_position_embeddings")] public int OriginalMaxPositions { get; init; }
    [JsonPropertyName("beta_fast")] public double BetaFast { get; init; } = 32;
    [JsonPropertyName("beta_slow")] public double BetaSlow { get; init; } = 1;
    [JsonPropertyName("low_freq_factor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LowFrequencyFactor { get; init; }
    [JsonPropertyName("high_freq_factor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? HighFrequencyFactor { get; init; }

    public void Validate(string file)
    {
        void Require(bool ok, string field, string problem) { if (!ok) throw new ConfigException(file, $"rope_scaling.{field}", problem); }
        Require(Kinds.Contains(Kind) || Kind == "default", "rope_type", $"unknown kind '{Kind}' ({string.Join(", ", Kinds)})");
        Require(Factor >= 1, "factor", "must be ≥ 1");
        Require(Kind is not ("yarn" or "llama3") || OriginalMaxPositions > 0, "original_max_position_embeddings", $"{Kind} needs the original window");
        Require(Kind != "llama3" || LowFrequencyFactor > 0 && HighFrequencyFactor > LowFrequencyFactor, "high_freq_factor",
            "llama3 needs 0 < low_freq_factor < high_freq_factor");
    }
}
