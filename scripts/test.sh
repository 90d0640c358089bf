#!/usr/bin/env bash
# The second command of the README: every test, on a real PostgreSQL (private cluster),
# real HTTP on ephemeral ports, and a real headless Chromium for the pages.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build --build-tests
swift test --skip-build
if [ -x scripts/browser-test.sh ]; then
  scripts/browser-test.sh
fi
