#!/usr/bin/env bash
# Regenerates DIR/ref/NAME.tight.csv and DIR/ref/NAME.default.csv for every netlist of each suite
# with ngspice (tight options, and ngspice's defaults with the deck's own .options).
#   validation/make-references.sh                 # every suite: regression and dialect
#   validation/make-references.sh regression      # one suite
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -f "$root/target/xbarsim.jar" ] || (cd "$root" && mvn -B -q -pl src/cli -am package -DskipTests)
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(regression dialect)
for s in "${suites[@]}"; do
  java -cp "$root/target/xbarsim.jar" org.xbarsim.bench.NgspiceReferences "$root/validation/$s"
done
