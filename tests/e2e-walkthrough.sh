# A new user's first document, step by step as the README tells it
# ("Starting a document", then "Seeing the result while writing"), in
# Swedish (sourced by tests/run.sh, which defines BIN, TMP, pass and fail):
#
#   1. trycksak new mitt-bokslut        a document folder from the template
#   2. trycksak mitt-bokslut            typesets at once: ./mitt-bokslut.pdf
#   3. trycksak --watch mitt-bokslut    in the background, as in a second
#                                       terminal
#   4. a good edit: the author's own sentence replaces the example text;
#      the PDF is typeset again and holds it
#   5. a broken edit: a table block naming a CSV file with a typo; the
#      error is printed in Swedish, file position first, and the PDF of
#      step 4 stays byte for byte
#   6. the fix: the file name corrected; the PDF is typeset again and holds
#      the table's caption
#   7. Ctrl-C (SIGINT) ends the watcher with status 0; no temporary file
#      is left beside the PDF
#
# Everything runs with LANG=sv_SE.UTF-8 in a fresh folder, as the README's
# `./trycksak` does from a source tree: the binary finds its layouts and
# templates beside itself (TRYCKSAK_DATA is unset, except under a checker,
# where the binary is a wrapper script). The test set-up generates the
# Swedish locale (tests/swedish-locale.sh). Every wait is bounded; the
# watcher is killed whatever happens.
source tests/swedish-locale.sh
walk=$TMP/walkthrough
mkdir -p "$walk/work"
if [ -n "${RUN_WRAPPER:-}" ]; then walk_limit=180; else walk_limit=20; fi

source tests/wait-for.sh
# as_author ARGS...: becomes trycksak ARGS run as the README's user does,
# in the work folder. It replaces the shell it runs in (exec): call it in a
# subshell, ( as_author … ), or in the background, where $! is then
# trycksak itself and so receives the Ctrl-C.
as_author() {
    cd "$walk/work" || exit 2
    if [ -n "${RUN_WRAPPER:-}" ]; then
        exec "${SV_ENV[@]}" "$BIN" "$@"
    else
        exec "${SV_ENV[@]}" env -u TRYCKSAK_DATA "$BIN" "$@"
    fi
}
walk_pdf=$walk/work/mitt-bokslut.pdf
walk_text() { pdftotext -enc UTF-8 "$walk_pdf" - 2>/dev/null | tr -s ' \n' '  '; }
walk_pdf_has() { walk_text | grep -qF -- "$1"; }
walk_runs() { grep -cE '^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\] satte [0-9]+ sid(a|or) på [0-9]+,[0-9]{2} s$' "$walk/err"; }
walk_runs_at_least() { [ "$(walk_runs)" -ge "$1" ]; }
walk_err_has() { grep -qF -- "$1" "$walk/err"; }

if [ -n "$SV_LOCALE_PROBLEM" ]; then
    fail "walkthrough: $SV_LOCALE_PROBLEM"
elif ! command -v pdftotext >/dev/null; then
    fail "walkthrough: pdftotext is missing (Debian package poppler-utils; make deps installs it)"
