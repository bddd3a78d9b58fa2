#!/usr/bin/env bash
# Peak memory and time of `modledger convert` on each hostile PDF family (issue #15),
# with PDFs read in child processes (the default) and in-process (--pdf-in-process,
# the reader's own limits alone). The files are built by the hostile-PDF test:
#   MODLEDGER_KEEP_HOSTILE=/tmp/hostile cargo test --test hostile_pdfs
#   benches/hostile.sh /tmp/hostile
# Peak RSS is the largest of modledger and the workers it reaped (getrusage(RUSAGE_CHILDREN)
# of a fresh python3 per run).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:?usage: benches/hostile.sh DIR}
cargo build --release --quiet
BIN=$PWD/target/release/modledger
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.time()
p = subprocess.run(sys.argv[1:], capture_output=True)
wall = time.time() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
code = [l for l in p.stderr.decode(errors="replace").splitlines() if l.startswith("modledger: ")]
print(f"{wall:6.2f} s  {ru.ru_maxrss/1024:7.1f} MB  cpu {ru.ru_utime+ru.ru_stime:6.2f} s  exit {p.returncode}  {code[-1][:90] if code else ''}")
PY
}
printf '%-22s %-6s %s\n' file mode "wall, peak RSS, CPU, exit, stderr"
for f in "$DIR"/*.pdf; do
  name=$(basename "$f")
  extra=(); [ "$name" = memory.pdf ] && extra=(--pdf-memory 120000000)
  [ "$name" = slow.pdf ] && extra=(--timeout 2)
  printf '%-22s %-6s ' "$name" child; measure "$BIN" convert "$f" --out "$OUT/l" -q "${extra[@]}"
  [ "$name" = memory.pdf ] && continue
  printf '%-22s %-6s ' "$name" inproc; timeout 120 bash -c "$(declare -f measure); measure $BIN convert $f --out $OUT/l -q --pdf-in-process ${extra[*]:-}" || echo "(killed after 120 s)"
done
