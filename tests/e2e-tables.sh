# Tables, computed from the layout result (sourced by tests/run.sh, which
# defines BIN, TMP, pass and fail).

# tests/check_tables.py: every table block's cells equal its CSV file's,
# a row taller than a page split with no line lost or doubled, the header
# and "Tabell N (forts.)" on every page a table continues on, and each
# footnote referenced from a cell at the foot of the row's page.
for d in tests/golden/table-*/ tests/golden/tables-*/ samples/*/; do
    [ -f "$d/document.ini" ] || continue
    if out=$(/usr/bin/python3 tests/check_tables.py "$BIN" "$d" 2>&1); then
        pass
    else
        fail "tables $d" "$out"
    fi
done
# the notes of table-notes come from cells, on two different pages
if out=$(/usr/bin/python3 tests/check_tables.py "$BIN" tests/golden/table-notes 2>&1) &&
   printf '%s\n' "$out" | grep -q '2 notes from cells; 0 problems'; then
    pass
else
    fail "tables: table-notes has no notes from cells" "$out"
fi

# [words]: a layout that names the indicator table's words otherwise is
# printed with them, and the built-in Swedish ones are gone
tw=$TMP/table-words
mkdir -p "$tw/text" "$tw/data"
cp tests/golden/tables-utf8-bom/data/nyckeltal.csv samples/trygghetsbokslut-2026/data/renhallning.csv "$tw/data/"
printf '[document]\nlayout = egen.layout\ntitle = Ord\ndate = 2027-03-15\nstatus = final\n[contents]\ntext = text/01.md\n' >"$tw/document.ini"
printf '# Ord\n\n```indicators\ndata = ../data/nyckeltal.csv\ncaption = Nyckeltal\n```\n\n```indicators\ndata = ../data/renhallning.csv\ncaption = Renhållning\n```\n' >"$tw/text/01.md"
cat >"$tw/egen.layout" <<'LAYOUT'
inherit = malmo-stad
[words]
status = Läge
trend = Riktning framåt
status-met = Nått
status-progress = Närmar sig
status-not-met = Inte nått
status-unknown = Går ej att säga
trend-better = Bättre
trend-same = Samma
trend-worse = Sämre
assessed = enligt förvaltningens bedömning
assessed-note = Läget är bedömt, inte räknat.
all-rows = varje rad
LAYOUT
if "$BIN" --trace "$tw" >"$tw/trace" 2>"$tw/err"; then
    why=""
    # (words of two or more may wrap in their narrow column: their first)
    for w in '"Läge"' '"Riktning' '"Nått"' '"Närmar' '"Inte' '"Går ej' \
             '"Bättre"' '"Samma"' '"Sämre"' 'actual="Närmar sig (enligt förvaltningens bedömning)"' \
             'Läget är bedömt, inte räknat.' 'Källa (varje rad)'; do
        grep -qF -- "$w" "$tw/trace" || why="$why; $w missing"
    done
    for w in '"Status"' '"Trend"' 'Uppnått' 'På väg' 'Förbättrad' 'Försämrad' \
             'bedömd av förvaltningen' 'alla rader'; do
        grep -qF -- "$w" "$tw/trace" && why="$why; the default $w is still printed"
    done
    if [ -z "$why" ]; then pass; else fail "tables: [words] of indicator tables:${why#;}"; fi
else
    fail "tables: a layout with its own [words]" "$(cat "$tw/err")"
fi

# A table longer than the rows weighed for its widths (400): its rows
# after them are counted from each cell's width on one line, and set
# again from their cells when their page is drawn. Cells that wrap there
# (a long text, a word that must be hyphenated, line ends of the cell's
# own) must get the height their lines take and print every line once.
lr=$TMP/long-rows
mkdir -p "$lr/text" "$lr/data"
printf '[document]\nlayout = bokslut\ntitle = Långa rader\ndate = 2027-03-15\nstatus = final\n[contents]\ntext = text/01.md\n' \
    >"$lr/document.ini"
printf '# Rader\n\n```table\ndata    = ../data/rader.csv\ncaption = Rader efter de vägda\nsource  = Exempeluppgifter\n```\n' \
    >"$lr/text/01.md"
awk 'BEGIN {
    print "Nr;Beskrivning;Antal"
    for (i = 1; i <= 470; i++) {
        d = "Kort"
        if (i % 23 == 0) d = "Trygghetsvandringar med boende och fastighetsägare i stadsdelen, med uppföljning av åtgärderna året därpå och en redovisning för nämnden"
        if (i % 31 == 0) d = "Hastighetsefterlevnadsmätningarnasammanställning"
        if (i % 37 == 0) d = "\"Första raden\nandra raden\ntredje\""
        printf "%d;%s;%d\n", i, d, (i * 7919) % 20000
    }
}' >"$lr/data/rader.csv"
if out=$(/usr/bin/python3 tests/check_tables.py "$BIN" "$lr" 2>&1) &&
   out2=$(/usr/bin/python3 tests/check_boxes.py "$BIN" "$lr" 2>&1); then
    pass
else
    fail "tables: the rows of a table after the 400 weighed" "$out ${out2:-}"
fi

# A table whose first header cell is empty (the label column of a
# spreadsheet often is): its cell has no text to measure. Under UBSan
# (make asan) copying its empty list once passed a null pointer to
# memcpy; found by fuzzing the chart reader, whose data appendix made
# such a table (tests/fuzz/regressions/chart-empty-first-header-cell).
eh=$TMP/empty-header
mkdir -p "$eh/text" "$eh/data"
printf '[document]\nlayout = bokslut\ntitle = Tom rubrik\ndate = 2027-03-15\nstatus = final\n[contents]\ntext = text/01.md\n' \
    >"$eh/document.ini"
printf '# Tom\n\n```table\ndata    = ../data/t.csv\ncaption = Tom första rubrik\n```\n' >"$eh/text/01.md"
printf ';År 2025;År 2026\nTrygghet;1;2\n' >"$eh/data/t.csv"
if out=$(/usr/bin/python3 tests/check_tables.py "$BIN" "$eh" 2>&1); then
    pass
else
    fail "tables: a table whose first header cell is empty" "$out"
fi