else
    # 1. trycksak new
    (as_author new mitt-bokslut) >"$walk/new.out" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && [ -f "$walk/work/mitt-bokslut/document.ini" ] \
       && grep -qF "Dokumentmappen mitt-bokslut är skapad (layout bokslut)." "$walk/new.out"; then
        pass
    else
        fail "walkthrough 1: trycksak new mitt-bokslut (exit $rc), expected the folder and a Swedish confirmation" \
            "$(cat "$walk/new.out")"
    fi

    # 2. typesets at once, to ./mitt-bokslut.pdf, silently
    (as_author mitt-bokslut) >"$walk/first.out" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$walk_pdf" ] && [ ! -s "$walk/first.out" ] && walk_pdf_has "Sammanfattning"; then
        pass
    else
        fail "walkthrough 2: trycksak mitt-bokslut (exit $rc), expected ./mitt-bokslut.pdf with the chapter Sammanfattning and no messages" \
            "$(cat "$walk/first.out")"
    fi

    # 3. --watch in the background
    text=$walk/work/mitt-bokslut/text/01-sammanfattning.md
    as_author --watch mitt-bokslut >"$walk/out" 2>"$walk/err" &
    walk_watcher=$!
    if wait_for "$walk_limit" walk_runs_at_least 1; then
        pass
        walk_err_has "trycksak: bevakar 'mitt-bokslut' och dess layout; PDF-filen sätts på nytt efter varje ändring (Ctrl-C avslutar)" \
            && pass || fail "walkthrough 3: the watcher does not say in Swedish what it watches" "$(cat "$walk/err")"

        # 4. a good edit
        cp "$walk_pdf" "$walk/before-edit.pdf"
        sed -i 's/^Det här är exempeltext som du byter ut\./Nämnden nådde fyra av fem mål under året./' "$text"
        if grep -qF "Nämnden nådde fyra av fem mål" "$text" \
           && wait_for "$walk_limit" walk_runs_at_least 2 \
           && wait_for "$walk_limit" walk_pdf_has "Nämnden nådde fyra av fem mål"; then
            pass
            cmp -s "$walk_pdf" "$walk/before-edit.pdf" && fail "walkthrough 4: the PDF is the same after the edit" || pass
        else
            fail "walkthrough 4: the PDF does not hold the edited sentence within $walk_limit s" \
                "$(cat "$walk/err")"
        fi

        # 5. a broken edit: the error in Swedish, the PDF kept byte for byte
        cp "$walk_pdf" "$walk/good.pdf"
        cp "$text" "$walk/good.md"
        printf '\n```indicators\ndata    = ../data/nyckeltl.csv\ncaption = Våra nyckeltal\n```\n' >>"$text"
        block_line=$(($(wc -l <"$text") - 2))
        want="mitt-bokslut/text/01-sammanfattning.md:$block_line:11: fel: hittar inte datafilen '../data/nyckeltl.csv'"
        if wait_for "$walk_limit" walk_err_has "$want"; then
            pass
            wait_for "$walk_limit" walk_err_has "1 fel; PDF-filen från den senaste felfria körningen finns kvar" && pass \
                || fail "walkthrough 5: no Swedish word on the kept PDF" "$(cat "$walk/err")"
            cmp -s "$walk_pdf" "$walk/good.pdf" && pass \
                || fail "walkthrough 5: the broken edit changed the last good PDF"
        else
            fail "walkthrough 5: no Swedish error within $walk_limit s, expected: $want" "$(cat "$walk/err")"
        fi
        grep -E ' (error|warning): ' "$walk/err" && fail "walkthrough: an English message under LANG=sv_SE.UTF-8" "$(cat "$walk/err")" \
            || pass

        # 6. the fix
        runs=$(walk_runs)
        sed -i 's#../data/nyckeltl.csv#../data/nyckeltal.csv#' "$text"
        if wait_for "$walk_limit" walk_runs_at_least $((runs + 1)) \
           && wait_for "$walk_limit" walk_pdf_has "Våra nyckeltal"; then
            pass
            walk_pdf_has "Nämnden nådde fyra av fem mål" && pass \
                || fail "walkthrough 6: the fixed PDF lost the edit of step 4"
        else
            fail "walkthrough 6: the PDF does not hold the table after the fix within $walk_limit s" \
                "$(cat "$walk/err")"
        fi
    else
        fail "walkthrough 3: trycksak --watch made no run within $walk_limit s" "$(cat "$walk/err")"
    fi

    # 7. Ctrl-C
    kill -INT "$walk_watcher" 2>/dev/null
    stopped=
    for _ in $(seq 1 $((walk_limit * 10))); do
        kill -0 "$walk_watcher" 2>/dev/null || { stopped=1; break; }
        sleep 0.1
    done
    if [ -n "$stopped" ]; then
        wait "$walk_watcher"
        rc=$?
        [ "$rc" -eq 0 ] && pass || fail "walkthrough 7: exit status $rc after Ctrl-C, expected 0" "$(cat "$walk/err")"
    else
        kill -KILL "$walk_watcher" 2>/dev/null
        wait "$walk_watcher" 2>/dev/null
        fail "walkthrough 7: still running $walk_limit s after Ctrl-C" "$(cat "$walk/err")"
    fi
    leftovers=$(ls -A "$walk/work" | grep -vxF -e mitt-bokslut -e mitt-bokslut.pdf)
    [ -z "$leftovers" ] && pass || fail "walkthrough 7: files left beside the PDF" "$leftovers"
fi
