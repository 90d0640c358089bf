#!/usr/bin/env bash
# The first command of the README: build, start the private PostgreSQL, migrate,
# create the Pas-de-Calais tenant if missing, apply its 2023 campaign, serve it.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CIVIC_BUILD:-debug}
swift build -c "$configuration" --product civic
civic=".build/$configuration/civic"

if [ -z "${DATABASE_URL:-}" ]; then
  "$civic" db start
fi
"$civic" migrate
"$civic" tenant create pas-de-calais --if-missing --name "Département du Pas-de-Calais" --host pas-de-calais.localhost
"$civic" campaign apply config/tenants/pas-de-calais/campaign-2023.json --tenant pas-de-calais
echo "Serving the Pas-de-Calais 2023 campaign on http://127.0.0.1:${PORT:-8080}/ (Ctrl-C to stop)"
exec "$civic" serve --port "${PORT:-8080}" --default-tenant pas-de-calais
