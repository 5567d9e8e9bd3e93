# Two commands do everything on a fresh machine: `make bench` (the main job) and `make test`.
DOTNET ?= dotnet
CONFIG ?= Release
# The libtorch native package; a CUDA machine whose feed serves it builds with LIBTORCH=libtorch-cuda-12.8-linux-x64.
LIBTORCH ?= libtorch-cpu-linux-x64
BUILD_FLAGS = -c $(CONFIG) --nologo -p:LibTorchPackage=$(LIBTORCH)
CLI = src/LongRecipe.Bench.Cli/bin/$(CONFIG)/net10.0/linux-x64/longrecipe-bench
PROFILE ?= suites/profiles/tiny.yaml
CI_PROFILE = suites/profiles/ci.yaml
GATE_RUN = results/ci-gate

.PHONY: build test bench gate baseline gate-seeds report perf soak kill-points approve clean

build:
	$(DOTNET) build LongRecipe.Bench.sln $(BUILD_FLAGS) -v quiet

test:
	$(DOTNET) test tests/LongRecipe.Bench.Tests $(BUILD_FLAGS) --logger "trx;LogFileName=results.trx" --results-directory TestResults

bench: build
	$(CLI) bench --profile $(PROFILE) $(if $(RUN_ID),--run-id $(RUN_ID),) $(if $(SEEDS),--seeds $(SEEDS),)

# The regression gate: a fresh run of the ci profile, compared with the committed results/baseline/ (exit 1 on a regression).
gate: build
	rm -rf $(GATE_RUN)
	$(CLI) bench --profile $(CI_PROFILE) --run-id $(notdir $(GATE_RUN))
	$(CLI) gate $(GATE_RUN) --baseline results/baseline --profile $(CI_PROFILE)

# Accept a new baseline explicitly (fresh ci runs replace results/baseline/; review and commit it). Besides the profile's
# own seed it runs BASELINE_SEEDS: the gate fails only on drops that no seed makes by itself.
BASELINE_SEEDS ?= 1 2 3
baseline: build
	rm -rf results/ci-baseline $(BASELINE_SEEDS:%=results/ci-baseline-seed-%)
	$(CLI) bench --profile $(CI_PROFILE) --run-id ci-baseline
	for s in $(BASELINE_SEEDS); do $(CLI) bench --profile $(CI_PROFILE) --seed $$s --run-id ci-baseline-seed-$$s || exit 1; done
	$(CLI) baseline results/ci-baseline $(BASELINE_SEEDS:%=results/ci-baseline-seed-%) --baseline results/baseline

# How often the gate fires when only the seed changes (ci profile at seeds the baseline lacks; scripts/gate-seeds.sh).
gate-seeds: build
	scripts/gate-seeds.sh

# Re-report a finished run: make report RUN=results/<run-id>
report: build
	$(CLI) report $(RUN)

# A fixed mmap threshold makes glibc return every freed tensor to the OS, so peak RSS growth is live memory (plan check).
perf: build
	MALLOC_MMAP_THRESHOLD_=131072 $(CLI) perf

# Resident memory over 1,000 training steps and 1,000 generations (flat after warm-up, or a leak).
soak: build
	MALLOC_MMAP_THRESHOLD_=131072 $(CLI) soak

# SIGKILL a bench during pretraining and extension, resume, compare with an uninterrupted run (scripts/kill-points.sh).
kill-points: build
	scripts/kill-points.sh

# Accept changed golden files (prompt snapshots): review the diff first, then commit them.
approve:
	APPROVE=1 $(DOTNET) test tests/LongRecipe.Bench.Tests -c $(CONFIG) --nologo --filter Category=Golden

clean:
	rm -rf src/*/bin src/*/obj tests/*/bin tests/*/obj TestResults
