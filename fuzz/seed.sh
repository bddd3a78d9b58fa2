#!/usr/bin/env bash
# Fills fuzz/corpus/{text,pdf,normalise,ledger_csv} (git-ignored) from the project's fixtures.
# Usage: fuzz/seed.sh   then   cargo +nightly fuzz run text -- -max_total_time=600 -jobs=1
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/text fuzz/corpus/pdf
cp fixtures/text/*.txt fixtures/pdf-src/*.txt fixtures/producers/ocr/*/*.txt fuzz/corpus/text/
for f in fixtures/bad/*.txt; do [ -s "$f" ] && cp "$f" fuzz/corpus/text/; done 2>/dev/null || true
cp fixtures/pdf/*.pdf fixtures/other-producers/*.pdf fixtures/producers/*/*.pdf fixtures/glyphs/*.pdf fuzz/corpus/pdf/
for f in fixtures/bad/*.pdf; do [ -s "$f" ] && cp "$f" fuzz/corpus/pdf/; done
if [ -d fixtures/fuzz-regressions ]; then
    cp fixtures/fuzz-regressions/text-* fuzz/corpus/text/ 2>/dev/null || true
    cp fixtures/fuzz-regressions/pdf-* fuzz/corpus/pdf/ 2>/dev/null || true
fi
ls fuzz/corpus/text fuzz/corpus/pdf | wc -l
# normalise: one line of fixture text per file (references, dates, titles as printed)
mkdir -p fuzz/corpus/normalise
cat fixtures/text/*.txt fixtures/producers/ocr/*/*.txt | grep -v '^\s*$' | sort -u | head -2000 |
    split -l 1 - fuzz/corpus/normalise/line-
# ledger_csv: two bytes (little-endian length of history.csv), history.csv, assessments.csv
mkdir -p fuzz/corpus/ledger_csv
for d in fixtures/expected/*/; do
    [ -f "$d/history.csv" ] && [ -f "$d/assessments.csv" ] || continue
    n=$(stat -c %s "$d/history.csv")
    [ "$n" -lt 65536 ] || continue
    out="fuzz/corpus/ledger_csv/$(basename "$d")"
    printf "\\x$(printf %02x $((n & 255)))\\x$(printf %02x $((n >> 8)))" >"$out"
    cat "$d/history.csv" "$d/assessments.csv" >>"$out"
done
ls fuzz/corpus/normalise fuzz/corpus/ledger_csv | wc -l
