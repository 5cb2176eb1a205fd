#!/usr/bin/env bash
# Runs chaos scenarios, each with several seeds in a row, and prints one line per run
# and a table at the end. Exit status 0 only if every run passed.
#
#   chaos/run-suite.sh [--binary PATH] [--seeds "1 2 3 4 5"] [scenario.yaml ...]
#
# With no scenarios it runs every file in chaos/scenarios. Reports go to
# chaos/reports/<scenario>-seed<N>/; a failed run's summary names the replay command.
set -uo pipefail
cd "$(dirname "$0")/.."

binary=.build/release/switchboard
seeds="1 2 3 4 5"
scenarios=()
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --seeds) seeds="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) scenarios+=("$1"); shift ;;
    esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(chaos/scenarios/*.yaml)
[ -x "$binary" ] || { echo "no switchboard binary at $binary (make chaos builds it)" >&2; exit 2; }

results=()
failed=0
for scenario in "${scenarios[@]}"; do
    name=$(basename "$scenario" .yaml)
    for seed in $seeds; do
        started=$(date +%s)
        log="chaos/reports/$name-seed$seed.log"
        mkdir -p chaos/reports
        if "$binary" chaos run "$scenario" --seed "$seed" --report-dir "chaos/reports/$name-seed$seed" >"$log" 2>&1; then
            verdict=PASSED
        else
            verdict=FAILED
            failed=$((failed + 1))
        fi
        line=$(printf '%-26s seed %-3s %s  %4ss' "$name" "$seed" "$verdict" "$(( $(date +%s) - started ))")
        echo "$line"
        [ "$verdict" = PASSED ] || grep -E "FAIL|replay:" "$log" | sed 's/^/    /'
        results+=("$line")
    done
done

echo
echo "chaos suite: ${#results[@]} runs, $failed failed"
printf '%s\n' "${results[@]}" > chaos/reports/suite.txt
[ "$failed" -eq 0 ]
