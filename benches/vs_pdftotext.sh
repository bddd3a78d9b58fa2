#!/usr/bin/env bash
# CPU time of `modledger convert` against poppler's `pdftotext -layout` (run once per file,
# and once over all pages concatenated into one file) and `mutool` when installed, on an
# archive of >= MIN_PAGES pages built by copying the fixture PDFs (both producers) and
# ../shared/corpus/generated/archive/*.pdf when present. Rounds alternate between the
# tools; the median CPU time (user + sys, workers included) of each is reported.
#
# Usage: [JOBS=N] [ROUNDS=5] [MIN_PAGES=640] [OLD_BIN=path] benches/vs_pdftotext.sh
#   JOBS      modledger --jobs (JOBS=1 for per-core figures; default one per CPU)
#   OLD_BIN   another modledger binary to time beside this one (e.g. one built before a change)
# Also times `modledger --pdf-in-process` (PDFs read on a thread, no child process), so the
# cost of the child-process isolation is visible.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
MIN_PAGES=${MIN_PAGES:-640}

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@" >/dev/null
}
need pdftotext || apt_install poppler-utils
need pdfunite || apt_install poppler-utils
[ -x /usr/bin/time ] || apt_install time

cargo build --release --quiet
BIN=$PWD/target/release/modledger

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DIR=$WORK/archive; mkdir -p "$DIR"

SRC=()
for f in fixtures/pdf/*.pdf fixtures/other-producers/*.pdf ../shared/corpus/generated/archive/*.pdf; do
  [ -f "$f" ] || continue
  pdfinfo "$f" 2>/dev/null | grep -q "^Encrypted: *no" || continue   # only PDFs poppler can read and pdfunite join
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
pdfunite "$DIR"/*.pdf "$WORK/all.pdf"
files=$(ls "$DIR"/*.pdf | wc -l)
echo "archive: $files PDFs, $pages pages ($(du -sh "$DIR" | cut -f1)), $copy copies of ${#SRC[@]} sources; one concatenated file of $(pdfinfo "$WORK/all.pdf" | awk '/^Pages:/ {print $2}') pages"
JOBS_ARGS=(); [ -n "${JOBS:-}" ] && JOBS_ARGS=(--jobs "$JOBS")
echo "modledger threads: ${JOBS:-one per CPU ($(nproc))}; $ROUNDS rounds, alternating"

# tool name -> command (run under /usr/bin/time)
TOOLS=(modledger modledger-in-process pdftotext-per-file pdftotext-one-file)
declare -A CMD
CMD[modledger]="$BIN convert $DIR --out $WORK/l1 --quiet ${JOBS_ARGS[*]:-}"
CMD[modledger-in-process]="$BIN convert $DIR --out $WORK/l2 --quiet --pdf-in-process ${JOBS_ARGS[*]:-}"
CMD[pdftotext-per-file]="bash -c 'for f in $DIR/*.pdf; do pdftotext -layout \"\$f\" /dev/null; done'"
CMD[pdftotext-one-file]="pdftotext -layout $WORK/all.pdf /dev/null"
if [ -n "${OLD_BIN:-}" ]; then
  TOOLS+=(old-modledger)
  CMD[old-modledger]="$OLD_BIN convert $DIR --out $WORK/l3 --quiet ${JOBS_ARGS[*]:-}"
fi
if need mutool; then
  TOOLS+=(mutool-per-file)
  CMD[mutool-per-file]="bash -c 'for f in $DIR/*.pdf; do mutool draw -q -F txt -o /dev/null \"\$f\"; done'"
fi

declare -A CPU RSS
for r in $(seq 1 "$ROUNDS"); do
  for t in "${TOOLS[@]}"; do
    eval "/usr/bin/time -f '%U %S %M' -o $WORK/time ${CMD[$t]}" >/dev/null 2>&1 || true
    read -r u s m < <(tail -1 "$WORK/time")
    CPU[$t]="${CPU[$t]:-} $(echo "$u + $s" | bc -l)"
    [ "${RSS[$t]:-0}" -lt "$m" ] && RSS[$t]=$m
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf '%-22s %10s %16s %10s\n' tool "CPU s" "pages/CPU-s" "peak MiB"
declare -A MED
for t in "${TOOLS[@]}"; do
  MED[$t]=$(echo "${CPU[$t]}" | median)
  printf '%-22s %10.3f %16.0f %10d\n' "$t" "${MED[$t]}" "$(echo "$pages / ${MED[$t]}" | bc -l)" $((RSS[$t] / 1024))
done
ratio() { echo "${MED[$1]} / ${MED[$2]}" | bc -l; }
printf 'modledger / pdftotext per file: %.2f (target <= 0.5); / pdftotext one file: %.2f (target <= 1.0); child processes cost %.1f%% over in-process\n' \
  "$(ratio modledger pdftotext-per-file)" "$(ratio modledger pdftotext-one-file)" "$(echo "(${MED[modledger]} / ${MED[modledger-in-process]} - 1) * 100" | bc -l)"
