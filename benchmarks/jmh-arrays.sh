#!/usr/bin/env bash
# JMH benchmarks of the structured array solver (benchmarks/jmh, ArrayBenchmark): setup time,
# time per input with linear and sinh devices, heap. Writes benchmarks/results/jmh-arrays.csv
# and benchmarks/results/jmh-arrays-heap.csv (array,size,peak MB,retained MB). SIZES overrides
# the sizes (default all five); other arguments go to JMH.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests
mvn -q -B -f benchmarks/jmh/pom.xml package
out=benchmarks/results
heap="$out/jmh-arrays-heap.csv"
rm -f "$heap.tmp"
java -jar benchmarks/jmh/target/benchmarks.jar ArrayBenchmark -p size="${SIZES:-64x64,128x128,256x256,576x64,800x500}" \
  -jvmArgsAppend "-Dxbarsim.peakHeapCsv=$PWD/$heap.tmp" -rf csv -rff "$out/jmh-arrays.csv.tmp" "$@"
mv "$out/jmh-arrays.csv.tmp" "$out/jmh-arrays.csv"
{ echo "array,size,peak_heap_mb,retained_heap_mb"; cat "$heap.tmp"; } > "$heap" && rm -f "$heap.tmp"
