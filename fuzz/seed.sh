#!/usr/bin/env bash
# Fills fuzz/corpus/{text,pdf} (git-ignored) from the project's fixtures.
# Usage: fuzz/seed.sh   then   cargo +nightly fuzz run text -- -max_total_time=600 -jobs=1
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/text fuzz/corpus/pdf
cp fixtures/text/*.txt fixtures/pdf-src/*.txt fixtures/producers/ocr/*/*.txt fuzz/corpus/text/
for f in fixtures/bad/*.txt; do [ -s "$f" ] && cp "$f" fuzz/corpus/text/; done 2>/dev/null || true
cp fixtures/pdf/*.pdf fixtures/other-producers/*.pdf fixtures/producers/*/*.pdf fuzz/corpus/pdf/
for f in fixtures/bad/*.pdf; do [ -s "$f" ] && cp "$f" fuzz/corpus/pdf/; done
if [ -d fixtures/fuzz-regressions ]; then
    cp fixtures/fuzz-regressions/text-* fuzz/corpus/text/ 2>/dev/null || true
    cp fixtures/fuzz-regressions/pdf-* fuzz/corpus/pdf/ 2>/dev/null || true
fi
ls fuzz/corpus/text fuzz/corpus/pdf | wc -l
