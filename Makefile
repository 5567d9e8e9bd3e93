# Two commands do everything on a fresh machine: `make bench` (the main job) and `make test`.
DOTNET ?= dotnet
CONFIG ?= Release
CLI = src/LongRecipe.Bench.Cli/bin/$(CONFIG)/net10.0/linux-x64/longrecipe-bench
PROFILE ?= suites/profiles/tiny.yaml

.PHONY: build test bench perf approve clean

build:
	$(DOTNET) build LongRecipe.Bench.sln -c $(CONFIG) --nologo -v quiet

test:
	$(DOTNET) test tests/LongRecipe.Bench.Tests -c $(CONFIG) --nologo --logger "trx;LogFileName=results.trx" --results-directory TestResults

bench: build
	$(CLI) bench --profile $(PROFILE) $(if $(RUN_ID),--run-id $(RUN_ID),)

perf: build
	$(CLI) perf

# Accept changed golden files (prompt snapshots): review the diff first, then commit them.
approve:
	APPROVE=1 $(DOTNET) test tests/LongRecipe.Bench.Tests -c $(CONFIG) --nologo --filter Category=Golden

clean:
	rm -rf src/*/bin src/*/obj tests/*/bin tests/*/obj TestResults
