#!/usr/bin/env bash
# Peak memory of streaming tiled inference, PNG to PNG, one fresh JVM per image size.
# Usage (from anywhere): core/src/test/bench/streaming-memory.sh [--sizes 4096x512,4096x4096] [--xmx 768m]
#   [--tile 128] [--batch 4] [--scale 4] [--model nn|conv|msrresnet:16x64] [--level 1] [--memory WORKSPACE|DETACHED] [--dir keep-files-here]
# Needs ~1 GB of free disk per 4096² run (the ×4 output is a 16384² PNG). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
mvn -q -pl core test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "core/target/test-classes:core/target/classes:$(cat core/target/test-classpath.txt)" \
  io.srgan.core.inference.StreamingMemoryCheck "$@"
