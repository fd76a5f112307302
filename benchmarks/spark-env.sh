# Sourced by the Spark benchmark scripts: SPARK_HOME's jars from Maven (benchmarks/spark-home.pom.xml,
# no Spark install needed) and the JVM options Spark needs on Java 17.
spark_home="$PWD/benchmarks/work/spark-home"
[ -d "$spark_home/jars" ] || mvn -q -B -f benchmarks/spark-home.pom.xml dependency:copy-dependencies -DoutputDirectory="$spark_home/jars"
spark_opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
# a sweep's results.csv without each row's time (the second-to-last column), sorted: what runners must agree on
strip() { awk -F, 'BEGIN{OFS=","} {$(NF-1)=""; print}' "$1" | sort; }
# bench_spec SPEC CSV WORK: the bare loop against the local runner (xbarsim bench sweep, written to
# CSV), then Spark local[2] and the local runner on the same 2 cores, and their tables compared
bench_spec() {
  local spec="$1" csv="$2" work="$3"
  java -jar target/xbarsim.jar bench sweep "$spec" --threads 2 --repeats 1 -o "$csv" | tail -1
  java $spark_opens -Dspark.master='local[2]' -Dspark.ui.enabled=false -cp "target/xbarsim-spark.jar:$spark_home/jars/*" \
    org.xbarsim.spark.SparkSweep "$spec" -o "$work/spark" 2> "$work/spark.log" | sed 's/^/spark local[2]: /'
  java -jar target/xbarsim.jar sweep "$spec" -o "$work/local" --threads 2 2>/dev/null | grep -E '^Ran' | sed 's/^/local runner: /'
  cmp -s <(strip "$work/spark/results.csv") <(strip "$work/local/results.csv") \
    && echo "PASS: Spark local[2]'s table equals the local runner's ($(($(wc -l < "$work/local/results.csv") - 1)) rows)" \
    || { echo "FAIL: the tables differ" >&2; return 1; }
}
