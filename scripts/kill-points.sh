#!/usr/bin/env bash
# Kill-point check (issue 12): kills `bench` with SIGKILL at several moments — during pretraining, during extension,
# during the suites — resumes each run with the same run id, and compares its result files with an uninterrupted run's,
# byte for byte. Prints one line per kill point and exits 1 if any resumed run differs.
#   scripts/kill-points.sh                      # ci profile, kill points 20 60 s (cold cache) and 10 40 70 s (warm)
#   PROFILE=suites/profiles/tiny.yaml COLD="60 200" WARM="60 300" scripts/kill-points.sh
set -uo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-suites/profiles/ci.yaml}
OUT=${OUT:-/tmp/longrecipe-kill-points}
COLD=${COLD-"20 60"}
WARM=${WARM-"10 40 70"}
CLI=src/LongRecipe.Bench.Cli/bin/Release/net10.0/linux-x64/longrecipe-bench
FILES="scores.csv samples.csv loss_by_length.csv loss_by_document.csv resources.csv"

make build >/dev/null || exit 2
rm -rf "$OUT" && mkdir -p "$OUT"
bench() { "$CLI" bench --profile "$PROFILE" --results "$OUT/results" --cache "$1" --run-id "$2" >"$OUT/$2.log" 2>&1; }

bench "$OUT/cache" whole || { echo "uninterrupted run failed: $OUT/whole.log"; exit 2; }
failed=0
check() {   # kill point label, run id, cache
    if ! bench "$3" "$2"; then echo "$1: resume failed ($OUT/$2.log)"; failed=1; return; fi
    local differ=""
    for f in $FILES; do
        # resources.csv carries measured wall time and peak RSS: compare its counted columns only
        if [ "$f" = resources.csv ]; then
            cmp -s <(cut -d, -f1-7 "$OUT/results/whole/$f") <(cut -d, -f1-7 "$OUT/results/$2/$f") || differ="$differ $f"
        else
            cmp -s "$OUT/results/whole/$f" "$OUT/results/$2/$f" || differ="$differ $f"
        fi
    done
    # where the resume picked up, as the resumed run logged it
    local from
    from=$(grep -hoE "pretraining resumes after phase [a-z]+|training resumes after step [0-9]+|suites resume at [a-z0-9_]+ @ [0-9]+" "$OUT/$2.log" | tr '\n' ';' | sed 's/;$//')
    if [ -z "$differ" ]; then echo "$1: resumed run identical ($FILES)${from:+ — $from}"; else echo "$1: DIFFERS in$differ"; failed=1; fi
}
# --foreground: timeout signals only the run and waits for it to die, so the resume never meets a dying holder of the lock.
for s in $COLD; do   # an empty cache: the kill lands in pretraining (or in writing the cached base)
    timeout --foreground -s KILL "$s" "$CLI" bench --profile "$PROFILE" --results "$OUT/results" --cache "$OUT/cold-$s" --run-id "cold-$s" >/dev/null 2>&1
    check "killed at ${s}s, cold cache" "cold-$s" "$OUT/cold-$s"
done
for s in $WARM; do   # the cached base: the kill lands in extension or in the suites
    timeout --foreground -s KILL "$s" "$CLI" bench --profile "$PROFILE" --results "$OUT/results" --cache "$OUT/cache" --run-id "warm-$s" >/dev/null 2>&1
    check "killed at ${s}s, warm cache" "warm-$s" "$OUT/cache"
done
exit $failed
