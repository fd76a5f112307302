#!/usr/bin/env bash
# Our sparse LU against SuiteSparse KLU on the same matrices: for each size, a plain 1T1R crossbar
# (`xbarsim generate crossbar`, linear memristors as resistors), run once with --timing and
# --dump-matrix, then klu_bench on the dumped matrix. ours_first_numeric_ms is the numeric part of
# our first factorization, on the first Newton iterate's Jacobian (mostly zeros, so cheap); a full
# numeric factorization costs ours_refactor_ms_each. Needs Debian's libsuitesparse-dev and a C
# compiler. Usage: benchmarks/klu/compare.sh [SIZES] [OUT.csv]   (SIZES like 64,128,256)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sizes=${1:-64,128,256}
out=${2:-$root/benchmarks/results/lu-vs-klu.csv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/klu_bench" "$here/klu_bench.c" -lklu -lamd -lcolamd -lbtf -lsuitesparseconfig -lm
tmp="$out.tmp.$$"
echo "size,unknowns,entries,ours_factor_entries,ours_ordering_ms,ours_symbolic_ms,ours_first_numeric_ms,ours_refactor_ms_each,ours_solve_ms_each,klu_factor_entries,klu_symbolic_ms,klu_factor_ms,klu_refactor_ms,klu_solve_ms,klu_residual" > "$tmp"
for s in ${sizes//,/ }; do
  net="$work/x$s.cir"
  "$root/xbarsim" generate crossbar --rows "$s" --cols "$s" -o "$net"
  t=$("$root/xbarsim" run "$net" --timing --format csv -o "$work/out.csv" --dump-matrix "$work/x$s.mtx" 2>&1 >/dev/null | grep 'timing: solve:')
  # timing: solve: N Newton iterations (...); ordering A ms, 1 static-pivot LU B ms (symbolic C ms), ..., R refactorizations D ms, solves E ms, F factor entries, ...
  ord=$(sed -E 's/.*ordering ([0-9.]+) ms.*/\1/' <<<"$t")
  lu=$(sed -E 's/.* static-pivot LU ([0-9.]+) ms.*/\1/' <<<"$t")
  sym=$(sed -E 's/.*\(symbolic ([0-9.]+) ms\).*/\1/' <<<"$t")
  nref=$(sed -E 's/.* ([0-9]+) refactorizations ([0-9.]+) ms.*/\1/' <<<"$t")
  tref=$(sed -E 's/.* ([0-9]+) refactorizations ([0-9.]+) ms.*/\2/' <<<"$t")
  sol=$(sed -E 's/.*solves ([0-9.]+) ms.*/\1/' <<<"$t")
  its=$(sed -E 's/.*solve: ([0-9]+) Newton iterations.*/\1/' <<<"$t")
  fe=$(sed -E 's/.* ([0-9]+) factor entries.*/\1/' <<<"$t")
  k=$("$work/klu_bench" "$work/x$s.mtx" 5)
  IFS=, read -r _ n nz kfe ksym kfac kref ksol kres <<<"$k"
  awk -v s="${s}x${s}" -v n="$n" -v nz="$nz" -v fe="$fe" -v ord="$ord" -v sym="$sym" -v lu="$lu" -v nref="$nref" -v tref="$tref" \
      -v sol="$sol" -v its="$its" -v kfe="$kfe" -v ksym="$ksym" -v kfac="$kfac" -v kref="$kref" -v ksol="$ksol" -v kres="$kres" \
      'BEGIN { printf "%s,%s,%s,%s,%s,%s,%.3f,%.3f,%.3f,%s,%s,%s,%s,%s,%s\n", s, n, nz, fe, ord, sym, lu - sym - ord,
               (nref > 0 ? tref / nref : 0), sol / its, kfe, ksym, kfac, kref, ksol, kres }' >> "$tmp"
  echo "$s: $t" >&2
  echo "$s: klu $k" >&2
done
mv "$tmp" "$out"
column -s, -t < "$out"
