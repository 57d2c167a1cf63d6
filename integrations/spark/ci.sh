#!/usr/bin/env bash
# The Spark integration's tests, as .ci/run runs them:
#
#   integrations/spark/ci.sh dist/policyctl-<version>-linux-<arch>.tar.gz
#
# Makes (once; kept in .build-spark/, which git ignores) a venv with PySpark and pyarrow from
# PyPI, then runs the partition runner's tests (no Spark) and the job's end-to-end tests in
# local mode on 2 cores with 100,000 generated snapshots (Java 17 must be on PATH).
set -euo pipefail
cd "$(dirname "$0")/../.."
tarball=${1:?usage: integrations/spark/ci.sh TARBALL}
venv=.build-spark/venv
pins="pyspark==4.3.0 pyarrow==26.0.1"
if [ ! -x "$venv/bin/spark-submit" ] || [ "$(cat "$venv/pins" 2> /dev/null)" != "$pins" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet $pins
  echo "$pins" > "$venv/pins"
fi
command -v java > /dev/null || { echo "spark: no java on PATH (Spark 4 needs Java 17 or later)" >&2; exit 1; }

# spark-submit finds its Spark through the `python3` on PATH: the venv's.
export PATH="$PWD/$venv/bin:$PATH"
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
tar xzf "$tarball" -C "$unpacked"
POLICYCTL_BIN=$(echo "$unpacked"/*/bin/policyctl) "$venv/bin/python" integrations/spark/test_policyctl_partition.py

start=$(date +%s)
POLICYCTL_PACKAGE="$tarball" SPARK_SUBMIT="$venv/bin/spark-submit" SPARK_TEST_DIR="$PWD/.build-spark/test" \
  SPARK_TEST_COUNT=100000 "$venv/bin/python" integrations/spark/test_policyctl_spark.py -v
echo "spark: end-to-end tests took $(( $(date +%s) - start )) s"
