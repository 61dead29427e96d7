# Messages in Swedish (sourced by tests/run.sh, which defines BIN, TMP,
# pass and fail and runs everything else with LC_ALL=C.UTF-8, in English):
#
#  - every message in the sources has a Swedish translation in po/sv.po,
#    not empty and not fuzzy, with the same printf conversions;
#  - with LANG=sv_SE.UTF-8 some bad documents, --help and a usage error
#    print Swedish, the position still first; with LANG=C.UTF-8 English;
#  - no English word in the Swedish messages of any case in tests/bad/.
#
# The test set-up generates the sv_SE.UTF-8 locale (tests/swedish-locale.sh).
sv=$TMP/swedish
mkdir -p "$sv"
source tests/swedish-locale.sh

# --- the catalogue is complete -------------------------------------------------------
if command -v xgettext >/dev/null && command -v msgcmp >/dev/null; then
    if out=$(env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory pot POT="$sv/trycksak.pot" 2>&1); then
        if out=$(msgcmp po/sv.po "$sv/trycksak.pot" 2>&1); then
            pass
        else
            fail "po/sv.po: messages without a Swedish translation; run 'make po-update', then translate every empty or fuzzy entry in po/sv.po" \
                "$(printf '%s\n' "$out" | grep -v '^msgcmp: found' | head -n 20)"
        fi
    else
        fail "xgettext could not read the sources" "$out"
    fi
    if out=$(msgfmt --check --statistics -o /dev/null po/sv.po 2>&1) \
       && ! printf '%s\n' "$out" | grep -qE 'fuzzy|untranslated'; then
        pass
    else
        fail "po/sv.po: msgfmt --check finds problems, fuzzy or untranslated entries; translate them (make po-update lists them)" "$out"
    fi
else
    fail "xgettext or msgcmp is missing (Debian package gettext; make deps installs it)"
fi

