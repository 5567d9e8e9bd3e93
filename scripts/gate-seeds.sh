#!/usr/bin/env bash
# How often the gate fires when nothing but the seed changed (issue 10): runs the ci profile at seeds the baseline does
# not hold, gates each run against results/baseline/, prints one line per seed and a last line "fired N of M".
# PLANTED=1 also gates, at the profile's own seed, two planted regressions the gate must catch or show: LongRecipe
# with its position transformation switched off (contiguous positions), and YaRN with its factor left at 1 (RoPE
# scaling not applied). Those runs reuse the project's .cache (the base `make baseline` pretrained at that seed).
#   scripts/gate-seeds.sh                        # seeds 4 5 6 7 8
#   SEEDS="11 12" PLANTED=1 scripts/gate-seeds.sh
set -uo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-suites/profiles/ci.yaml}
SEEDS=${SEEDS-"4 5 6 7 8"}   # SEEDS="" with PLANTED=1: the plants alone
OUT=${OUT:-/tmp/longrecipe-gate-seeds}
CLI=src/LongRecipe.Bench.Cli/bin/Release/net10.0/linux-x64/longrecipe-bench

make build >/dev/null || exit 2
mkdir -p "$OUT"
fired=0 runs=0
verdict() { grep -E '^gate: (all clear|[0-9]+ regression)' "$1" | sed -E 's/ against .*//'; }
for seed in $SEEDS; do
    # resumes a finished run of an earlier call (same run id, same profile and seed)
    "$CLI" bench --profile "$PROFILE" --seed "$seed" --results "$OUT/results" --cache "$OUT/cache" --run-id "seed-$seed" >"$OUT/seed-$seed.log" 2>&1 \
        || { echo "seed $seed: run failed ($OUT/seed-$seed.log)"; exit 2; }
    "$CLI" gate "$OUT/results/seed-$seed" --baseline results/baseline --profile "$PROFILE" >"$OUT/gate-$seed.log" 2>&1
    status=$?
    [ $status -le 1 ] || { echo "seed $seed: the gate could not judge (exit $status): $(tail -1 "$OUT/gate-$seed.log")"; exit 2; }
    runs=$((runs + 1))
    if [ $status -eq 1 ]; then fired=$((fired + 1)); fi
    echo "seed $seed: $(verdict "$OUT/gate-$seed.log") ($OUT/gate-$seed.log)"
done
plant() {   # name, method file, sed edit of it
    local name=$1 file=$2 suites="$OUT/planted-$1-suites"
    rm -rf "$suites" && cp -r suites "$suites" && sed -i "$3" "$suites/methods/$file"
    cmp -s "suites/methods/$file" "$suites/methods/$file" && { echo "planted $name: the edit did not apply to $file"; exit 2; }
    "$CLI" bench --profile "$suites/profiles/$(basename "$PROFILE")" --results "$OUT/results" --cache .cache --run-id "planted-$name" \
        >"$OUT/planted-$name.log" 2>&1 || { echo "planted $name: run failed ($OUT/planted-$name.log)"; exit 2; }
    "$CLI" gate "$OUT/results/planted-$name" --baseline results/baseline --profile "$PROFILE" >"$OUT/gate-planted-$name.log" 2>&1
    echo "planted $name: exit $? — $(verdict "$OUT/gate-planted-$name.log") ($OUT/gate-planted-$name.log)"
}
if [ "${PLANTED:-0}" = 1 ]; then
    plant positions longrecipe.yaml 's/positions: {kind: longrecipe, variant: kept-boundaries}/positions: {kind: contiguous}/'
    plant rope-factor rope-yarn.yaml 's/rope_scale: {kind: yarn}/rope_scale: {kind: yarn, factor: 1}/'
fi
echo "fired $fired of $runs"
