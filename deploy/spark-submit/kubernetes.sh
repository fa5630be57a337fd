#!/usr/bin/env bash
# srgan on Kubernetes in cluster mode: spark-submit creates a driver pod from the image, which then
# creates the executor pods. Paths given to srgan (--config) are paths inside the driver pod: ship
# configs in the image or mount them (deploy/kubernetes/pod-template.yaml mounts a ConfigMap at
# /etc/srgan). Credentials reach the pods from a Kubernetes Secret as environment variables (see the
# pod template and deploy/README.md), never from this command line.
#   K8S_MASTER=k8s://https://kubernetes.default.svc SRGAN_IMAGE=registry.example.com/srgan-spark:0.1.0 \
#     deploy/spark-submit/kubernetes.sh --conf spark.executor.instances=4 -- retrain --config /etc/srgan/retrain.conf
set -euo pipefail
# shellcheck source=deploy/spark-submit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
split_args "$@"
: "${K8S_MASTER:?set K8S_MASTER, e.g. k8s://https://kubernetes.default.svc}"
: "${SRGAN_IMAGE:?set SRGAN_IMAGE to the image built from deploy/kubernetes/Dockerfile}"
namespace="${K8S_NAMESPACE:-srgan}"
template="${SRGAN_POD_TEMPLATE:-/etc/srgan/pod-template.yaml}"
# the jar inside the image (deploy/kubernetes/Dockerfile puts it there)
jar="${SRGAN_JAR:-local:///opt/srgan/srgan-spark-job-shaded.jar}"

template_conf=()
if [[ -f "$template" ]]; then
  template_conf=(--conf "spark.kubernetes.driver.podTemplateFile=$template"
                 --conf "spark.kubernetes.executor.podTemplateFile=$template")
else
  echo "srgan: no pod template at $template (SRGAN_POD_TEMPLATE); pods get no secrets or mounted configs" >&2
fi

exec "$(spark_submit)" --master "$K8S_MASTER" --deploy-mode cluster \
  --name "srgan-${srgan_args[0]}" \
  "${srgan_common_conf[@]}" \
  --conf spark.kubernetes.namespace="$namespace" \
  --conf spark.kubernetes.container.image="$SRGAN_IMAGE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${K8S_SERVICE_ACCOUNT:-srgan}" \
  --conf spark.kubernetes.driverEnv.MALLOC_ARENA_MAX=1 \
  --conf spark.kubernetes.driverEnv.MALLOC_MMAP_MAX_=0 \
  --conf spark.kubernetes.driverEnv.MALLOC_TRIM_THRESHOLD_=68719476736 \
  --conf spark.kubernetes.submission.waitAppCompletion=true \
  ${template_conf[@]+"${template_conf[@]}"} \
  ${submit_opts[@]+"${submit_opts[@]}"} \
  "$jar" "${srgan_args[@]}"
