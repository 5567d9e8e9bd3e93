using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LongRecipe.Bench.Model;

/// <summary>
/// A Llama-style decoder in one file: token embedding → N × (RMSNorm → attention with RoPE → RMSNorm → SwiGLU) →
/// RMSNorm → logits. Modules are registered under Hugging Face's names (model.layers.0.self_attn.q_proj.weight …)
/// so safetensors checkpoints map one to one.
/// </summary>
public sealed class Llama : nn.Module
{
    readonly Body _body;
    readonly Linear? _lmHead;
    readonly Tensor _inverseFrequencies;
    readonly double _attentionScale;

    /// <summary>
    /// A model with weights of <paramref name="dtype"/>, built in that dtype (a checkpoint loads into it without a float32
    /// copy first): freshly initialised, or with <paramref name="initialise"/> false left for a loader to fill.
    /// </summary>
    public Llama(LlamaConfig config, ScalarType dtype = ScalarType.Float32, bool initialise = true) : base("Llama")
    {
        Config = config;
        var weights = new WeightFactory(dtype, initialise);
        _body = new Body(config, weights);
        register_module("model", _body);
        if (!config.TieWordEmbeddings)
        {
            _lmHead = weights.Linear(config.HiddenSize, config.VocabSize, bias: false);
            register_module("lm_head", _lmHead);
        }
        var (inverse, scale) = Rope.Frequencies(config);
        _inverseFrequencies = tensor(inverse.Select(f => (float)f).ToArray()).DetachFromDisposeScope();
        _attentionScale = scale;
    }

    public LlamaConfig Config { get; }

    /// <summary>While training, recompute each decoder layer in the backward pass instead of keeping its activations (<see cref="LayerCheckpoint"/>).</summary>
    public bool GradientCheckpointing { get => _body.Checkpointing; set => _body.Checkpointing = value; }

    /// <summary>
    /// Logits (batch, T, vocab), in float32 whatever the weights' dtype, for tokens and position ids, both (batch, T) int64.
    /// With a cache, appends to it. With <paramref name="lastOnly"/>, (batch, 1, vocab) for the last position only — what
    /// decoding needs: a 128K-token prefill's logits at every position would be 128K × vocab floats (64 GB for Llama 3).
    /// </summary>
    public Tensor Logits(Tensor tokens, Tensor positionIds, KvCache? cache = null, bool lastOnly = false)
    {
        using var inverse = InverseFrequencies(positionIds);
        var (cos, sin) = Rope.Tables(positionIds, inverse, _attentionScale);
        using (cos) using (sin)
        {
            using var all = _body.Forward(tokens, cos, sin, cache);
            cache?.Advance(tokens.shape[1]);
            using var hidden = lastOnly ? all.narrow(1, all.shape[1] - 1, 1) : all.alias();
            var logits = _lmHead is null ? Autocast.MatmulTransposed(hidden, _body.EmbeddingWeight) : Autocast.Linear(_lmHead, hidden);
            if (logits.dtype == ScalarType.Float32) return logits;
            using (logits) return logits.to_type(ScalarType.Float32);
        }
    }

    /// <summary>Dynamic NTK scaling grows θ with the longest sequence run; every other kind is fixed at construction.</summary>
    Tensor InverseFrequencies(Tensor positionIds)
    {
        if (Config.RopeScaling is not { Kind: "dynamic" }) return _inverseFrequencies.to(positionIds.device);
        long length = positionIds.max().item<long>() + 1;
        return tensor(Rope.Frequencies(Config, length).InverseFrequencies.Select(f => (float)f).ToArray(), device: positionIds.device);
    }

