#!/usr/bin/env bash
# A 1,000-point netlist Monte Carlo of a 64x64 1T1R crossbar written element by element (16,500
# lines, the general engine): every memristor's conductance drawn per run (5 % truncated gauss).
# Times the bare loop, the local runner (xbarsim bench sweep) and Spark local[2] on the same
# 2 cores (each JVM with its default heap, a quarter of the memory: the points allocate a lot, and
# a smaller heap costs Spark 25 % per point), and checks that Spark's table equals the local runner's.
# Writes benchmarks/results/sweep-1t1r-64x64.csv; work files in benchmarks/work/sweep-1t1r/.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$PWD/benchmarks/work/sweep-1t1r"
rm -rf "$work"; mkdir -p "$work"
mvn -q -B install -DskipTests
. benchmarks/spark-env.sh
java -jar target/xbarsim.jar generate crossbar --rows 64 --cols 64 --cell 1t1r --seed 1 -o "$work/x64.cir" > /dev/null
cat > "$work/mc.yaml" <<SPEC
study: netlist
netlist: x64.cir
draws: ${DRAWS:-1000}
seed: 1
vary:
  - {elements: "y*", dist: truncated-gauss, sigma: 0.05}
SPEC
bench_spec "$work/mc.yaml" benchmarks/results/sweep-1t1r-64x64.csv "$work"
