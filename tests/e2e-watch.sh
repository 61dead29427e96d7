# trycksak --watch (sourced by tests/run.sh, which defines BIN, TMP, pass
# and fail): on a copy of samples/minimal, the watcher typesets at once,
# again after a text file changes (also when an editor saves by renaming a
# new file over the old one), prints the errors of a broken document.ini
# and keeps the last good PDF, recovers when it is fixed, and ends with
# status 0 on SIGTERM. Every wait is bounded; the watcher is killed
# whatever happens.
wt=$TMP/watch
mkdir -p "$wt"
cp -r samples/minimal "$wt/doc"
pdf=$wt/out.pdf
log=$wt/log
# Under a checker (make valgrind) every run is much slower.
if [ -n "${RUN_WRAPPER:-}" ]; then limit=180; else limit=20; fi

source tests/wait-for.sh
sum_of() { cksum <"$pdf" 2>/dev/null; }
pdf_differs() { [ -s "$pdf" ] && [ "$(sum_of)" != "$1" ]; }
log_has() { grep -qF -- "$1" "$log"; }
log_count() { grep -cF -- "$1" "$log"; }
runs_at_least() { [ "$(log_count 'typeset 1 page in')" -ge "$1" ]; }

"$BIN" --watch -o "$pdf" "$wt/doc" >"$log" 2>&1 &
watcher=$!

if wait_for "$limit" test -s "$pdf" && wait_for "$limit" runs_at_least 1; then
    pass
    log_has "watching '$wt/doc'" && pass || fail "watch: no line saying what is watched" "$(cat "$log")"
    grep -qE '^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\] typeset 1 page in [0-9]+\.[0-9]{2} s$' "$log" && pass \
        || fail "watch: no 'typeset 1 page in N s' line" "$(cat "$log")"

    # An edit to a text file: a new PDF.
    before=$(sum_of)
    text=$(ls "$wt/doc"/text/*.md | head -n 1)
    printf '\nEn mening som kom till under bevakningen.\n' >>"$text"
    if wait_for "$limit" pdf_differs "$before" && wait_for "$limit" runs_at_least 2; then
        pass
        pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | grep -qF "kom till under bevakningen" && pass \
            || fail "watch: the new PDF does not hold the new sentence"
    else
        fail "watch: the PDF did not change within $limit s of editing a text file" "$(cat "$log")"
    fi

    # An editor that saves by writing a new file and renaming it over the old one.
    before=$(sum_of)
    sed 's/under bevakningen/efter ett namnbyte/' "$text" >"$wt/doc/text/.save.tmp"
    mv "$wt/doc/text/.save.tmp" "$text"
    if wait_for "$limit" pdf_differs "$before" && wait_for "$limit" runs_at_least 3; then
        pass
    else
        fail "watch: a save by rename was not seen" "$(cat "$log")"
    fi

    # A broken document.ini: the errors are printed, the PDF stays as it was.
    before=$(sum_of)
    cp "$wt/doc/document.ini" "$wt/document.ini.good"
    sed -i 's/^title *=/titel =/' "$wt/doc/document.ini"
    if wait_for "$limit" log_has "unknown key 'titel' in [document]; did you mean 'title'?"; then
        pass
        wait_for "$limit" log_has "the PDF from the last good run is kept" && pass \
            || fail "watch: no word on the kept PDF after errors" "$(cat "$log")"
        [ "$(sum_of)" = "$before" ] && pass || fail "watch: a broken document changed the PDF"
        ls "$wt" | grep -q '\.pdf\.' && fail "watch: a temporary file was left behind" "$(ls "$wt")" || pass
    else
        fail "watch: the error in document.ini was not reported within $limit s" "$(cat "$log")"
    fi

    # Fixed again: a good run follows.
    cp "$wt/document.ini.good" "$wt/doc/document.ini"
    wait_for "$limit" runs_at_least 4 && pass || fail "watch: no new run after the fix" "$(cat "$log")"

    # A burst of changes is one run, not one per event.
    runs=$(log_count 'typeset 1 page in')
    for i in 1 2 3 4 5; do printf '\nRad %d.\n' "$i" >>"$text"; done
    wait_for "$limit" runs_at_least $((runs + 1)) && pass || fail "watch: no run after a burst of edits" "$(cat "$log")"
    sleep 1
    [ "$(log_count 'typeset 1 page in')" -le $((runs + 2)) ] && pass \
        || fail "watch: a burst of five edits made more than two runs" "$(cat "$log")"
else
    fail "watch: no PDF within $limit s" "$(cat "$log")"
fi

# SIGTERM ends the watcher with status 0.
kill -TERM "$watcher" 2>/dev/null
stopped=
for _ in $(seq 1 $((limit * 10))); do
    kill -0 "$watcher" 2>/dev/null || { stopped=1; break; }
    sleep 0.1
done
if [ -n "$stopped" ]; then
    wait "$watcher"
    rc=$?
    [ "$rc" -eq 0 ] && pass || fail "watch: exit status $rc after SIGTERM, expected 0" "$(cat "$log")"
else
    kill -KILL "$watcher" 2>/dev/null
    wait "$watcher" 2>/dev/null
    fail "watch: still running $limit s after SIGTERM" "$(cat "$log")"
fi

# --watch with --trace is a usage error; a missing folder ends at once.
"$BIN" --watch --trace "$wt/doc" >/dev/null 2>"$wt/err"
rc=$?
[ "$rc" -eq 2 ] && pass || fail "watch: --watch --trace exit $rc, expected 2" "$(cat "$wt/err")"
timeout 10 "$BIN" --watch "$wt/no-such-folder" >/dev/null 2>"$wt/err"
rc=$?
[ "$rc" -eq 2 ] && pass || fail "watch: a missing folder exit $rc, expected 2" "$(cat "$wt/err")"
