#!/usr/bin/env bash
# OCR throughput: pages per second per core, and how much of the CPU time
# is modledger's own (reading the PDF, decoding and normalising each page
# picture, rebuilding rows, parsing) against tesseract's.
#
#   benches/ocr_pages.sh SCAN.pdf...      (e.g. scans made by fixtures/scans/make.sh)
#
# Tesseract runs through a wrapper that adds up its CPU seconds; modledger
# runs with --jobs 1 so CPU seconds per page are per core.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: benches/ocr_pages.sh SCAN.pdf..." >&2; exit 2; }
cargo build --release -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/tesseract" <<'WRAP'
#!/usr/bin/env bash
/usr/bin/time -f "%U %S" -a -o "$OCR_BENCH_LOG" tesseract "$@"
WRAP
chmod +x "$work/tesseract"
pages=0
for f in "$@"; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
export OCR_BENCH_LOG="$work/tesseract.log"
/usr/bin/time -f "%e %U %S" -o "$work/total" env MODLEDGER_TESSERACT="$work/tesseract" \
    ./target/release/modledger convert "$@" --out "$work/ledger" --jobs 1 -q || true
read -r wall user sys <"$work/total"
awk -v pages="$pages" -v wall="$wall" -v user="$user" -v sys="$sys" '
    { tess += $1 + $2 }
    END {
        total = user + sys; ours = total - tess
        printf "%d pages: %.1f s wall, %.1f s CPU (tesseract %.1f s, modledger %.1f s = %.0f%%)\n", pages, wall, total, tess, ours, 100 * ours / total
        printf "%.2f pages/s per core; %.2f s CPU per page (tesseract %.2f, modledger %.3f)\n", pages / total, total / pages, tess / pages, ours / pages
    }' "$work/tesseract.log"
