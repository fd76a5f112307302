#!/usr/bin/env bash
# A real standalone Spark cluster on 127.0.0.1, made from the Maven artifacts (no Spark install):
# a master and two workers, each its own JVM. Submits a sweep with spark-submit's arguments,
# kills one worker (and its executor) midway, and checks that the table Spark wrote equals the
# local runner's. Usage: benchmarks/spark-cluster.sh [SPEC] (default: the 64x64 1T1M Monte Carlo).
# Writes benchmarks/work/spark-cluster/ and prints what it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
spec="${1:-netlists/sweeps/array_1t1m_64x64_mc.yaml}"
work="$PWD/benchmarks/work/spark-cluster"
rm -rf "$work"; mkdir -p "$work/logs"

mvn -q -B install -DskipTests
# SPARK_HOME/jars: Spark and its libraries from Maven, what a worker gives its executors
. benchmarks/spark-env.sh
home="$spark_home"
mkdir -p "$home/conf"
cp src/spark/test/resources/log4j2.properties "$home/conf/log4j2.properties"
sed -i 's/rootLogger.level = error/rootLogger.level = warn/' "$home/conf/log4j2.properties"
# the lines this script waits for and counts: registration, lost executors and tasks
cat >> "$home/conf/log4j2.properties" <<'LOG'
logger.worker.name = org.apache.spark.deploy.worker.Worker
logger.worker.level = info
logger.scheduler.name = org.apache.spark.scheduler
logger.scheduler.level = info
LOG
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$work/logs"
opens="$spark_opens"
cp="$home/conf:$home/jars/*"
port=$((7000 + RANDOM % 500))
master="spark://127.0.0.1:$port"
pids=()
cleanup() { for p in "${pids[@]}"; do pkill -9 -P "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

java $opens -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
  > "$work/logs/master.log" 2>&1 &
pids+=($!); disown $!
for w in 1 2; do
  java $opens -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 2g \
    --webui-port 0 --work-dir "$work/worker$w" "$master" > "$work/logs/worker$w.log" 2>&1 &
  pids+=($!); disown $!
done
for i in $(seq 1 60); do
  [ "$(grep -l 'Successfully registered with master' "$work"/logs/worker*.log 2>/dev/null | wc -l)" -eq 2 ] && break
  sleep 1
done
grep -q 'Successfully registered' "$work/logs/worker2.log" || { echo "workers did not register; see $work/logs" >&2; exit 1; }
echo "cluster: master $master, 2 workers of 1 core (pids ${pids[*]})"

t0=$(date +%s.%N)
java $opens -Xmx1g -cp "$cp" org.apache.spark.deploy.SparkSubmit --master "$master" --deploy-mode client \
  --class org.xbarsim.spark.SparkSweep --conf spark.executor.memory=1500m --conf spark.task.maxFailures=4 \
  --conf "spark.executor.extraJavaOptions=$opens" --conf "spark.driver.extraJavaOptions=$opens" \
  target/xbarsim-spark.jar "$spec" -o "$work/spark" > "$work/logs/submit.log" 2>&1 &
submit=$!
pids+=($submit)
# midway: once the executors have run for a while, kill worker 2 and its executor
sleep "${KILL_AFTER:-15}"
w2=${pids[2]}
executor=$(pgrep -P "$w2" || true)
kill -9 "$w2" $executor 2>/dev/null || true
echo "killed worker 2 (pid $w2) and its executor (${executor:-none}) after ${KILL_AFTER:-15} s"
if ! wait "$submit"; then
  echo "spark-submit failed; see $work/logs/submit.log" >&2
  tail -20 "$work/logs/submit.log" >&2
  exit 1
fi
t1=$(date +%s.%N)
grep -E '^Ran ' "$work/logs/submit.log"
rerun=$(grep -cE 'TaskSetManager: .*failed because while it was being computed, its executor exited' "$work/logs/submit.log" || true)
lost=$(grep -cE 'TaskSchedulerImpl: Lost executor' "$work/logs/submit.log" || true)
echo "spark cluster: $(echo "$t1 - $t0" | bc) s wall for spark-submit; $lost executor lost, $rerun task(s) run again elsewhere"

# the same spec on Spark local[2] in one JVM, for the speed against the local runner on the same 2 cores
java $opens -Xmx2g -Dspark.master='local[2]' -Dspark.ui.enabled=false -cp "target/xbarsim-spark.jar:$cp" \
  org.xbarsim.spark.SparkSweep "$spec" -o "$work/spark-local" > "$work/logs/spark-local.log" 2>&1
echo "spark local[2]: $(grep -E '^Ran ' "$work/logs/spark-local.log")"

java -jar target/xbarsim.jar sweep "$spec" -o "$work/local" --threads 2 2>/dev/null | grep -E '^Ran' | sed 's/^/local runner, 2 threads: /'
if cmp -s <(strip "$work/spark/results.csv") <(strip "$work/local/results.csv") \
   && cmp -s <(strip "$work/spark-local/results.csv") <(strip "$work/local/results.csv"); then
  echo "PASS: the cluster's Parquet table (as results.csv) and local[2]'s equal the local runner's: $(($(wc -l < "$work/local/results.csv") - 1)) rows"
else
  echo "FAIL: the tables differ" >&2
  diff <(strip "$work/spark/results.csv") <(strip "$work/local/results.csv") | head -5 >&2
  exit 1
fi