    /// <summary>
    /// Mean next-token cross-entropy over the block (the training loss); with <paramref name="weights"/> (batch, T), the
    /// mean weighted by each predicted token's weight.
    /// </summary>
    public Tensor Loss(Tensor tokens, Tensor positionIds, Tensor? weights = null)
    {
        long length = tokens.shape[1];
        using var logits = Logits(tokens, positionIds);
        // Views are released as soon as they are used: a leaked view of the logits would keep all of them to the step's end.
        using var predicted = logits.narrow(1, 0, length - 1);
        using var predictions = predicted.reshape(-1, Config.VocabSize);
        using var next = tokens.narrow(1, 1, length - 1);
        using var targets = next.reshape(-1);
        if (weights is null) return functional.cross_entropy(predictions, targets);
        using var losses = functional.cross_entropy(predictions, targets, reduction: Reduction.None);
        using var nextWeights = weights.narrow(1, 1, length - 1);
        using var targetWeights = nextWeights.reshape(-1);
        using var weighted = losses * targetWeights;
        using var total = weighted.sum();
        using var weightSum = targetWeights.sum();
        return total / weightSum;
    }

    /// <summary>Element type of the weights (float32 on CPU; bf16/fp16 where a checkpoint asks for it).</summary>
    public ScalarType EmbeddingDType => _body.EmbeddingWeight.dtype;

    /// <summary>A new model with <paramref name="config"/> (same shapes; e.g. other RoPE scaling) holding copies of these weights, in <paramref name="dtype"/> if given.</summary>
    public Llama Copy(LlamaConfig? config = null, ScalarType? dtype = null)
    {
        var copy = new Llama(config ?? Config, dtype ?? EmbeddingDType, initialise: false);
        copy.to(parameters().First().device);
        using (no_grad())
            foreach (var ((name, target), (_, source)) in copy.named_parameters().Zip(named_parameters()))
                target.copy_(source);
        copy.eval();
        return copy;
    }

    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>Weights that take part in matrix multiplies per token (everything but the embedding lookup and norms), for FLOP counts.</summary>
    public long MatmulParameterCount()
    {
        long embedding = (long)Config.VocabSize * Config.HiddenSize;
        long norms = (2L * Config.NumLayers + 1) * Config.HiddenSize;
        // With tied embeddings the table is still used once per token as the output projection.
        return ParameterCount() - norms - (Config.TieWordEmbeddings ? 0 : embedding);
    }

    sealed class Body : nn.Module
    {
        readonly Embedding _embed;
        readonly ModuleList<DecoderLayer> _layers;
        readonly RmsNorm _norm;
        readonly LayerCheckpoint.HandedBack _handedBack = new();

        public Body(LlamaConfig config, WeightFactory weights) : base("LlamaModel")
        {
            _embed = weights.Embedding(config.VocabSize, config.HiddenSize);
            _layers = new ModuleList<DecoderLayer>(Enumerable.Range(0, config.NumLayers).Select(i => new DecoderLayer(config, i, weights)).ToArray());
            _norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, weights.DType);
            register_module("embed_tokens", _embed);
            register_module("layers", _layers);
            register_module("norm", _norm);
        }

        public Tensor EmbeddingWeight => _embed.weight!;

        protected override void Dispose(bool disposing)
        {
            if (disposing) _handedBack.Dispose();
            base.Dispose(disposing);
        }

        public bool Checkpointing { get; set; }

