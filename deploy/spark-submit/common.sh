# Shared by the spark-submit wrappers (sourced, not run): the application jar, the JVM flags Java 17
# needs, and the split of the command line into spark-submit options and srgan arguments.
# shellcheck shell=bash

srgan_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The shaded application jar (mvn -B -ntp package); SRGAN_JAR overrides, e.g. a path inside an image.
srgan_jar() {
  if [[ -n "${SRGAN_JAR:-}" ]]; then
    echo "$SRGAN_JAR"
    return
  fi
  local jars=("$srgan_root"/spark-job/target/srgan-spark-job-*-shaded.jar)
  if [[ ! -f "${jars[0]}" ]]; then
    echo "srgan: no application jar in $srgan_root/spark-job/target; build it with: mvn -B -ntp -DskipTests package" >&2
    exit 2
  fi
  echo "${jars[0]}"
}

# spark-submit from SPARK_HOME, else from the PATH.
spark_submit() {
  if [[ -n "${SPARK_HOME:-}" ]]; then echo "$SPARK_HOME/bin/spark-submit"; else echo spark-submit; fi
}

# Spark's own Java 17 module flags plus ND4J's (the same list as the root pom's jvm.opens): set for the
# driver and the executors, whatever launches them.
srgan_java_opts="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
--add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
-Djdk.reflect.useDirectMethodHandle=false"

# Settings every deployment gets. glibc would otherwise keep ND4J's freed native buffers mapped.
# shellcheck disable=SC2034 # used by the scripts that source this file
srgan_common_conf=(
  --class io.srgan.spark.cli.Srgan
  --conf "spark.driver.extraJavaOptions=$srgan_java_opts"
  --conf "spark.executor.extraJavaOptions=$srgan_java_opts"
  --conf spark.executorEnv.MALLOC_ARENA_MAX=1
  --conf spark.executorEnv.MALLOC_MMAP_MAX_=0
  --conf spark.executorEnv.MALLOC_TRIM_THRESHOLD_=68719476736
)

# Splits "$@" at the first "--": before it spark-submit options, after it srgan's arguments (all of
# "$@" when there is no "--"). Sets the arrays submit_opts and srgan_args.
split_args() {
  submit_opts=()
  srgan_args=()
  local seen=0 a
  for a in "$@"; do
    if [[ $seen -eq 0 && "$a" == "--" ]]; then seen=1; continue; fi
    if [[ $seen -eq 1 ]]; then srgan_args+=("$a"); else submit_opts+=("$a"); fi
  done
  if [[ $seen -eq 0 ]]; then
    srgan_args=("${submit_opts[@]}")
    submit_opts=()
  fi
  if [[ ${#srgan_args[@]} -eq 0 ]]; then
    echo "usage: $(basename "$0") [spark-submit options --] srgan-command [arguments]" >&2
    echo "  e.g. $(basename "$0") --num-executors 4 -- train --config conf/srgan-x4.conf" >&2
    exit 64
  fi
}
