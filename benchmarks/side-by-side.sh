#!/usr/bin/env bash
# Whole-process netlist timing of two builds side by side: the same generated 1T1R crossbar
# netlists (64x64, 128x128, 256x256, element by element) run alternately by each build's
# launcher, with wall time and peak RSS from /usr/bin/time and the phases --timing reports
# (read and flatten, build). Prints the medians.
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
      /usr/bin/time -o "$work/t.txt" -f "%e %M" "$dir/xbarsim" run "$work/b$s.cir" --format csv -o "$work/out.csv" \
        --timing 2>"$work/err.txt" >/dev/null
      phases=$(sed -nE 's/.*start-up\) ([0-9.]+) ms, build ([0-9.]+) ms.*/\1 \2/p' "$work/err.txt")
      echo "$s $who $(cat "$work/t.txt") $phases" >>"$work/times.txt"
    done
  done
done
python3 - "$work/times.txt" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1]) if l[:1].isdigit()]
print("size     runs  base (s)  this (s)  change  base RSS (MB)  this RSS (MB)  read+flatten base/this (ms)  build base/this (ms)")
for s in ["64", "128", "256"]:
    col = lambda k, w, f=float: [f(r[k]) for r in rows if r[0] == s and r[1] == w]
    b, c = st.median(col(2, "base")), st.median(col(2, "this"))
    print(f"{s}x{s:<4} {len(col(2, 'base')):>4}  {b:8.3f}  {c:8.3f}  {100 * (c / b - 1):+5.1f}%  "
          f"{st.median(col(3, 'base', int)) // 1024:>13}  {st.median(col(3, 'this', int)) // 1024:>13}  "
          f"{st.median(col(4, 'base')):>12.1f} / {st.median(col(4, 'this')):<12.1f}  "
          f"{st.median(col(5, 'base')):>8.1f} / {st.median(col(5, 'this')):<8.1f}")
PY
