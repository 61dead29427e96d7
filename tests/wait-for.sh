# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s; 0 once it
# succeeds, 1 when the time is up (sourced by tests/e2e-watch.sh and
# tests/e2e-walkthrough.sh, which watch a running `trycksak --watch`).
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    while [ "$SECONDS" -lt "$deadline" ]; do
        "$@" && return 0
        sleep 0.1
    done
    "$@"
}
