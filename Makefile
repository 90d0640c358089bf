# The two commands of the README, and the benchmark.
.PHONY: run test bench build clean-db

run:
	scripts/setup.sh
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

build:
	swift build

# Stops the private PostgreSQL and deletes its data (asks nothing: it is a scratch cluster).
clean-db:
	-.build/debug/civic db stop
	rm -rf .civic
