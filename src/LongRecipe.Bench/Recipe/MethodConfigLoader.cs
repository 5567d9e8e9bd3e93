namespace LongRecipe.Bench.Recipe;

/// <summary>Reads a method file (suites/methods/*.yaml) into a validated <see cref="MethodConfig"/>.</summary>
public static class MethodConfigLoader
{
    /// <summary>Loads <paramref name="path"/>; every problem is a <see cref="ConfigException"/> naming the file and field.</summary>
    public static MethodConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ConfigException(path, "(file)", "not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses YAML text; <paramref name="file"/> only names the source in error messages.</summary>
    public static MethodConfig Parse(string yaml, string file)
    {
        var root = YamlConfig.Mapping(yaml, file, "name, stages, ...");
        YamlShape.CheckShape(root, typeof(MethodYaml), file, "");
        var method = YamlConfig.Parse<MethodYaml>(yaml, file, mark => YamlShape.PathAt(root, mark));
        return new MethodConfigValidator(file).Method(method);
    }
}
