#!/usr/bin/env bash
# How often the gate fires when nothing but the seed changed (issue 10): runs the ci profile at seeds the baseline does
# not hold, gates each run against results/baseline/, prints one line per seed and a last line "fired N of M".
# PLANTED=1 also gates, at the profile's own seed, a planted regression: LongRecipe with its position transformation
# switched off (contiguous positions), which the gate must catch.
#   scripts/gate-seeds.sh                        # seeds 4 5 6 7 8
#   SEEDS="11 12" PLANTED=1 scripts/gate-seeds.sh
set -uo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-suites/profiles/ci.yaml}
SEEDS=${SEEDS:-"4 5 6 7 8"}
OUT=${OUT:-/tmp/longrecipe-gate-seeds}
CLI=src/LongRecipe.Bench.Cli/bin/Release/net10.0/linux-x64/longrecipe-bench

make build >/dev/null || exit 2
mkdir -p "$OUT"
fired=0 runs=0
for seed in $SEEDS; do
    # resumes a finished run of an earlier call (same run id, same profile and seed)
    "$CLI" bench --profile "$PROFILE" --seed "$seed" --results "$OUT/results" --cache "$OUT/cache" --run-id "seed-$seed" >"$OUT/seed-$seed.log" 2>&1 \
        || { echo "seed $seed: run failed ($OUT/seed-$seed.log)"; exit 2; }
    "$CLI" gate "$OUT/results/seed-$seed" --baseline results/baseline --profile "$PROFILE" >"$OUT/gate-$seed.log" 2>&1
    status=$?
    runs=$((runs + 1))
    if [ $status -eq 1 ]; then fired=$((fired + 1)); fi
    echo "seed $seed: $(grep -E '^gate: (all clear|[0-9]+ regression)' "$OUT/gate-$seed.log" | cut -c1-80) ($OUT/gate-$seed.log)"
done
if [ "${PLANTED:-0}" = 1 ]; then
    rm -rf "$OUT/planted-suites" && cp -r suites "$OUT/planted-suites"
    sed -i 's/positions: {kind: longrecipe, variant: kept-boundaries}/positions: {kind: contiguous}/' "$OUT/planted-suites/methods/longrecipe.yaml"
    grep -q 'kind: contiguous' "$OUT/planted-suites/methods/longrecipe.yaml" || { echo "planted: could not switch LongRecipe's positions off"; exit 2; }
    "$CLI" bench --profile "$OUT/planted-suites/profiles/$(basename "$PROFILE")" --results "$OUT/results" --cache "$OUT/cache" --run-id planted \
        >"$OUT/planted.log" 2>&1 || { echo "planted: run failed ($OUT/planted.log)"; exit 2; }
    "$CLI" gate "$OUT/results/planted" --baseline results/baseline --profile "$PROFILE" >"$OUT/gate-planted.log" 2>&1
    echo "planted (LongRecipe, contiguous positions): exit $? — $(grep -E '^gate: (all clear|[0-9]+ regression)' "$OUT/gate-planted.log" | cut -c1-60) ($OUT/gate-planted.log)"
fi
echo "fired $fired of $runs"