        public Tensor Forward(Tensor tokens, Tensor cos, Tensor sin, KvCache? cache)
        {
            var hidden = _embed.forward(tokens);
            bool checkpointed = Checkpointing && cache is null && is_grad_enabled();
            // The backward pass runs the layers again after the caller has released its RoPE tables: keep views of them,
            // which the step's dispose scope releases.
            var (keptCos, keptSin) = checkpointed ? (cos.alias(), sin.alias()) : (cos, sin);
            _handedBack.Dispose();   // the last gradient of the previous backward pass, copied by the engine long since
            foreach (var layer in _layers)
            {
                var next = checkpointed ? LayerCheckpoint.Apply(x => layer.Forward(x, keptCos, keptSin, null), hidden, _handedBack) : layer.Forward(hidden, cos, sin, cache);
                hidden.Dispose();
                hidden = next;
            }
            using (hidden) return _norm.forward(hidden);
        }
    }

    sealed class DecoderLayer : nn.Module
    {
        readonly RmsNorm _attentionNorm, _mlpNorm;
        readonly Attention _attention;
        readonly SwiGlu _mlp;

        public DecoderLayer(LlamaConfig config, int index, WeightFactory weights) : base($"layer{index}")
        {
            _attentionNorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, weights.DType);
            _attention = new Attention(config, index, weights);
            _mlpNorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, weights.DType);
            _mlp = new SwiGlu(config.HiddenSize, config.IntermediateSize, weights);
            register_module("input_layernorm", _attentionNorm);
            register_module("self_attn", _attention);
            register_module("post_attention_layernorm", _mlpNorm);
            register_module("mlp", _mlp);
        }

        public Tensor Forward(Tensor x, Tensor cos, Tensor sin, KvCache? cache)
        {
            using var normed = _attentionNorm.forward(x);
            using var attended = _attention.Forward(normed, cos, sin, cache);
            using var residual = x + attended;
            using var normed2 = _mlpNorm.forward(residual);
            using var mixed = _mlp.forward(normed2);
            return residual + mixed;
        }
    }

    sealed class Attention : nn.Module
    {
        readonly Linear _q, _k, _v, _o;
        readonly bool _smeared;
        readonly int _heads, _kvHeads, _headDim, _layer;

        public Attention(LlamaConfig config, int layer, WeightFactory weights) : base("Attention")
        {
            (_heads, _kvHeads, _headDim, _layer) = (config.NumHeads, config.NumKeyValueHeads, config.HeadDim, layer);
            _q = weights.Linear(config.HiddenSize, _heads * _headDim, bias: config.QueryKeyValueBias);
            _k = weights.Linear(config.HiddenSize, _kvHeads * _headDim, bias: config.QueryKeyValueBias);
            _v = weights.Linear(config.HiddenSize, _kvHeads * _headDim, bias: config.QueryKeyValueBias);
            _o = weights.Linear(_heads * _headDim, config.HiddenSize, bias: config.OutputBias);
            var dtype = weights.DType;
            register_module("q_proj", _q);
            register_module("k_proj", _k);
            register_module("v_proj", _v);
            register_module("o_proj", _o);
            if (config.SmearTaps == 0) return;
            // Start as the two-token smear: keys half their own, half the previous token's; queries their own.
            using var keyTaps = zeros(_kvHeads, config.SmearTaps, dtype: dtype);
            keyTaps.narrow(1, 0, 2).fill_(0.5);
            using var queryTaps = zeros(_heads, config.SmearTaps - 1, dtype: dtype);
            queryTaps.narrow(1, 0, 1).fill_(1.0);
            register_parameter("key_taps", new Parameter(keyTaps.clone()));
            register_parameter("query_taps", new Parameter(queryTaps.clone()));
            _smeared = true;
        }

        public Tensor Forward(Tensor x, Tensor cos, Tensor sin, KvCache? cache)
        {
            long batch = x.shape[0], length = x.shape[1];
            using var qFlat = Autocast.Linear(_q, x);
            using var kFlat = Autocast.Linear(_k, x);
            using var vFlat = Autocast.Linear(_v, x);
            using var q0 = Heads(qFlat, _heads);
            using var k0 = Heads(kFlat, _kvHeads);
            using var v = Heads(vFlat, _kvHeads);
            bool continuing = cache is { Length: > 0 };
            // Parameters are looked up, not kept in fields: Module.to(dtype or device) replaces them.
            using var smearedQ = _smeared ? Smear(q0, get_parameter("query_taps")!, cache, SmearedKind.Queries) : q0.alias();
            using var smearedK = _smeared ? Smear(k0, get_parameter("key_taps")!, cache, SmearedKind.Keys) : k0.alias();
            using var q = Rope.Apply(smearedQ, cos, sin);
            using var k = Rope.Apply(smearedK, cos, sin);

            if (continuing && length > 1) throw new NotSupportedException("Chunked prefill into a non-empty KV cache is not supported.");
            var (keys, values) = cache is null ? (k.alias(), v.alias()) : cache.Append(_layer, k, v);
            using (keys) using (values)
            {
                using var groupedKeys = RepeatKv(keys);
                using var groupedValues = RepeatKv(values);
                // A single new token may see every cached key, so it must not use the (top-left aligned) causal mask.
                using var attended = functional.scaled_dot_product_attention(q, groupedKeys, groupedValues, is_casual: !continuing);
                using var tokenMajor = attended.transpose(1, 2);
                using var merged = tokenMajor.reshape(batch, length, _heads * _headDim);
                return Autocast.Linear(_o, merged);
            }
        }

        /// <summary>(batch, T, heads × head_dim) as (batch, heads, T, head_dim); the intermediate view is released here, not at the step's end.</summary>
        Tensor Heads(Tensor flat, int heads)
        {
            using var split = flat.view(flat.shape[0], flat.shape[1], heads, _headDim);
            return split.transpose(1, 2);
        }

        /// <summary>
        /// Σₜ taps[head, t] · x[token − t] for x of shape (batch, heads, T, head_dim). Vectors before the first token are
        /// the cache's (the raw ones of the tokens before this step), else zeros; the cache keeps this step's last ones.
        /// </summary>
        Tensor Smear(Tensor x, Tensor taps, KvCache? cache, SmearedKind kind)
        {
            long length = x.shape[2];
            int width = (int)taps.shape[1] - 1;
            using var before = width == 0 ? null : Before(x, width, cache, kind);
            using var history = before is null ? x.alias() : cat([before, x], 2);   // (B, H, width + T, D)
            if (width > 0) cache?.KeepEarlier(_layer, kind, history.narrow(2, length, width));
            var mixed = zeros_like(x);
            for (int t = 0; t <= width; t++)
            {
                using var tap = taps.select(1, t);
                using var weight = tap.view(1, -1, 1, 1);
                using var earlier = history.narrow(2, width - t, length);
                using var term = earlier * weight;
                mixed.add_(term);
            }
            return mixed;
        }

        Tensor Before(Tensor x, int width, KvCache? cache, SmearedKind kind) => cache is { Length: > 0 }
            ? cache.Earlier(_layer, kind).alias()
            : zeros([x.shape[0], x.shape[1], width, x.shape[3]], x.dtype, x.device);

        Tensor RepeatKv(Tensor t) => _kvHeads == _heads ? t.alias() : t.repeat_interleave(_heads / _kvHeads, dim: 1);
    }

    sealed class SwiGlu : Module<Tensor, Tensor>
    {
        readonly Linear _gate, _up, _down;

        public SwiGlu(int hidden, int intermediate, WeightFactory weights) : base("SwiGlu")
        {
            _gate = weights.Linear(hidden, intermediate, bias: false);
            _up = weights.Linear(hidden, intermediate, bias: false);
            _down = weights.Linear(intermediate, hidden, bias: false);
            register_module("gate_proj", _gate);
            register_module("up_proj", _up);
            register_module("down_proj", _down);
        }

        public override Tensor forward(Tensor x)
        {
            using var gateLinear = Autocast.Linear(_gate, x);
            using var gate = functional.silu(gateLinear);
            using var up = Autocast.Linear(_up, x);
            using var product = gate * up;
            return Autocast.Linear(_down, product);
        }
    }

    /// <summary>TorchSharp 0.107 has no RMSNorm module: x / rms(x) · weight, the statistics in float32 for bf16/fp16 weights (as Hugging Face's).</summary>
    sealed class RmsNorm : Module<Tensor, Tensor>
    {
        // A field, not an implicit conversion per call: a temporary Scalar can be finalized while the native op reads it.
        readonly Scalar _eps;

        public RmsNorm(int size, double eps, ScalarType dtype) : base("RmsNorm")
        {
            _eps = eps.ToScalar();
            register_parameter("weight", new Parameter(ones(size, dtype: dtype)));
        }

        public override Tensor forward(Tensor x)
        {
            if (x.dtype != ScalarType.Float32)
            {
                using var wide = x.to_type(ScalarType.Float32);
                using var wideNormed = Normalize(wide);
                using var narrowed = wideNormed.to_type(x.dtype);
                return narrowed * get_parameter("weight")!;
            }
            using var normed = Normalize(x);
            return normed * get_parameter("weight")!;   // looked up: Module.to replaces parameters
        }

        Tensor Normalize(Tensor x)
        {
            using var square = x * x;
            using var meanSquare = square.mean([-1], keepdim: true);
            using var inverseRms = meanSquare.add(_eps).rsqrt_();
            return x * inverseRms;
        }
    }
}
