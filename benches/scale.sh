#!/usr/bin/env bash
# Scale benchmark: CPU time, throughput and peak memory of `modledger convert` on archives of
# 100, 1,000 and 10,000 monthly reports (each in a month of its own, made at run time by
# `examples/make_archive.rs`; nothing is committed), clean and with every reference of every
# report destroyed (repairs within the report and across months), each beside reading and
# parsing alone (`examples/parse_text`); `diff --ledger` on the
# largest ledger; and PDFs against `pdftotext -layout` (per file and over one concatenated
# file) and `mutool` when installed.
#
# Usage: [SIZES="100 1000 10000"] [ROUNDS=3] [JOBS=1] [PDF_COPIES=8] benches/scale.sh
# Times are CPU seconds (user + sys from /usr/bin/time), the median of ROUNDS runs, so a busy
# machine changes them little; peak RSS is the largest of the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-100 1000 10000}
ROUNDS=${ROUNDS:-3}
JOBS=${JOBS:-1}
PDF_COPIES=${PDF_COPIES:-8}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }

cargo build --release --quiet
cargo build --release --quiet --example make_archive --example parse_text
BIN=$PWD/target/release/modledger
MAKE=$PWD/target/release/examples/make_archive
PARSE=$PWD/target/release/examples/parse_text
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# run LABEL CMD...: ROUNDS runs; prints and remembers "median_cpu_s max_rss_kb"
run() {
  local label=$1; shift
  local cpus=() rss=0
  for _ in $(seq 1 "$ROUNDS"); do
    /usr/bin/time -f '%U %S %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || true
    read -r u s m < <(tail -1 "$WORK/time")
    cpus+=("$(echo "$u + $s" | bc -l)")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  CPU=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  RSS=$rss
}

printf '%-34s %9s %10s %11s %9s %12s\n' archive files MB CPU-s MB/CPU-s "peak RSS MB"
declare -A PER_REPORT
for n in $SIZES; do
  for kind in clean damaged; do
    dir=$WORK/$kind-$n
    every=0; [ "$kind" = damaged ] && every=1
    read -r files bytes < <("$MAKE" "$n" "$dir" "$every")
    run "$kind $n" "$BIN" convert "$dir" --out "$WORK/ledger-$kind-$n" --quiet --jobs "$JOBS"
    mb=$(echo "$bytes / 1000000" | bc -l)
    printf '%-34s %9d %10.1f %11.2f %9.1f %12.1f\n' "$n reports, $kind" "$files" "$mb" "$CPU" \
      "$(echo "$mb / $CPU" | bc -l)" "$(echo "$RSS / 1024" | bc -l)"
    PER_REPORT[$kind-$n]=$(echo "$CPU / $n * 1000" | bc -l)
    # the text path alone: read and parse every file, nothing else
    run "parse $kind $n" bash -c 'ls "$1"/*.txt | xargs "$2" 1' _ "$dir" "$PARSE"
    printf '%-34s %9s %10s %11.2f %9.1f %12.1f\n' "  read+parse only" "" "" "$CPU" \
      "$(echo "$mb / $CPU" | bc -l)" "$(echo "$RSS / 1024" | bc -l)"
    [ "$n" = "${SIZES##* }" ] || rm -rf "$dir" "$WORK/ledger-$kind-$n"
  done
done

echo
echo "CPU ms per report:"
for n in $SIZES; do
  c=${PER_REPORT[clean-$n]}; d=${PER_REPORT[damaged-$n]}
  printf '  %6d reports: clean %6.2f, damaged %6.2f (damaged / clean %.2f)\n' "$n" "$c" "$d" "$(echo "$d / $c" | bc -l)"
done

largest=${SIZES##* }
ledger=$WORK/ledger-clean-$largest
if [ -d "$ledger" ]; then
  from=$(awk -F, 'NR == 2 {print $2}' "$ledger/reports.csv")
  to=$(awk -F, 'NR == 3 {print $2}' "$ledger/reports.csv")
  last=$(tail -1 "$ledger/reports.csv" | cut -d, -f2)
  prev=$(tail -2 "$ledger/reports.csv" | head -1 | cut -d, -f2)
  echo
  echo "diff --ledger on the $largest-report ledger ($(du -sh "$ledger" | cut -f1) of CSV):"
  for pair in "$from $to" "$prev $last"; do
    set -- $pair
    run "diff $1 $2" "$BIN" diff --ledger "$ledger" "$1" "$2"
    printf '  %s to %s: %.2f CPU-s, peak RSS %.1f MB\n' "$1" "$2" "$CPU" "$(echo "$RSS / 1024" | bc -l)"
  done
fi

# PDFs: copies of the fixture and corpus PDFs (months repeat: this is pages per CPU-second)
PDFS=()
for f in fixtures/pdf/*.pdf ../shared/corpus/generated/archive/*.pdf; do
  [ -f "$f" ] || continue
  command -v pdfinfo >/dev/null || break
  pdfinfo "$f" 2>/dev/null | grep -q '^Encrypted: *no' || continue   # readable, and pdfunite takes it
  PDFS+=("$f")
done
if [ ${#PDFS[@]} -gt 0 ] && command -v pdfinfo >/dev/null; then
  pdir=$WORK/pdf; mkdir -p "$pdir"; pages=0
  for c in $(seq 1 "$PDF_COPIES"); do
    for f in "${PDFS[@]}"; do
      cp "$f" "$pdir/c${c}_$(basename "$f")"
      pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}')))
    done
  done
  echo
  echo "PDF: $(ls "$pdir" | wc -l) files, $pages pages"
  pdfline() { printf '  %-36s %7.2f CPU-s %8.0f pages/CPU-s  peak RSS %6.1f MB\n' "$1" "$CPU" "$(echo "$pages / $CPU" | bc -l)" "$(echo "$RSS / 1024" | bc -l)"; }
  run modledger "$BIN" convert "$pdir" --out "$WORK/ledger-pdf" --quiet --jobs "$JOBS"
  pdfline "modledger convert --jobs $JOBS"
  if command -v pdftotext >/dev/null; then
    run per-file bash -c 'for f in "$1"/*.pdf; do pdftotext -layout "$f" /dev/null; done' _ "$pdir"
    pdfline "pdftotext -layout, per file"
    if command -v pdfunite >/dev/null && pdfunite "$pdir"/*.pdf "$WORK/all.pdf" 2>/dev/null; then
      run concatenated pdftotext -layout "$WORK/all.pdf" /dev/null
      pdfline "pdftotext -layout, one file"
    fi
  fi
  if command -v mutool >/dev/null; then
    run mutool bash -c 'for f in "$1"/*.pdf; do mutool draw -F txt -o /dev/null "$f" 2>/dev/null; done' _ "$pdir"
    pdfline "mutool draw -F txt, per file"
  fi
fi
