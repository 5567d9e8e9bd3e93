namespace LongRecipe.Bench.Text;

/// <summary>
/// The fixed word list of the synthetic language, grouped by part of speech so the corpus grammar and the
/// RULER-style generators draw from the same closed vocabulary (any other word encodes to UNK).
/// </summary>
public static class Lexicon
{
    public static readonly string[] Determiners = ["the", "a", "this", "that", "every", "some", "one", "her", "his", "our"];

    public static readonly string[] Nouns =
    [
        "farmer", "river", "house", "garden", "teacher", "window", "market", "doctor", "forest", "letter",
        "bridge", "village", "painter", "kitchen", "mountain", "sailor", "station", "library", "baker", "horse",
        "road", "table", "child", "city", "boat", "stone", "door", "field", "tree", "lamp",
        "bird", "cloud", "wagon", "tower", "island", "castle", "hunter", "singer", "clock", "mirror",
        "basket", "candle", "lake", "valley", "engine", "soldier", "merchant", "pilot", "student", "queen",
        "king", "wolf", "cat", "dog", "apple", "bread", "coat", "ship", "well", "rope",
    ];

    public static readonly string[] Adjectives =
    [
        "old", "young", "red", "green", "quiet", "bright", "small", "large", "cold", "warm",
        "dark", "tall", "gentle", "brave", "busy", "empty", "heavy", "silent", "golden", "narrow",
        "wide", "happy", "tired", "clever", "strange", "simple", "distant", "broken", "sweet", "bitter",
    ];

    public static readonly string[] Verbs =
    [
        "sees", "finds", "builds", "carries", "paints", "follows", "watches", "cleans", "opens", "closes",
        "visits", "loves", "helps", "leaves", "reads", "writes", "sells", "buys", "hears", "calls",
        "moves", "keeps", "draws", "brings", "guards", "crosses", "climbs", "feeds", "fixes", "counts",
    ];

    public static readonly string[] Prepositions = ["near", "behind", "under", "over", "beside", "inside", "across", "past", "with", "from"];

    public static readonly string[] Adverbs = ["slowly", "quickly", "often", "never", "always", "softly", "early", "late", "again", "today"];

    public static readonly string[] Conjunctions = ["and", "but", "because", "while", "so", "then", "although", "before", "after", "until"];

    /// <summary>Entity names: the subjects of planted facts and of QA questions.</summary>
    public static readonly string[] Names =
    [
        "alice", "bruno", "clara", "david", "elena", "felix", "greta", "hugo", "irene", "jonas",
        "karla", "leo", "mira", "nils", "olga", "pablo", "quinn", "rosa", "sven", "tara",
        "ugo", "vera", "walt", "xena", "yuri", "zora", "anton", "bella", "carl", "dora",
    ];

    /// <summary>Places and objects used as fact values (cities, colours of things, professions).</summary>
    public static readonly string[] Places =
    [
        "paris", "london", "berlin", "madrid", "rome", "vienna", "oslo", "lisbon", "prague", "dublin",
        "athens", "warsaw", "cairo", "lima", "tokyo", "delhi", "quito", "sofia", "riga", "bern",
    ];

    /// <summary>Words that frame planted facts, questions and task prompts.</summary>
    public static readonly string[] Function =
    [
        "is", "are", "was", "of", "for", "to", "in", "on", "at", "by", "it", "what", "where", "who", "which", "does", "do",
        "live", "lives", "special", "magic", "number", "numbers", "value", "values", "key", "keys", "var", "variable",
        "variables", "assign", "remember", "answer", "question", "text", "above", "below", "mentioned", "all", "only",
        "common", "frequent", "words", "word", "list", "most", "appear", "appears", "three", "ten", "given", "read",
        "following", "memorize", "hidden", "there", "some", "different", "according", "document", "documents", "passage",
        "passages", "find", "return", "them", "their", "they", "name", "names", "not", "no", "yes", "none", "each",
        "uuid", "uuids", "grass", "sky", "sun", "day", "night", "here", "we", "go", "again", "one", "coded", "top",
        // Appended for the RULER-style suite templates (suites/ruler.yaml); never reorder, ids follow this order.
        "back", "about", "track", "assignments", "assigned", "numbered", "more", "than", "others", "how", "ignore", "dots", "chain",
    ];

    /// <summary>
    /// Words that appear only inside planted passages (never in filler), so a copy of one points back to exactly one place:
    /// a small model can then learn to copy by single-token induction within minutes.
    /// </summary>
    public static readonly string[] CodeWords =
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
        "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
        "alfa", "bravo", "charlie", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "mike", "november",
        "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu",
    ];

    /// <summary>Every distinct word, in a fixed order (vocabulary ids follow it).</summary>
    public static readonly string[] AllWords =
        Determiners.Concat(Nouns).Concat(Adjectives).Concat(Verbs).Concat(Prepositions).Concat(Adverbs)
            .Concat(Conjunctions).Concat(Names).Concat(Places).Concat(Function).Concat(CodeWords)
            .Distinct(StringComparer.Ordinal).ToArray();
}
