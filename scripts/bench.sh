#!/usr/bin/env bash
# Times `civic tally` against pabutools 1.2.3 on the Pabulib instances of shared/,
# in the same run, and checks that both select the same winners.
#
# Run from the repository root (make bench calls it). Environment:
#   BENCH_INSTANCES   comma-separated instance names (default: every .pb in the data folder)
#   BENCH_RULES       comma-separated rule names (default: greedy_cost,mes_cost,mes_cost_add1)
#   BENCH_TIMEOUT     seconds before a pabutools run is stopped (default: 600)
#   BENCH_MEMORY_KB   address-space limit for pabutools, in KB (default: 8388608 = 8 GB)
#   BENCH_REPEAT      runs per measurement, the fastest kept (default: 5); pabutools is
#                     repeated only when a run takes under 30 s
#   BENCH_SKIP_BASELINE=1  time civic only
#   CIVIC_SHARED_DIR  the shared folder (default: ../shared beside the repository)
# A baseline stopped by the timeout or the memory limit is reported as such (e.g. "> 600 s (timeout)").
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
shared="${CIVIC_SHARED_DIR:-$root/../shared}"
data="$shared/data/pabulib"
timeout_s="${BENCH_TIMEOUT:-600}"
memory_kb="${BENCH_MEMORY_KB:-8388608}"
repeat="${BENCH_REPEAT:-5}"
rules="${BENCH_RULES:-greedy_cost,mes_cost,mes_cost_add1}"
out="$root/.build/bench-out"
venv="$root/.build/bench-venv"

# GNU time measures peak memory; the venv module holds pabutools.
scripts/setup.sh time python3-venv

if [ ! -d "$data" ]; then
    echo "bench: no data folder at $data (set CIVIC_SHARED_DIR)" >&2
    exit 66
fi
if [ ! -x /usr/bin/time ]; then
    echo "bench: /usr/bin/time (GNU time) is needed to measure peak memory" >&2
    exit 69
fi
if [ -n "${BENCH_INSTANCES:-}" ]; then
    instances="$BENCH_INSTANCES"
else
    instances="$(cd "$data" && ls *.pb | sed 's/\.pb$//' | paste -sd, -)"
fi

mkdir -p "$out"
if [ -z "${BENCH_SKIP_BASELINE:-}" ]; then
    if ! "$venv/bin/python" -c "import pabutools" 2>/dev/null; then
        echo "bench: installing pabutools 1.2.3 into $venv" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet "pabutools==1.2.3"
    fi
fi
echo "bench: building civic (release)" >&2
# A static Swift runtime saves ~10 ms of dynamic linking per run, which is most
# of the time on small files.
swift build -c release --product civic --static-swift-stdlib >&2
civic="$root/.build/release/civic"

# Runs a command with its output sent to a file ($1) and prints
# "seconds max_rss_kb exit_code", whatever its outcome. The wall time comes from
# bash's EPOCHREALTIME (GNU time rounds to 10 ms, and forking `date` costs more
# than a small tally).
measure() {
    local output="$1"
    shift
    local stats="$out/time.txt"
    local start end code
    set +e
    start=$EPOCHREALTIME
    /usr/bin/time -f "%M" -o "$stats" "$@" > "$output"
    code=$?
    end=$EPOCHREALTIME
    set -e
    echo "$(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.3f", e - s}') $(tail -n 1 "$stats") $code"
}

# Like measure, but keeps the fastest of up to $repeat runs (a 2-core machine shared
# with builds makes 30 ms runs noisy); stops repeating once a run exceeds $2 seconds.
best_of() {
    local limit="$1"
    shift
    local best="" result time
    for ((run = 1; run <= repeat; run++)); do
        result="$(measure "$@")"
        time="${result%% *}"
        if [ -z "$best" ] || awk -v a="$time" -v b="${best%% *}" 'BEGIN{exit !(a < b)}'; then best="$result"; fi
        awk -v a="$time" -v l="$limit" 'BEGIN{exit !(a >= l)}' && break
        [ "${result##* }" = 0 ] || break
    done
    echo "$best"
}

printf "%-42s %-20s %10s %16s %9s %10s %12s %9s  %s\n" \
    instance rule "civic s" "pabutools s" ratio "civic MB" "pabutools MB" "mem ratio" winners
IFS=',' read -r -a instance_list <<< "$instances"
IFS=',' read -r -a rule_list <<< "$rules"
for instance in "${instance_list[@]}"; do
    file="$data/$instance.pb"
    [ -f "$file" ] || { echo "bench: no $file" >&2; continue; }
    for rule in "${rule_list[@]}"; do
        ours="$out/$instance.$rule.civic.txt"
        theirs="$out/$instance.$rule.pabutools.txt"
        read -r civic_s civic_kb civic_code < <(best_of 30 "$ours" "$civic" tally "$file" --rule "$rule" --ids)
        if [ "$civic_code" != 0 ]; then
            printf "%-42s %-20s civic failed (exit %s)\n" "$instance" "$rule" "$civic_code"
            continue
        fi
        if [ -n "${BENCH_SKIP_BASELINE:-}" ]; then
            printf "%-42s %-20s %10s %16s %9s %10s %12s %9s  %s\n" "$instance" "$rule" "$civic_s" - - \
                "$(awk -v k="$civic_kb" 'BEGIN{printf "%.1f", k/1024}')" - - -
            continue
        fi
        read -r py_s py_kb py_code < <(best_of 30 "$theirs" sh -c 'ulimit -v "$1"; exec timeout "$2" "$3" "$4" "$5" "$6"' _ \
            "$memory_kb" "$timeout_s" "$venv/bin/python" "$root/scripts/bench/pabutools_run.py" "$file" "$rule")
        civic_mb="$(awk -v k="$civic_kb" 'BEGIN{printf "%.1f", k/1024}')"
        py_mb="$(awk -v k="$py_kb" 'BEGIN{printf "%.1f", k/1024}')"
        if [ "$py_code" = 0 ]; then
            py_time="$py_s"
            ratio="$(awk -v a="$py_s" -v b="$civic_s" 'BEGIN{ if (b < 0.001) b = 0.001; printf "%.0fx", a/b }')"
            mem_ratio="$(awk -v a="$py_kb" -v b="$civic_kb" 'BEGIN{ printf "%.1fx", a/b }')"
            if diff <(sort "$ours") <(sort "$theirs") > /dev/null; then same="identical"; else same="DIFFERENT"; fi
        elif [ "$py_code" = 124 ]; then
            py_time="> $timeout_s (timeout)"
            ratio="> $(awk -v a="$timeout_s" -v b="$civic_s" 'BEGIN{ if (b < 0.001) b = 0.001; printf "%.0fx", a/b }')"
            mem_ratio="$(awk -v a="$py_kb" -v b="$civic_kb" 'BEGIN{ printf "≥ %.1fx", a/b }')"
            same="baseline did not finish"
        else
            py_time="failed (exit $py_code)"
            ratio="-"
            mem_ratio="$(awk -v a="$py_kb" -v b="$civic_kb" 'BEGIN{ printf "≥ %.1fx", a/b }')"
            same="baseline failed (memory limit $((memory_kb / 1024)) MB?)"
        fi
        printf "%-42s %-20s %10s %16s %9s %10s %12s %9s  %s\n" \
            "$instance" "$rule" "$civic_s" "$py_time" "$ratio" "$civic_mb" "$py_mb" "$mem_ratio" "$same"
    done
done
