# Shared by the submit/ scripts: read the shared spark-submit arguments, build the jar, find the
# classpath and JVM options, run spark-submit.
# shellcheck shell=bash

root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# Loopback unless set: local mode and the standalone cluster on this machine need no more. YARN
# undoes the default (submit/yarn.sh), since executors on other machines must reach the driver.
LAYERBRAID_LOCAL_IP_GIVEN=${SPARK_LOCAL_IP:+yes}
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}

# Reads submit/spark-submit.defaults, the arguments the scripts share with the Airflow DAG (see that
# file): sets LAYERBRAID_CLASS, LAYERBRAID_NAME, LAYERBRAID_JAR, LAYERBRAID_CONF (--conf K=V pairs)
# and LAYERBRAID_ENV (names), and exports each env entry unless the caller has set it already.
layerbraid_read_defaults() {
  local file="$root/submit/spark-submit.defaults" line kind value key n=0
  LAYERBRAID_CLASS="" LAYERBRAID_NAME="" LAYERBRAID_JAR=""
  LAYERBRAID_CONF=() LAYERBRAID_ENV=()
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    case "$line" in '' | '#'*) continue ;; esac
    kind=${line%% *} value=${line#* }
    if [ "$kind" = "$line" ] || [ -z "$value" ]; then
      echo "$file:$n: '$line' has no value (expected: KIND VALUE)" >&2
      exit 2
    fi
    # Quoted, so that an & in the path is not bash 5.2's matched-text reference.
    value=${value//\{project\}/"$root"}
    case "$kind" in
      class) LAYERBRAID_CLASS=$value ;;
      name) LAYERBRAID_NAME=$value ;;
      application) LAYERBRAID_JAR=$value ;;
      conf)
        if [[ $value != ?*=* ]]; then
          echo "$file:$n: conf entry '$value' is not KEY=VALUE" >&2
          exit 2
        fi
        LAYERBRAID_CONF+=(--conf "$value") ;;
      env)
        key=${value%%=*}
        if [ "$key" = "$value" ] || ! [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
          echo "$file:$n: env entry '$value' is not NAME=VALUE" >&2
          exit 2
        fi
        export "$key=${!key:-${value#*=}}"
        LAYERBRAID_ENV+=("$key") ;;
      *)
        echo "$file:$n: unknown entry '$kind' (expected class, name, application, conf or env)" >&2
        exit 2 ;;
    esac
  done < "$file"
  for value in "class:$LAYERBRAID_CLASS" "name:$LAYERBRAID_NAME" "application:$LAYERBRAID_JAR"; do
    if [ -z "${value#*:}" ]; then
      echo "$file: no '${value%%:*}' entry" >&2
      exit 2
    fi
  done
}
layerbraid_read_defaults

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

# The spark-submit that runs a job: the installed one when SPARK_HOME is set, otherwise "spark-submit",
# standing for Spark's SparkSubmit class run from the Maven classpath (same arguments).
layerbraid_spark_submit() {
  if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
    echo "$SPARK_HOME/bin/spark-submit"
  else
    echo spark-submit
  fi
}

# Prints a command as one line a shell can run again: the defaults' environment entries, then the
# words, each quoted as needed.
layerbraid_command_line() {
  local key
  for key in "${LAYERBRAID_ENV[@]}"; do printf '%q ' "$key=${!key}"; done
  printf '%q' "$1"
  shift
  printf ' %q' "$@"
  echo
}

# Prints the spark-submit command with its arguments, then runs it.
layerbraid_submit() {
  local binary
  binary=$(layerbraid_spark_submit)
  if [ "$binary" != spark-submit ]; then
    echo "+ $(layerbraid_command_line "$binary" "$@")" >&2
    exec "$binary" "$@"
  fi
  echo "+ $(layerbraid_command_line spark-submit "$@") (via org.apache.spark.deploy.SparkSubmit on the Maven classpath)" >&2
  # shellcheck disable=SC2086
  # In client mode this JVM is the driver: spark.driver.extraJavaOptions cannot reach it, so the
  # logging configuration is given here as well.
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
