#!/usr/bin/env bash
# The test suite: unit programs, golden traces, the bad-input corpus and
# end-to-end checks of real PDFs. Run from the repository root by
# `make check` / `make asan`:
#
#   tests/run.sh BINARY UNIT_DIR [--update-golden]
#
# The last line is "N passed, N failed"; the exit status is 0 only when
# nothing failed.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")   # absolute: some checks run elsewhere
UNIT_DIR=$2
UPDATE=${3:-}
ROOT=$(pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1773532800   # 2026-03-15: traces and PDFs must not depend on the clock
export TRYCKSAK_DATA=$ROOT
# Messages in English (the bad-input corpus and the checks compare them);
# UTF-8, as the messages quote file names and text. tests/e2e-swedish.sh
# runs its cases with LANG=sv_SE.UTF-8 instead.
export LC_ALL=C.UTF-8
unset LANGUAGE

# RUN_WRAPPER, when set, runs every trycksak call and unit program under
# a checker (`make valgrind` sets it to valgrind): BIN becomes a script
# that execs the wrapper on the real binary. Valgrind's reports go to
# files, so the messages the tests compare stay as they are; a run with
# errors or leaks exits 99 and so fails its test.
WRAP=()
if [ -n "${RUN_WRAPPER:-}" ]; then
    read -r -a WRAP <<<"$RUN_WRAPPER"
    [ "${WRAP[0]}" = valgrind ] && WRAP+=("--log-file=$TMP/valgrind.%p.log")
    printf '#!/bin/sh\nexec' >"$TMP/wrapped-trycksak"
    printf ' %q' "${WRAP[@]}" "$BIN" >>"$TMP/wrapped-trycksak"
    printf ' "$@"\n' >>"$TMP/wrapped-trycksak"
    chmod +x "$TMP/wrapped-trycksak"
    BIN=$TMP/wrapped-trycksak
fi

passed=0
failed=0
failures=()

pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    failures+=("$1")
    echo "FAIL: $1" >&2
    [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 30 | sed 's/^/    /' >&2
}

# ---- unit programs (cmocka) ---------------------------------------------
for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    out=$(${WRAP[@]+"${WRAP[@]}"} "$t" 2>&1)
    rc=$?
    ok=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    bad=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${ok:-0}))
    if [ "$rc" -ne 0 ] || [ -n "$bad" ]; then
        fail "unit $name (exit $rc, ${bad:-?} failed)" "$(printf '%s\n' "$out" | grep -v '^\[ \(RUN\|       OK\) ' | tail -n 40)"
    fi
done

# ---- golden traces ------------------------------------------------------
# tests/golden/NAME/ is a document folder; tests/golden/NAME.trace is the
# trace it must produce. `make golden-update` rewrites the traces; read the
# diff before committing it.
for d in tests/golden/*/; do
    [ -f "$d/document.ini" ] || continue
    name=$(basename "$d")
    expected=tests/golden/$name.trace
    "$BIN" --trace "$d" >"$TMP/$name.trace" 2>"$TMP/$name.err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "golden $name: exit $rc" "$(cat "$TMP/$name.err")"
    elif [ "$UPDATE" = --update-golden ]; then
        cp "$TMP/$name.trace" "$expected"
        echo "updated $expected"
        pass
    elif [ ! -f "$expected" ]; then
        fail "golden $name: $expected is missing (make golden-update)"
    elif ! diff -u "$expected" "$TMP/$name.trace" >"$TMP/$name.diff"; then
        fail "golden $name: trace differs" "$(cat "$TMP/$name.diff")"
    else
        pass
    fi
done

# ---- the bad-input corpus -----------------------------------------------
# tests/bad/NAME/ is a broken document folder; every non-empty line of its
# `expect` file must appear in what trycksak prints. Each case must exit 1,
# write no PDF, and leave an earlier PDF at the output path untouched.
for d in tests/bad/*/; do
    [ -f "$d/expect" ] || continue
    name=$(basename "$d")
    out_dir=$TMP/bad-$name
    mkdir -p "$out_dir"
    printf 'an earlier good PDF\n' >"$out_dir/kept.pdf"
    "$BIN" -o "$out_dir/new.pdf" "$d" >"$out_dir/stdout" 2>"$out_dir/stderr"
    rc=$?
    "$BIN" -o "$out_dir/kept.pdf" "$d" >/dev/null 2>&1
    why=""
    [ "$rc" -eq 1 ] || why="exit status $rc, expected 1"
    [ -e "$out_dir/new.pdf" ] && why="$why; a PDF was written"
    [ "$(cat "$out_dir/kept.pdf")" = "an earlier good PDF" ] || why="$why; the earlier PDF was changed"
    ls "$out_dir" | grep -q '\.pdf\.' && why="$why; a temporary file was left behind"
    while IFS= read -r line || [ -n "$line" ]; do
        [ -z "$line" ] && continue
        grep -qF -- "$line" "$out_dir/stderr" || why="$why; missing message: $line"
    done <"$d/expect"
    if [ -z "$why" ]; then pass; else fail "bad $name: ${why#; }" "$(cat "$out_dir/stderr")"; fi
done

# ---- end to end -----------------------------------------------------------
source tests/e2e.sh
# more end-to-end checks, one file per topic (e2e-breaking.sh: line and
# page breaking computed from the layout result)
for f in tests/e2e-*.sh; do [ -f "$f" ] && source "$f"; done

# ---- the checker's reports ------------------------------------------------
for log in "$TMP"/valgrind.*.log; do
    [ -s "$log" ] || continue
    fail "valgrind reported errors ($(basename "$log"))" "$(head -n 40 "$log")"
done

echo
for f in "${failures[@]+"${failures[@]}"}"; do echo "failed: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
