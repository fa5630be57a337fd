#!/usr/bin/env bash
# srgan on YARN in cluster mode (the driver runs in the cluster). A --config file given to srgan is
# shipped with the job (--files) and passed to the driver by its name; HADOOP_CONF_DIR (or
# YARN_CONF_DIR) must point at the cluster's configuration.
#   deploy/spark-submit/yarn.sh --num-executors 8 --executor-cores 4 --executor-memory 12g -- \
#       retrain --config conf/retrain.conf
# On a Kerberos cluster add --principal NAME --keytab FILE (Spark renews the tokens); credentials for
# S3 come from a Hadoop credential provider: see deploy/README.md.
set -euo pipefail
# shellcheck source=deploy/spark-submit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
split_args "$@"
: "${HADOOP_CONF_DIR:=${YARN_CONF_DIR:-}}"
: "${HADOOP_CONF_DIR:?set HADOOP_CONF_DIR to the cluster configuration folder}"
export HADOOP_CONF_DIR

files=()
args=()
expect_config=0
for a in "${srgan_args[@]}"; do
  if [[ $expect_config -eq 1 ]]; then
    [[ -f "$a" ]] || { echo "srgan: config file $a not found" >&2; exit 64; }
    # the preset's includes (e.g. retrain.conf includes srgan-x4.conf) travel along
    for f in "$a" "$(dirname "$a")"/*.conf; do files+=("$f"); done
    args+=("$(basename "$a")")
    expect_config=0
    continue
  fi
  [[ "$a" == "--config" ]] && expect_config=1
  args+=("$a")
done
files_opt=()
if [[ ${#files[@]} -gt 0 ]]; then
  files_opt=(--files "$(printf '%s\n' "${files[@]}" | sort -u | paste -sd, -)")
fi

exec "$(spark_submit)" --master yarn --deploy-mode cluster \
  "${srgan_common_conf[@]}" \
  --conf spark.yarn.appMasterEnv.MALLOC_ARENA_MAX=1 \
  --conf spark.yarn.appMasterEnv.MALLOC_MMAP_MAX_=0 \
  --conf spark.yarn.appMasterEnv.MALLOC_TRIM_THRESHOLD_=68719476736 \
  --conf spark.yarn.maxAppAttempts=1 \
  ${files_opt[@]+"${files_opt[@]}"} \
  ${submit_opts[@]+"${submit_opts[@]}"} \
  "$(srgan_jar)" "${args[@]}"
