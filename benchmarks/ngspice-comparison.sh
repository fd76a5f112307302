#!/usr/bin/env bash
# Times ./xbarsim run against ngspice -b as whole processes on generated 1T1R crossbars and writes
# benchmarks/results/ngspice-vs-xbarsim-1t1r-linear.csv (method and results: README.md here).
# SIZES, RUNS and OUT (the CSV) override the defaults; other arguments go to 'xbarsim bench ngspice'.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./xbarsim bench ngspice --sizes "${SIZES:-32x32,64x64,128x128}" --runs "${RUNS:-3}" \
  -o "${OUT:-benchmarks/results/ngspice-vs-xbarsim-1t1r-linear.csv}" "$@"
