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

    /// <summary>Written for Hugging Face loaders; not used here.</summary>
    [JsonPropertyName("architectures")] public string[]? Architectures { get; init; }
    [JsonPropertyName("model_type")] public string? ModelType { get; init; }
    [JsonPropertyName("torch_dtype")] public string? TorchDType { get; init; }

    [JsonIgnore] public int HeadDim => HiddenSize / NumHeads;

    /// <summary>Throws <see cref="ConfigException"/> naming <paramref name="file"/> and the offending field.</summary>
    public void Validate(string file)
    {
        void Require(bool ok, string field, string problem) { if (!ok) throw new ConfigException(file, field, problem); }
        Require(VocabSize > 0, "vocab_size", "must be positive");
        Require(HiddenSize > 0, "hidden_size", "must be positive");
        Require(IntermediateSize > 0, "intermediate_size", "must be positive");
        Require(NumLayers > 0, "num_hidden_layers", "must be positive");
        Require(NumHeads > 0 && HiddenSize % NumHeads == 0, "num_attention_heads", $"must divide hidden_size ({HiddenSize})");
        Require(HeadDim % 2 == 0, "num_attention_heads", "head dimension must be even for rotary embeddings");
        Require(NumKeyValueHeads > 0 && NumHeads % NumKeyValueHeads == 0, "num_key_value_heads", $"must divide num_attention_heads ({NumHeads})");
        Require(RopeTheta > 0, "rope_theta", "must be positive");
        Require(MaxPositionEmbeddings > 0, "max_position_embeddings", "must be positive");
        Require(SmearTaps == 0 || SmearTaps >= 2, "smear_taps", "must be 0 (off) or at least 2");
        RopeScaling?.Validate(file);
    }
}

/// <summary>Training-free context extension of rotary embeddings (PI / NTK-aware / YaRN), Hugging Face field names.</summary>
public sealed record RopeScaling
{
    /// <summary>linear (position interpolation), ntk (NTK-aware base change) or yarn.</summary>
    [JsonPropertyName("rope_type")] public string Kind { get; init; } = "linear";

    /// <summary>Older Hugging Face configs spell the kind "type"; read it into <see cref="Kind"/>, never write it.</summary>
    [JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LegacyKind { get => null; init => Kind = value ?? Kind; }
    [JsonPropertyName("factor")] public double Factor { get; init; } = 1;
    /// <summary>The window the unscaled model was trained for (YaRN's ramp is measured against it).</summary>
    [JsonPropertyName("original_max_position_embeddings")] public int OriginalMaxPositions { get; init; }
    [JsonPropertyName("beta_fast")] public double BetaFast { get; init; } = 32;
    [JsonPropertyName("beta_slow")] public double BetaSlow { get; init; } = 1;

    public void Validate(string file)
    {
        if (Kind is not ("linear" or "ntk" or "yarn")) throw new ConfigException(file, "rope_scaling.rope_type", $"unknown kind '{Kind}' (linear, ntk, yarn)");
        if (Factor < 1) throw new ConfigException(file, "rope_scaling.factor", "must be ≥ 1");
        if (Kind == "yarn" && OriginalMaxPositions <= 0) throw new ConfigException(file, "rope_scaling.original_max_position_embeddings", "yarn needs the original window");
    }
}
