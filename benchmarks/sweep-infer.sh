#!/usr/bin/env bash
# A 1,000-point infer sweep (benchmarks/specs/infer_mnist_ideal.yaml): the MNIST CNN on ideal
# arrays, 4 ADC/DAC resolutions x 5 programming errors x 50 programmings, 100 test images per
# network evaluation. Times the bare loop, the local runner (xbarsim bench sweep) and Spark
# local[2] on the same 2 cores, and checks that Spark's table equals the local runner's.
# Writes benchmarks/results/sweep-infer-ideal.csv; work files in benchmarks/work/sweep-infer/.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$PWD/benchmarks/work/sweep-infer"
rm -rf "$work"; mkdir -p "$work"
mvn -q -B install -DskipTests
. benchmarks/spark-env.sh
bench_spec benchmarks/specs/infer_mnist_ideal.yaml benchmarks/results/sweep-infer-ideal.csv "$work"
