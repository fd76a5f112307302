#!/usr/bin/env bash
# Regenerates ref/NAME.tight.csv and ref/NAME.default.csv for every netlist here with ngspice
# (tight options, and ngspice's defaults with the deck's own .options). Run from anywhere.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ -f "$root/target/xbarsim.jar" ] || (cd "$root" && mvn -B -q package -DskipTests)
java -cp "$root/target/xbarsim.jar" org.xbarsim.bench.NgspiceReferences "$root/validation/regression"
