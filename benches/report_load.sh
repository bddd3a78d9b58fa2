#!/usr/bin/env bash
# Chromium's load time of the HTML report of a synthetic ten-year archive
# (120 months x 400 proposals), and how long `modledger report` takes to
# write it. A benchmark, not a test: run by hand, `bash benches/report_load.sh [RUNS]`.
#
# The load time is measured by a harness page that loads index.html in an
# iframe and times it to the frame's load event (scripts run, DOM built);
# the harness itself is not under the page's policy.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d /tmp/modledger-report-load.XXXXXX)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin modledger --example synthetic_ledger
./target/release/examples/synthetic_ledger "$work/ledger"
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  ./target/release/modledger report --ledger "$work/ledger" --quiet
  echo "write: $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
echo "page: $(stat -c %s "$work/ledger/index.html") bytes"
cat > "$work/harness.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>load</title></head><body>
<iframe id="f" width="1280" height="900"></iframe>
<script>
var f = document.getElementById('f'), t0 = performance.now();
f.onload = function () { document.body.setAttribute('data-load-ms', (performance.now() - t0).toFixed(0)); };
f.src = location.hash.slice(1);
</script></body></html>
HTML
for i in $(seq 1 "$runs"); do
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    '--host-resolver-rules=MAP * ~NOTFOUND' --user-data-dir="$work/profile-$i" \
    --dump-dom "file://$work/harness.html#file://$work/ledger/index.html" 2>/dev/null |
    grep -o 'data-load-ms="[0-9]*"' | sed 's/data-load-ms="\(.*\)"/load event: \1 ms/'
done
