#!/bin/bash
# HyperPod runs this as root on every new node, after the EFA check and before the node joins
# the EKS cluster. A non-zero exit fails the node (continuous provisioning then retries with a
# new instance), so keep it strict and idempotent.
set -euxo pipefail

echo "[on_create] starting on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# Update system packages and install tools (Amazon Linux or Ubuntu images).
sudo yum update -y || sudo apt-get update -y
sudo yum install -y jq wget || sudo apt-get install -y jq wget

# containerd moves to the secondary EBS volume when HyperPod mounted one at /opt/sagemaker.
if mountpoint -q /opt/sagemaker; then
  echo "[on_create] secondary EBS volume mounted at /opt/sagemaker"
fi

# Mountpoint for Amazon S3 (optional): set S3_BUCKET_NAME to mount a bucket at S3_MOUNT_PATH.
S3_BUCKET_NAME="${S3_BUCKET_NAME:-}"
S3_MOUNT_PATH="${S3_MOUNT_PATH:-/mnt/s3}"
if [[ -n "${S3_BUCKET_NAME}" ]] && command -v mount-s3 >/dev/null; then
  mkdir -p "${S3_MOUNT_PATH}"
  mount-s3 "${S3_BUCKET_NAME}" "${S3_MOUNT_PATH}" --allow-other
fi

echo "[on_create] lifecycle script completed successfully"
