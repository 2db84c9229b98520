# YARN for submit/layerbraid: what spark-submit needs beyond --master yarn when run from here.
# shellcheck shell=bash

# Stops early, naming the variables, when spark-submit would not find the cluster.
yarn_check_conf() {
  local var dir site=""
  for var in HADOOP_CONF_DIR YARN_CONF_DIR; do
    dir=${!var:-}
    [ -z "$dir" ] && continue
    if [ ! -d "$dir" ]; then
      echo "layerbraid: $var=$dir is not a folder" >&2; exit 2
    fi
    [ -f "$dir/yarn-site.xml" ] && site="$dir/yarn-site.xml"
  done
  if [ -z "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]; then
    echo "layerbraid: --master yarn needs HADOOP_CONF_DIR or YARN_CONF_DIR: the folder with the cluster's core-site.xml and yarn-site.xml" >&2
    exit 2
  fi
  if [ -z "$site" ]; then
    # Without it the client retries the default ResourceManager address 0.0.0.0:8032 for minutes.
    echo "layerbraid: no yarn-site.xml in HADOOP_CONF_DIR (${HADOOP_CONF_DIR:-unset}) or YARN_CONF_DIR (${YARN_CONF_DIR:-unset})" >&2
    exit 2
  fi
}

# Adds YARN's --conf options to submit_args and sets yarn_files, the files for --files; in cluster
# mode rewrites app_args so that the driver, in a YARN container, finds the files it names.
# Containers see --files in their working folder; executors log with log4j2.properties when told to
# (see conf/spark-defaults.conf).
yarn_submit_args() {
  yarn_files=("$root/conf/log4j2.properties")
  [ -n "$LAYERBRAID_LOCAL_IP_GIVEN" ] || unset SPARK_LOCAL_IP
  if [ "$deploy_mode" = cluster ]; then
    yarn_ship_config
    # The driver's copy is the shipped one, in its container's working folder.
    yarn_replace_conf spark.driver.extraJavaOptions "-Dlog4j2.configurationFile=log4j2.properties"
  fi
  if [ "$(layerbraid_spark_submit)" = spark-submit ]; then
    # Without a Spark installation the containers get Spark from the Maven classpath, linked into
    # one folder (yarn_prepare_spark) so that one glob names it.
    submit_args+=(--conf "spark.yarn.jars=$root/target/yarn-jars/*.jar")
  fi
}

# Cluster mode: the --config file of any command travels with --files and is named by its base
# name. train must write to a Hadoop --out, since a default folder would be inside the container
# and deleted with it; evaluate and study write to the driver's local disk, so only what they
# print, in the driver's log, outlives the container.
yarn_ship_config() {
  local i arg out_given=""
  for i in "${!app_args[@]}"; do
    arg=${app_args[$i]}
    case "$arg" in
      --config) yarn_ship_file "${app_args[$((i + 1))]:-}"; app_args[i + 1]=$(basename "${app_args[$((i + 1))]}") ;;
      --config=*) yarn_ship_file "${arg#--config=}"; app_args[i]="--config=$(basename "${arg#--config=}")" ;;
      --out|--out=*) out_given=1 ;;
    esac
  done
  case "${app_args[0]:-}" in
    train)
      if [ -z "$out_given" ]; then
        echo "layerbraid: in YARN cluster mode give --out as a Hadoop path the cluster can write, e.g. hdfs:///user/${USER:-$(id -un)}/layerbraid/run1" >&2
        exit 2
      fi ;;
    evaluate|study)
      echo "layerbraid: note: in YARN cluster mode ${app_args[0]} writes its files in the driver's container, which YARN deletes; what it prints is in 'yarn logs -applicationId <id>'" >&2 ;;
  esac
}

# Sets a --conf KEY=VALUE already in submit_args (from spark-submit.defaults) to a new value in
# place, or adds it: the generated command names every property once.
yarn_replace_conf() {
  local key=$1 value=$2 i
  for i in "${!submit_args[@]}"; do
    if [ "${submit_args[$i]}" = --conf ] && [[ ${submit_args[$((i + 1))]:-} == "$key="* ]]; then
      submit_args[i + 1]="$key=$value"
      return
    fi
  done
  submit_args+=(--conf "$key=$value")
}

# Moves the --files of LAYERBRAID_SUBMIT_ARGS (in extra) into yarn_files: spark-submit keeps only
# the last --files it is given, so a user's own would otherwise drop the shipped config and
# log4j2.properties, and the driver would fail on a missing file far from the cause.
yarn_take_user_files() {
  local kept=() more=() i=0
  while [ "$i" -lt "${#extra[@]}" ]; do
    case "${extra[$i]}" in
      --files)
        if [ $((i + 1)) -ge "${#extra[@]}" ]; then
          echo "layerbraid: --files in LAYERBRAID_SUBMIT_ARGS needs a comma-separated list of files" >&2; exit 2
        fi
        IFS=, read -ra more <<< "${extra[$((i + 1))]}"; i=$((i + 2)) ;;
      --files=*) IFS=, read -ra more <<< "${extra[$i]#--files=}"; i=$((i + 1)) ;;
      *) kept+=("${extra[$i]}"); i=$((i + 1)); continue ;;
    esac
    yarn_files+=("${more[@]}")
  done
  extra=("${kept[@]}")
}

yarn_ship_file() {
  if [ ! -f "$1" ]; then
    echo "layerbraid: config file '$1' does not exist" >&2; exit 2
  fi
  yarn_files+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")")
}

# After layerbraid_build, when Spark runs from the Maven classpath: links its jars into
# target/yarn-jars (spark.yarn.jars), and puts the cluster's *-site.xml on the client JVM's
# classpath, as Spark's own launcher does.
yarn_prepare_spark() {
  [ "$(layerbraid_spark_submit)" = spark-submit ] || return 0
  local dir="$root/target/yarn-jars" jar
  if [ ! -d "$dir" ] || [ "$root/target/classpath.txt" -nt "$dir" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    tr ':' '\n' < "$root/target/classpath.txt" | while read -r jar; do ln -s "$jar" "$dir/"; done
  fi
  LAYERBRAID_CP="${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}${YARN_CONF_DIR:+$YARN_CONF_DIR:}$LAYERBRAID_CP"
}
