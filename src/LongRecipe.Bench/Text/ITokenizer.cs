namespace LongRecipe.Bench.Text;

/// <summary>Text ⇄ token ids. The synthetic word tokenizer and Hugging Face tokenizers both sit behind this.</summary>
public interface ITokenizer
{
    int VocabSize { get; }
    /// <summary>Null where the tokenizer has none (Qwen2 starts text without one).</summary>
    int? BosId { get; }
    int EosId { get; }
    int? PadId { get; }

    /// <summary>What the model saw before every text in training (a Hugging Face model's BOS); none for the word tokenizer.</summary>
    IReadOnlyList<int> StartIds { get; }

    /// <summary>Token ids of <paramref name="text"/>, without BOS/EOS.</summary>
    int[] Encode(string text);

    string Decode(IEnumerable<int> ids);

    /// <summary>True for ids that end a sentence: '.', '?', '!' and newline (the delimiter belongs to its sentence).</summary>
    bool EndsSentence(int id);
}
