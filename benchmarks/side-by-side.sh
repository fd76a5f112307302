#!/usr/bin/env bash
# Whole-process netlist timing of two builds side by side: the same generated 1T1R crossbar
# netlists (64x64, 128x128, 256x256, element by element) run alternately by each build's
# launcher, with wall time and peak RSS from /usr/bin/time. Prints the medians.
#   benchmarks/side-by-side.sh BASE_CLONE [RUNS]     (BASE_CLONE: a built clone of the commit to compare with)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
base="$(cd "$1" && pwd)"
runs="${2:-11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for s in 64 128 256; do
  "$here/xbarsim" generate crossbar --rows $s --cols $s --cell 1t1r -o "$work/b$s.cir"
done
for dir in "$base" "$here"; do "$dir/xbarsim" run "$work/b64.cir" --format csv -o "$work/warm.csv"; done
for s in 64 128 256; do
  n=$([ $s = 256 ] && echo $(( (runs + 1) / 2 )) || echo "$runs")
  for i in $(seq "$n"); do
    for who in base this; do
      dir=$([ $who = base ] && echo "$base" || echo "$here")
      /usr/bin/time -f "$s $who %e %M" "$dir/xbarsim" run "$work/b$s.cir" --format csv -o "$work/out.csv" \
        2>>"$work/times.txt" >/dev/null
    done
  done
done
python3 - "$work/times.txt" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1]) if l[:1].isdigit()]
print("size     runs  base (s)  this (s)  change  base RSS (MB)  this RSS (MB)")
for s in ["64", "128", "256"]:
    t = {w: [float(r[2]) for r in rows if r[0] == s and r[1] == w] for w in ("base", "this")}
    m = {w: [int(r[3]) for r in rows if r[0] == s and r[1] == w] for w in ("base", "this")}
    b, c = st.median(t["base"]), st.median(t["this"])
    print(f"{s}x{s:<4} {len(t['base']):>4}  {b:8.3f}  {c:8.3f}  {100 * (c / b - 1):+5.1f}%  "
          f"{st.median(m['base']) // 1024:>13}  {st.median(m['this']) // 1024:>13}")
PY
