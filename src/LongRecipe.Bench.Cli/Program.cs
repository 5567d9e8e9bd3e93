return LongRecipe.Bench.Cli.App.Run(args);