# --- Swedish when the locale is Swedish ------------------------------------------------
if [ -z "$SV_LOCALE_PROBLEM" ]; then
    # sv_case NAME EXPECTED: tests/bad/NAME in Swedish prints EXPECTED.
    sv_case() {
        local name=$1 want=$2 rc
        in_swedish "$BIN" -o "$sv/$name.pdf" "tests/bad/$name" >/dev/null 2>"$sv/$name.err"
        rc=$?
        if [ "$rc" -eq 1 ] && grep -qF -- "$want" "$sv/$name.err" && [ ! -e "$sv/$name.pdf" ]; then
            pass
        else
            fail "swedish $name: exit $rc, expected 1 and: $want" "$(cat "$sv/$name.err")"
        fi
    }
    sv_case ini-missing-title "tests/bad/ini-missing-title/document.ini:1:1: fel: [document] saknar titel; gör så här: lägg till \`title = …\`"
    sv_case csv-not-a-number "tests/bad/csv-not-a-number/data/x.csv:3:6: fel: 'ca 15' är inget tal, men kolumnen '2026' innehåller tal"
    sv_case chart-missing-column "tests/bad/chart-missing-column/charts/k.chart:3:17: fel: series: det finns ingen kolumn 'Rätade' i x.csv; menade du 'Rättade'?"
    sv_case chart-missing-type "fel: diagrammet saknar 'type'; gör så här: lägg till type = bar"
    sv_case ini-bad-date "tests/bad/ini-bad-date/document.ini:3:9: fel: datumet '2027-02-30' är inget datum: februari 2027 har 28 dagar"
    sv_case csv-decimal-point "fel: '38.4' är skrivet med decimalpunkt, men i en fil som avgränsas med ';' skrivs tal med decimalkomma (38,4)"
    sv_case csv-decimal-point-tab "avgränsas med tabbar skrivs tal med decimalkomma (38,4)"
    sv_case csv-decimal-comma "fel: '38,4' är skrivet med decimalkomma, men i en fil som avgränsas med ',' skrivs tal med decimalpunkt (38.4)"
    sv_case ini-empty-title "fel: title är tomt; skriv dokumentets titel"
    grep -qF "trycksak: 1 fel; ingen PDF-fil skrevs" "$sv/chart-missing-type.err" && pass \
        || fail "swedish: the closing line is not Swedish" "$(cat "$sv/chart-missing-type.err")"

    # No English in any Swedish message: every case in tests/bad/ is run in
    # Swedish and its messages are searched for common English words. What
    # the user wrote is not searched: the position prefix, quoted text
    # ('…', ”…”, `…`), [sections], {placeholders} and any word with a '/',
    # '.', '-' or digit in it (paths, file names, keys such as new-page,
    # A4). Words a file must contain and that the catalogue keeps as they
    # are (keys: title, date, file, size, type; block names: table; values:
    # draft, final, yes, no, left, bar, line) are not in the list.
    # Under a checker (make valgrind) the sweep is left out: it checks
    # text, which a checker does not change, and `make check` and `make
    # asan` run it.
    english_words=" the a an and or not is are was were be been has have had of to
        with without from by on at for this that these those which there than but
        must should cannot can could does do write add remove use found missing
        empty files folder number numbers value values column columns row
        rows tables chart charts image images page pages error errors
        warning warnings point comma tab tabs separated written name key keys
        section here only more less too many every each given twice unknown
        january february march april may june july august september october
        november december "
    # Known English still in Swedish messages, as CASE|TEXT: TEXT is taken
    # out of that case's messages before the search. libpng's own reason
    # for a broken PNG is the library's text, not ours.
    known_english=(
        "image-broken-data|IDAT: invalid distance code"
    )
    # english_in FILE CASE: prints every English word found in FILE.
    english_in() {
        local file=$1 case_name=$2 k text
        text=$(sed -e 's/^.*: \(fel\|varning\|error\|warning\): //' -e 's/^trycksak: //' "$file")
        for k in "${known_english[@]}"; do
            [ "${k%%|*}" = "$case_name" ] && text=${text//"${k#*|}"/}
        done
        printf '%s\n' "$text" \
            | sed -e "s/'[^']*'//g" -e 's/”[^”]*”//g' -e 's/`[^`]*`//g' \
                  -e 's/\[[^]]*\]//g' -e 's/{[^}]*}//g' \
            | tr -s ' \t' '\n\n' | grep -v '[-/.0-9]' \
            | tr -c 'A-Za-z\n' '\n' | tr 'A-Z' 'a-z' | grep -v '^$' \
            | while IFS= read -r w; do
                  case "$english_words" in *[[:space:]]"$w"[[:space:]]*) echo "$w";; esac
              done | sort -u | tr '\n' ' '
    }
    if [ -z "${RUN_WRAPPER:-}" ]; then
        english_found=
        for d in tests/bad/*/; do
            [ -f "$d/expect" ] || continue
            name=$(basename "$d")
            in_swedish "$BIN" -o "$sv/sweep.pdf" "$d" >"$sv/sweep.out" 2>&1
            words=$(english_in "$sv/sweep.out" "$name")
            [ -n "$words" ] && english_found="$english_found$name: $words
$(cat "$sv/sweep.out")
"
        done
        [ -z "$english_found" ] && pass \
            || fail "swedish: English words in Swedish messages (translate whole phrases, see po/sv.po)" "$english_found"
    fi
    # The search finds English: in the English messages of a case.
    LC_ALL=C.UTF-8 "$BIN" -o "$sv/sweep.pdf" tests/bad/ini-bad-date >"$sv/sweep.out" 2>&1
    [ "$(english_in "$sv/sweep.out" ini-bad-date)" = "a error february has is not written " ] && pass \
        || fail "swedish: the English-word search misses English" "$(english_in "$sv/sweep.out" ini-bad-date)"

    in_swedish "$BIN" --help >"$sv/help" 2>&1
    grep -qF "Användning: trycksak [val] DOKUMENTMAPP" "$sv/help" && grep -qF -- "--watch" "$sv/help" && pass \
        || fail "swedish: --help is not Swedish" "$(head -n 5 "$sv/help")"
    in_swedish "$BIN" --frobnicate tests/e2e/swedish >/dev/null 2>"$sv/usage"
    rc=$?
    [ "$rc" -eq 2 ] && grep -qF "trycksak: fel: okänt val '--frobnicate'" "$sv/usage" && pass \
        || fail "swedish: usage error (exit $rc)" "$(cat "$sv/usage")"
    in_swedish "$BIN" -o "$sv/no/such/folder/x.pdf" tests/e2e/swedish >/dev/null 2>"$sv/write"
    grep -qF "kan inte skriva '$sv/no/such/folder/x.pdf': mappen finns inte" "$sv/write" && pass \
        || fail "swedish: a write error is not Swedish" "$(cat "$sv/write")"
    in_swedish "$BIN" -v -o "$sv/v.pdf" tests/e2e/swedish >/dev/null 2>"$sv/v"
    grep -qE 'v\.pdf: 1 sida, 0 tabeller, 0 diagram, [0-9]+ varningar?, [0-9]+,[0-9]{3} s$' "$sv/v" && pass \
        || fail "swedish: -v summary" "$(cat "$sv/v")"
    # Swedish messages do not change the PDF.
    "$BIN" -o "$sv/en.pdf" tests/e2e/swedish 2>/dev/null
    cmp -s "$sv/v.pdf" "$sv/en.pdf" && pass || fail "swedish: the PDF differs with LANG=sv_SE.UTF-8"
else
    fail "swedish: $SV_LOCALE_PROBLEM"
fi

# --- English otherwise -------------------------------------------------------------------
LC_ALL=C.UTF-8 "$BIN" -o "$sv/en-title.pdf" tests/bad/ini-missing-title >/dev/null 2>"$sv/en.err"
grep -qF "document.ini:1:1: error: [document] has no title; add \`title = …\`" "$sv/en.err" && pass \
    || fail "english: the message is not English with LC_ALL=C.UTF-8" "$(cat "$sv/en.err")"
env -u LC_ALL LANG=de_DE.UTF-8 "$BIN" --help 2>&1 | grep -qF "Usage: trycksak" && pass \
    || fail "english: --help is not English for a locale without a catalogue"
