#!/usr/bin/env bash
# Our sparse LU against SuiteSparse KLU on the same matrices: `xbarsim bench lu` factors the
# Jacobian of a plain 1T1R crossbar at its operating point (for each size, with the engine's
# default ordering, AMD, with the JIT settings of `xbarsim run`) and writes that matrix as Matrix
# Market; klu_bench then times KLU (its default ordering, AMD) on the same file. Both report
# medians; ours are ordering (with the column counts of L), symbolic analysis, numeric factorization, a
# refactorization and a solve, KLU's its analysis, factorization, refactorization and solve.
# Needs Debian's libsuitesparse-dev and a C compiler.
# Usage: benchmarks/klu/compare.sh [SIZES] [OUT.csv] [RUNS]   (SIZES like 64,128,256,512)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sizes=${1:-64,128,256,512}
out=${2:-$root/benchmarks/results/lu-vs-klu.csv}
runs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/klu_bench" "$here/klu_bench.c" -lklu -lamd -lcolamd -lbtf -lsuitesparseconfig -lm
list=$(sed -E 's/([0-9]+)/\1x\1/g' <<<"$sizes")
"$root/xbarsim" bench lu --sizes "$list" --orderings amd --runs "$runs" --dump "$work" -o "$work/ours.csv" >&2
tmp="$out.tmp.$$"
echo "size,unknowns,entries,ours_ordering,ours_factor_entries,ours_ordering_ms,ours_symbolic_ms,ours_numeric_ms,ours_first_ms,ours_refactor_ms,ours_solve_ms,klu_factor_entries,klu_symbolic_ms,klu_factor_ms,klu_first_ms,klu_refactor_ms,klu_solve_ms,first_plus_solve_ratio,refactor_plus_solve_ratio,klu_residual" > "$tmp"
tail -n +2 "$work/ours.csv" | while IFS=, read -r size n nz _ ord fe _ omsec smsec nmsec fmsec rmsec solmsec _; do
  s=${size%%x*}
  k=$("$work/klu_bench" "$work/x$s.mtx" 5)
  IFS=, read -r _ _ _ kfe ksym kfac kref ksol kres <<<"$k"
  awk -v size="$size" -v n="$n" -v nz="$nz" -v ord="$ord" -v fe="$fe" -v o="$omsec" -v sy="$smsec" -v nu="$nmsec" \
      -v f="$fmsec" -v r="$rmsec" -v so="$solmsec" -v kfe="$kfe" -v ksym="$ksym" -v kfac="$kfac" -v kref="$kref" \
      -v ksol="$ksol" -v kres="$kres" \
      'BEGIN { printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%.3f,%s,%s,%.2f,%.2f,%s\n", size, n, nz, ord, fe, o, sy, nu, f,
               r, so, kfe, ksym, kfac, ksym + kfac, kref, ksol, (f + so) / (ksym + kfac + ksol), (r + so) / (kref + ksol), kres }' >> "$tmp"
  echo "$size: klu $k" >&2
done
mv "$tmp" "$out"
column -s, -t < "$out"
