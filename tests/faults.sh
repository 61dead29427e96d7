#!/usr/bin/env bash
# Fault injection: run a trycksak built with -DTS_FAULT_INJECTION (and the
# sanitizers) with its Nth own allocation failing, for N = 1, 2, … until a
# run gets through (N is then past the last allocation). Every failing run
# must exit 2 with "trycksak: out of memory" and nothing else (no
# sanitizer report: no leak, no bad access on the way out), and leave the
# output folder as it was: the earlier PDF untouched, no temporary file.
# (-q keeps the document's own warnings out.) Every N up to 400 is tried,
# then steps of N/40. Run from the repository root by `make faults`:
#
#   tests/faults.sh BINARY DOCUMENT_DIR
#
# The last line is "N passed, N failed".
set -u
BIN=$1
DOC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1773532800
export TRYCKSAK_DATA=$(pwd)

passed=0
failed=0
n=1
while :; do
    out=$TMP/out
    rm -rf "$out"
    mkdir "$out"
    printf 'an earlier good PDF\n' >"$out/kept.pdf"
    TRYCKSAK_FAIL_ALLOC=$n timeout 60 "$BIN" -q -o "$out/kept.pdf" "$DOC" >/dev/null 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 0 ] && break
    why=""
    [ "$rc" -eq 2 ] || why="exit status $rc, expected 2"
    [ "$(cat "$TMP/err")" = "trycksak: out of memory" ] || why="$why; printed more than 'out of memory'"
    [ "$(cat "$out/kept.pdf")" = "an earlier good PDF" ] || why="$why; the earlier PDF was changed"
    [ "$(ls "$out")" = kept.pdf ] || why="$why; left behind: $(ls "$out" | tr '\n' ' ')"
    if [ -z "$why" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: allocation $n fails: ${why#; }" >&2
        head -n 30 "$TMP/err" | sed 's/^/    /' >&2
    fi
    if [ "$n" -lt 400 ]; then n=$((n + 1)); else n=$((n + n / 40)); fi
done
# The run that got through wrote a real PDF.
if head -c 5 "$out/kept.pdf" | grep -q '%PDF-'; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: with allocation $n failing (past the last) no PDF was written" >&2
fi
# The summary alone on the last line, in the form test runners read.
echo "swept $n allocations and more: every failure point up to 400, then every 2.5 %"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
