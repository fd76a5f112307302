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
