#!/usr/bin/env bash
# Compare `modledger convert` with poppler's `pdftotext -layout` on an archive of >= 500 pages
# built by copying the fixture PDFs (and ../shared/corpus/generated/archive/*.pdf when present).
# Usage: [JOBS=N] benches/vs_pdftotext.sh [ROUNDS]   (default 3 rounds; JOBS sets modledger --jobs)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
MIN_PAGES=500

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@" >/dev/null
}
need pdftotext || apt_install poppler-utils
[ -x /usr/bin/time ] || apt_install time
need pdfinfo || apt_install poppler-utils
need bc || apt_install bc

cargo build --release --quiet
BIN=$PWD/target/release/modledger

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DIR=$WORK/archive; OUT=$WORK/ledger; mkdir -p "$DIR"

SRC=()
for f in fixtures/pdf/*.pdf ../shared/corpus/generated/archive/*.pdf; do
  [ -f "$f" ] || continue
  pdfinfo "$f" >/dev/null 2>&1 || continue   # only PDFs poppler can read
  SRC+=("$f")
done
[ ${#SRC[@]} -gt 0 ] || { echo "no source PDFs" >&2; exit 1; }

pages=0; copy=0
while [ "$pages" -lt "$MIN_PAGES" ]; do
  copy=$((copy + 1))
  for f in "${SRC[@]}"; do
    cp "$f" "$DIR/c${copy}_$(basename "$f")"
    n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
    pages=$((pages + ${n:-0}))
  done
done
files=$(ls "$DIR"/*.pdf | wc -l)
echo "archive: $files PDFs, $pages pages ($(du -sh "$DIR" | cut -f1)), $copy copies of ${#SRC[@]} sources"

JOBS_ARGS=(); [ -n "${JOBS:-}" ] && JOBS_ARGS=(--jobs "$JOBS")
echo "modledger threads: ${JOBS:-one per CPU ($(nproc))}"
run_ours() { /usr/bin/time -v "$BIN" convert "$DIR" --out "$OUT" --quiet "${JOBS_ARGS[@]}" 2>"$WORK/time_ours" || true; }
run_poppler() {
  /usr/bin/time -v bash -c 'for f in "$1"/*.pdf; do pdftotext -layout "$f" /dev/null; done' _ "$DIR" 2>"$WORK/time_pop"
}
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

ours_total=0; pop_total=0; ours_rss=0; pop_rss=0
for r in $(seq 1 "$ROUNDS"); do
  run_ours; run_poppler
  o=$(wall "$WORK/time_ours"); p=$(wall "$WORK/time_pop")
  ors=$(rss "$WORK/time_ours"); prs=$(rss "$WORK/time_pop")
  [ "$ors" -gt "$ours_rss" ] && ours_rss=$ors
  [ "$prs" -gt "$pop_rss" ] && pop_rss=$prs
  ours_total=$(echo "$ours_total + $o" | bc -l); pop_total=$(echo "$pop_total + $p" | bc -l)
  printf 'round %d: modledger %6.2f s (%7.1f pages/s)   pdftotext %6.2f s (%7.1f pages/s)\n' \
    "$r" "$o" "$(echo "$pages / $o" | bc -l)" "$p" "$(echo "$pages / $p" | bc -l)"
done
ours=$(echo "$ours_total / $ROUNDS" | bc -l); pop=$(echo "$pop_total / $ROUNDS" | bc -l)
printf 'mean over %d rounds: modledger %.2f s = %.1f pages/s; pdftotext %.2f s = %.1f pages/s; ratio ours/pdftotext (time) %.2f\n' \
  "$ROUNDS" "$ours" "$(echo "$pages / $ours" | bc -l)" "$pop" "$(echo "$pages / $pop" | bc -l)" "$(echo "$ours / $pop" | bc -l)"
echo "peak RSS: modledger $((ours_rss / 1024)) MiB; pdftotext (largest single process) $((pop_rss / 1024)) MiB"
echo "ledger rows: $(cat "$OUT"/observations.csv | wc -l) observations, $(cat "$OUT"/reports.csv | wc -l) report lines"
