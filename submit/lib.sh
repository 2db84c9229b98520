# Shared by the submit/ scripts: build the jar, find the classpath and JVM options, run spark-submit.
# shellcheck shell=bash

root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
LAYERBRAID_JAR="$root/target/layerbraid-0.1.0-SNAPSHOT.jar"
# Loopback unless set: local mode and the standalone cluster on this machine need no more. YARN
# undoes the default (submit/yarn.sh), since executors on other machines must reach the driver.
LAYERBRAID_LOCAL_IP_GIVEN=${SPARK_LOCAL_IP:+yes}
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
# One BLAS thread per task: Spark already runs a task per core.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

# Builds the thin application jar (Spark provided) and caches the Maven classpath and the
# --add-opens list (kept once, in pom.xml's spark.opens) next to it.
layerbraid_build() {
  if [ ! -f "$LAYERBRAID_JAR" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$LAYERBRAID_JAR" -print -quit)" ]; then
    echo "layerbraid: building $LAYERBRAID_JAR" >&2
    (cd "$root" && mvn -q -B -DskipTests package) >&2
  fi
  if [ ! -f "$root/target/classpath.txt" ] || [ "$root/pom.xml" -nt "$root/target/classpath.txt" ]; then
    (cd "$root" && mvn -q -B dependency:build-classpath -Dmdep.includeScope=compile \
      -Dmdep.outputFile=target/classpath.txt) >&2
    # Maven prints a colour reset even with -q; keep only the options.
    (cd "$root" && mvn -q -B -Dstyle.color=never help:evaluate -Dexpression=spark.opens -DforceStdout \
      | sed 's/\x1b\[[0-9;]*m//g' > target/java-opens.txt) >&2
    # build-classpath leaves an unchanged file untouched: without this, a pom edit that keeps the
    # classpath would make every later run ask Maven again.
    touch "$root/target/classpath.txt"
  fi
  LAYERBRAID_CP=$(cat "$root/target/classpath.txt")
  LAYERBRAID_OPENS=$(cat "$root/target/java-opens.txt")
}

# True when SPARK_HOME holds a spark-submit to run instead of the Maven classpath's SparkSubmit.
spark_home_submit() {
  [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]
}

# Prints the spark-submit command, then runs it.
layerbraid_submit() {
  if spark_home_submit; then
    echo "+ $SPARK_HOME/bin/spark-submit $*" >&2
    exec "$SPARK_HOME/bin/spark-submit" "$@"
  fi
  echo "+ spark-submit $* (via org.apache.spark.deploy.SparkSubmit on the Maven classpath)" >&2
  # shellcheck disable=SC2086
  # In client mode this JVM is the driver: --driver-java-options cannot reach it, so the logging
  # configuration is given here as well.
  exec java $LAYERBRAID_OPENS -Xmx${LAYERBRAID_DRIVER_MEMORY:-4g} \
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties" -cp "$LAYERBRAID_CP" \
    org.apache.spark.deploy.SparkSubmit "$@"
}

# Waits until a log file contains a line, or fails after a number of seconds.
wait_for() {
  local file=$1 text=$2 seconds=$3 what=$4
  for _ in $(seq 1 $((seconds * 5))); do
    grep -q "$text" "$file" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$what did not start within ${seconds}s; see $file" >&2
  tail -20 "$file" >&2
  return 1
}
