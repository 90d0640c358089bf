#!/usr/bin/env bash
# Browser tests: the Pas-de-Calais site in a real headless Chromium (selenium), served by the
# real `civic serve` from its own database in the private cluster. Part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh chromium chromium-driver python3-venv
venv=.build/browser-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import selenium, pytest" 2>/dev/null; then
  "$venv/bin/pip" install --quiet "selenium>=4.15,<5" "pytest>=7,<9"
fi
swift build --product civic
export CIVIC_BINARY="$PWD/.build/debug/civic"
exec "$venv/bin/python" -m pytest -q Tests/Browser "$@"
