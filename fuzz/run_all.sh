#!/usr/bin/env bash
# Runs fuzz targets one after another for SECONDS each (niced, one process each)
# and prints every target's executions and the total, from libFuzzer's final
# stats (`stat::number_of_executed_units`).
#
# Usage: fuzz/run_all.sh SECONDS [TARGET...]     (default: every target in fuzz/Cargo.toml)
# Logs:  fuzz/run-TARGET.log (git-ignored); crashes in fuzz/artifacts/TARGET/.
# Seed the byte-level corpora first with fuzz/seed.sh; pdf_structure starts from nothing.
# FUZZ_SANITIZER (default none: the code is safe Rust, and AddressSanitizer halves
# the executions a second) is passed to `cargo fuzz run -s`. Ctrl-C (or SIGINT to
# a target) ends that target early; its executions still count.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:?usage: fuzz/run_all.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^modledger-fuzz$')
fi
# longer inputs for the generator: more pages, forms and fonts per document
# normalise reads cells and lines: inputs past 1 KiB only slow it down
declare -A max_len=([pdf_structure]=16384 [normalise]=1024)
total=0
status=0
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    log="fuzz/run-$t.log"
    nice -n 19 cargo +nightly fuzz run -s "${FUZZ_SANITIZER:-none}" "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$secs" -print_final_stats=1 -timeout=30 -rss_limit_mb=2048 \
        -max_len="${max_len[$t]:-65536}" >"$log" 2>&1
    rc=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    n=${n:-0}
    total=$((total + n))
    if [ $rc -eq 72 ]; then
        echo "$t: $n executions, interrupted"
    elif [ $rc -ne 0 ]; then
        status=1
        echo "$t: $n executions, FAILED (exit $rc): see $log and fuzz/artifacts/$t/"
    else
        echo "$t: $n executions in ${secs}s"
    fi
done
echo "total: $total executions"
exit $status
