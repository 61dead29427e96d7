#!/usr/bin/env bash
# plateau.sh HARNESS [QUIET_MINUTES]
#
# Run one libFuzzer harness (build-fuzz/fuzz/fuzz_HARNESS, built by
# `make fuzz-build`) on the corpus `make fuzz` uses until its coverage has
# not grown for QUIET_MINUTES (default 15), or until the hard cap
# PLATEAU_MAX_MINUTES (default 120) is reached, then print one line:
#
#   fuzz_HARNESS: plateau|cap, N execs, cov C ft F, corpus K inputs,
#   M min run, Q min since new coverage
#
# "Coverage" is the `cov:` figure of libFuzzer's status lines (edges
# reached); the script polls the log every PLATEAU_POLL seconds (default
# 10), so times are good to that. One fuzzing process, no -jobs/-workers:
# the machine is shared.
#
# Exit status: 0 when the run ended without a finding; 1 when libFuzzer
# stopped on a crash, hang, leak or OOM (its artifact is in
# build-fuzz/findings/HARNESS-*, the log in build-fuzz/plateau_HARNESS.log);
# 2 on a usage error. Run from the repository root. PLATEAU_BIN_DIR
# (default build-fuzz/fuzz) names where the harness binaries are, so a
# long run can use copies while the tree is rebuilt.
set -u

harness=${1:-}
quiet_min=${2:-15}
max_min=${PLATEAU_MAX_MINUTES:-120}
poll=${PLATEAU_POLL:-10}
if [ -z "$harness" ] || ! [[ $quiet_min =~ ^[0-9]+$ ]] || ! [[ $max_min =~ ^[0-9]+$ ]]; then
    echo "usage: tests/fuzz/plateau.sh HARNESS [QUIET_MINUTES]" >&2
    exit 2
fi
bin=${PLATEAU_BIN_DIR:-build-fuzz/fuzz}/fuzz_$harness
if [ ! -x "$bin" ]; then
    echo "plateau.sh: $bin is missing; run make fuzz-build" >&2
    exit 2
fi

log=build-fuzz/plateau_$harness.log
mkdir -p build-fuzz/corpus/"$harness" build-fuzz/findings
dict=()
[ -f tests/fuzz/$harness.dict ] && dict=(-dict=tests/fuzz/$harness.dict)

TRYCKSAK_DATA=$PWD ASAN_OPTIONS=detect_leaks=1 \
    "$bin" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 "${dict[@]}" \
    -max_total_time=$((max_min * 60 + 60)) \
    -artifact_prefix=build-fuzz/findings/"$harness"- \
    build-fuzz/corpus/"$harness" tests/fuzz/corpus/"$harness" >"$log" 2>&1 &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; exit 2' INT TERM

# The largest `cov:` figure in the log so far (0 before the first line).
max_cov() {
    grep -aoE 'cov: [0-9]+' "$log" | awk '{ if ($2 > m) m = $2 } END { print m + 0 }'
}

start=$(date +%s)
last_new=$start
cov=0
ending=
while kill -0 $pid 2>/dev/null; do
    sleep "$poll"
    now=$(date +%s)
    c=$(max_cov)
    if [ "$c" -gt "$cov" ]; then cov=$c; last_new=$now; fi
    if [ $((now - last_new)) -ge $((quiet_min * 60)) ]; then ending=plateau; break; fi
    if [ $((now - start)) -ge $((max_min * 60)) ]; then ending=cap; break; fi
done
found=0
if [ -n "$ending" ]; then
    kill -INT $pid 2>/dev/null
    wait $pid 2>/dev/null
else
    # libFuzzer stopped by itself: a finding (or its own time limit).
    wait $pid; rc=$?
    if [ $rc -ne 0 ] || grep -aqE '^==[0-9]+==.*(ERROR|WARNING): (AddressSanitizer|LeakSanitizer|libFuzzer)|^SUMMARY: ' "$log"; then
        found=1; ending=finding
    else
        ending=cap
    fi
fi
now=$(date +%s)
c=$(max_cov)
if [ "$c" -gt "$cov" ]; then cov=$c; last_new=$now; fi

# The last status line holds the corpus size and features; the final
# statistics the executions (else the last status line's #N).
status=$(grep -aE '^#[0-9]+[[:space:]]' "$log" | grep -a 'cov:' | tail -n 1)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
[ -n "$execs" ] || execs=$(printf '%s\n' "$status" | sed -n 's/^#\([0-9]*\).*/\1/p')
ft=$(printf '%s\n' "$status" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
corp=$(printf '%s\n' "$status" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
run_min=$(awk -v s=$((now - start)) 'BEGIN { printf "%.1f", s / 60 }')
quiet=$(awk -v s=$((now - last_new)) 'BEGIN { printf "%.1f", s / 60 }')
echo "fuzz_$harness: $ending, ${execs:-?} execs, cov $cov ft ${ft:-?}, corpus ${corp:-?} inputs, $run_min min run, $quiet min since new coverage"
if [ $found -eq 1 ]; then
    grep -aE '^(==[0-9]+==|SUMMARY:|artifact_prefix|Test unit written)' "$log" | head -n 8 >&2
    exit 1
fi
exit 0
