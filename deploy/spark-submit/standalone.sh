#!/usr/bin/env bash
# srgan on a Spark standalone cluster, driver on this machine (client mode: --config files and
# local paths are read here).
#   SPARK_MASTER=spark://master:7077 deploy/spark-submit/standalone.sh [spark-submit options --] train --config conf/srgan-x4.conf
# Credentials: see deploy/README.md (never on this command line).
set -euo pipefail
# shellcheck source=deploy/spark-submit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
split_args "$@"
: "${SPARK_MASTER:?set SPARK_MASTER, e.g. spark://master:7077}"

export MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 # the driver runs here
exec "$(spark_submit)" --master "$SPARK_MASTER" --deploy-mode client \
  "${srgan_common_conf[@]}" \
  ${submit_opts[@]+"${submit_opts[@]}"} \
  "$(srgan_jar)" "${srgan_args[@]}"
