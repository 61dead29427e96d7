# End-to-end checks, sourced by tests/run.sh (which defines BIN, TMP, ROOT,
# pass and fail): real PDFs checked with qpdf, pdffonts and pdftotext, the
# command line's exit statuses, atomic output and reproducibility.

e2e=$TMP/e2e
mkdir -p "$e2e"

# check_pdf NAME FILE [--print]: structurally sound, every font embedded
# and subset, and the PDF/A-2 rules tests/pdfa_check.py lists (with
# --print, the print variant's rules instead of the PDF/A claim).
check_pdf() {
    local name=$1 pdf=$2 out
    if ! out=$(qpdf --check "$pdf" 2>&1); then
        fail "$name: qpdf --check" "$out"
        return
    fi
    pass
    out=$(pdffonts "$pdf" 2>&1)
    # Columns: name type encoding emb sub uni object ID; the first two lines are headers.
    local bad
    bad=$(printf '%s\n' "$out" | awk 'NR > 2 { n = NF; if ($(n-4) != "yes" || $(n-3) != "yes" || $(n-2) != "yes") print }')
    if [ -z "$(printf '%s\n' "$out" | awk 'NR > 2')" ]; then
        fail "$name: pdffonts lists no fonts" "$out"
    elif [ -n "$bad" ]; then
        fail "$name: a font is not embedded, not subset or has no ToUnicode" "$out"
    else
        pass
    fi
    if out=$(/usr/bin/python3 tests/pdfa_check.py ${3:-} "$pdf" 2>&1); then pass; else fail "$name: tests/pdfa_check.py ${3:-}" "$out"; fi
}

# expect_text NAME FILE STRING: pdftotext finds STRING exactly.
expect_text() {
    if grep -qF -- "$3" "$2"; then pass; else fail "$1: text '$3' not found in the PDF" "$(head -c 2000 "$2")"; fi
}

# --- a known text comes back exactly -----------------------------------------
sw=$e2e/swedish.pdf
if "$BIN" -o "$sw" tests/e2e/swedish 2>"$e2e/swedish.err"; then
    pass
    check_pdf swedish "$sw"
    pdftotext -enc UTF-8 "$sw" "$e2e/swedish.txt"
    for s in "Åsa Öberg äter ärtsoppa" "på ön i Ängelholm" "Café Émile ligger vid ån." \
             "Hon sa ”hej” – och gick." "2023–2026" "−3 grader" \
             "Första punkten med ÅÄÖ" "Andra punkten med åäö" "1 (1)"; do
        expect_text swedish "$e2e/swedish.txt" "$s"
    done
    title=$(pdfinfo "$sw" 2>/dev/null | sed -n 's/^Title: *//p')
    [ "$title" = "Provdokument för textutvinning" ] && pass || fail "swedish: PDF title is '$title'"
else
    fail "swedish: trycksak failed" "$(cat "$e2e/swedish.err")"
fi

# --- identical input, identical bytes ------------------------------------------
if "$BIN" -o "$e2e/again.pdf" tests/e2e/swedish 2>/dev/null && cmp -s "$sw" "$e2e/again.pdf"; then
    pass
else
    fail "reproducible: two runs on the same input differ"
fi

# --- every sample typesets into a sound PDF --------------------------------------
for d in samples/*/; do
    [ -f "$d/document.ini" ] || continue
    name=$(basename "$d")
    if "$BIN" -q -o "$e2e/$name.pdf" "$d" 2>"$e2e/$name.err"; then
        pass
        check_pdf "sample $name" "$e2e/$name.pdf"
        pdftotext -enc UTF-8 "$e2e/$name.pdf" "$e2e/$name.txt"
        pages=$(pdfinfo "$e2e/$name.pdf" | sed -n 's/^Pages: *//p')
        # A one-page document numbers its page; longer ones have a cover
        # (page 1) that prints no number.
        if [ "$pages" -gt 1 ]; then
            expect_text "sample $name" "$e2e/$name.txt" "2 ($pages)"
        fi
        expect_text "sample $name" "$e2e/$name.txt" "$pages ($pages)"
    else
        fail "sample $name: trycksak failed" "$(cat "$e2e/$name.err")"
    fi
done

# --- the command line ---------------------------------------------------------------
# expect_status NAME STATUS ARGS...: trycksak exits with STATUS.
expect_status() {
    local name=$1 want=$2 got
    shift 2
    "$BIN" "$@" >"$e2e/cli.out" 2>"$e2e/cli.err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass; else fail "cli $name: exit $got, expected $want" "$(cat "$e2e/cli.err")"; fi
}
expect_status "--version" 0 --version
grep -q '^trycksak [0-9]' "$e2e/cli.out" && pass || fail "cli --version prints no version"
expect_status "--help" 0 --help
grep -q -- '--check' "$e2e/cli.out" && pass || fail "cli --help does not list --check"
expect_status "no folder" 2
expect_status "unknown option" 2 --frobnicate tests/e2e/swedish
grep -qF "unknown option '--frobnicate'" "$e2e/cli.err" && pass || fail "cli: unknown option not named" "$(cat "$e2e/cli.err")"
expect_status "two folders" 2 tests/e2e/swedish samples/minimal
expect_status "missing folder" 2 tests/no-such-folder
expect_status "-o without file" 2 tests/e2e/swedish -o
expect_status "--print with --check" 2 --print --check tests/e2e/swedish
expect_status "--check" 0 --check -o "$e2e/check.pdf" tests/e2e/swedish
[ -e "$e2e/check.pdf" ] && fail "cli --check wrote a PDF" || pass
expect_status "-v" 0 -v -o "$e2e/verbose.pdf" tests/e2e/swedish
grep -qE 'verbose\.pdf: 1 page, 0 tables, 0 charts, [0-9]+ warnings?, [0-9.]+ s' "$e2e/cli.err" && pass \
    || fail "cli -v summary" "$(cat "$e2e/cli.err")"
expect_status "-q" 0 -q -o "$e2e/quiet.pdf" tests/e2e/swedish
[ -s "$e2e/cli.err" ] && fail "cli -q printed something" "$(cat "$e2e/cli.err")" || pass
expect_status "--trace" 0 --trace tests/e2e/swedish
grep -q '^page 1 595.28 841.89$' "$e2e/cli.out" && pass || fail "cli --trace has no A4 page line" "$(head -n 5 "$e2e/cli.out")"

# Default output: ./NAME.pdf in the current folder.
mkdir -p "$e2e/cwd"
(cd "$e2e/cwd" && "$BIN" -q "$ROOT/tests/e2e/swedish/" 2>/dev/null)
[ -f "$e2e/cwd/swedish.pdf" ] && pass || fail "cli: default output ./swedish.pdf not written"

# A folder that cannot be written: exit 2, nothing left behind, nothing created.
expect_status "unwritable output" 2 -o "$e2e/no/such/folder/x.pdf" tests/e2e/swedish
[ -e "$e2e/no" ] && fail "cli: unwritable output created something" || pass

# Dates: SOURCE_DATE_EPOCH when set, else the document's date at 00:00 in
# Stockholm (2027-03-15 is winter time, UTC+1); never the clock.
SOURCE_DATE_EPOCH=nonsense "$BIN" -o "$e2e/sde.pdf" tests/e2e/swedish 2>"$e2e/sde.err"
rc=$?
[ "$rc" -eq 2 ] && grep -qF "SOURCE_DATE_EPOCH='nonsense' is not a number of seconds" "$e2e/sde.err" && [ ! -e "$e2e/sde.pdf" ] \
    && pass || fail "SOURCE_DATE_EPOCH=nonsense: exit $rc" "$(cat "$e2e/sde.err")"
env -u SOURCE_DATE_EPOCH "$BIN" -o "$e2e/dated.pdf" tests/e2e/swedish 2>/dev/null
created=$(/usr/bin/python3 -c 'import sys, pikepdf; print(str(pikepdf.open(sys.argv[1]).docinfo["/CreationDate"]))' "$e2e/dated.pdf" 2>&1)
case "$created" in
    D:20270314230000*) pass ;;
    *) fail "creation date from document.ini: got '$created', expected D:20270314230000 (2027-03-15 00:00 in Stockholm)" ;;
esac

# --- trycksak new: a document folder from a template -------------------------------
# Each template typesets at once, with no warnings, and its date is the
# day of SOURCE_DATE_EPOCH (2026-03-15, set by run.sh).
for layout in bokslut strategi tjansteskrivelse; do
    nd=$e2e/new-$layout
    if "$BIN" new "$nd" --layout "$layout" >"$e2e/new.out" 2>"$e2e/new.err"; then
        pass
        grep -qE "^layout *= *$layout( |$)" "$nd/document.ini" && pass || fail "new $layout: document.ini does not name the layout"
        grep -qE '^date *= *2026-03-15( |$)' "$nd/document.ini" && pass || fail "new $layout: date is not SOURCE_DATE_EPOCH's day" "$(grep '^date' "$nd/document.ini")"
        ls "$nd"/data/*.csv "$nd"/charts/*.chart >/dev/null 2>&1 && pass || fail "new $layout: no example CSV or chart"
        if "$BIN" -o "$e2e/new-$layout.pdf" "$nd" 2>"$e2e/new.err"; then
            pass
            [ -s "$e2e/new.err" ] && fail "new $layout: typesetting printed warnings" "$(cat "$e2e/new.err")" || pass
            check_pdf "new $layout" "$e2e/new-$layout.pdf"
            pdftotext -enc UTF-8 "$e2e/new-$layout.pdf" "$e2e/new-$layout.txt"
            expect_text "new $layout" "$e2e/new-$layout.txt" "exempelsiffror"
        else
            fail "new $layout: the new folder does not typeset" "$(cat "$e2e/new.err")"
        fi
    else
        fail "new --layout $layout failed" "$(cat "$e2e/new.err")"
    fi
done
expect_status "new, default layout" 0 new "$e2e/new-default"
grep -qE '^layout *= *bokslut( |$)' "$e2e/new-default/document.ini" && pass || fail "new: the default layout is not bokslut"
grep -qF "trycksak $e2e/new-default" "$e2e/cli.out" && pass || fail "new: does not say how to typeset the folder" "$(cat "$e2e/cli.out")"

# Never into a folder that holds something: exit 2, a message, nothing changed.
sum=$(cat "$e2e/new-bokslut/document.ini" | cksum)
expect_status "new into a non-empty folder" 2 new "$e2e/new-bokslut" --layout strategi
grep -qF "the folder '$e2e/new-bokslut' already exists and is not empty" "$e2e/cli.err" && pass \
    || fail "new: non-empty folder not explained" "$(cat "$e2e/cli.err")"
[ "$(cat "$e2e/new-bokslut/document.ini" | cksum)" = "$sum" ] && pass || fail "new: a non-empty folder was changed"
touch "$e2e/new-file"
expect_status "new onto a file" 2 new "$e2e/new-file"
# An empty folder is fine (the author may have made it first).
mkdir -p "$e2e/new-empty"
expect_status "new into an empty folder" 0 new "$e2e/new-empty/" --layout=strategi
[ -f "$e2e/new-empty/document.ini" ] && pass || fail "new: empty folder not filled"

# An unknown layout names the ones there are; nothing is created.
expect_status "new --layout rapport" 2 new "$e2e/new-x" --layout rapport
grep -qF "there is no template for the layout 'rapport'; choose one of: bokslut, strategi, tjansteskrivelse" "$e2e/cli.err" \
    && pass || fail "new: unknown layout message" "$(cat "$e2e/cli.err")"
[ -e "$e2e/new-x" ] && fail "new: an unknown layout created the folder" || pass
expect_status "new --layout ../x" 2 new "$e2e/new-x" --layout ../bokslut
expect_status "new without a folder" 2 new
expect_status "new with two folders" 2 new "$e2e/new-y" "$e2e/new-z"
expect_status "new with a missing parent" 2 new "$e2e/no/such/new"
expect_status "new --layout without a name" 2 new "$e2e/new-y" --layout
expect_status "new ." 2 new .
ls -a "$e2e" | grep -q '\.new-' && fail "new: a temporary folder was left behind" "$(ls -a "$e2e")" || pass
expect_status "new --help" 0 new --help
grep -qF -- "--layout" "$e2e/cli.out" && pass || fail "new --help does not mention --layout"

# --- the manual page ---------------------------------------------------------------
# groff warns about unknown macros, bad escapes and bad arguments.
out=$(groff -man -Tutf8 -ww -z man/trycksak.1.in 2>&1)
[ -z "$out" ] && pass || fail "man/trycksak.1.in: groff warnings" "$out"
LC_ALL=C.UTF-8 groff -man -Tutf8 man/trycksak.1.in 2>/dev/null | grep -q 'trycksak new' && pass || fail "man/trycksak.1.in does not render"

# --- make install / make uninstall into a staging folder -----------------------------
# The binary this suite tests, so the run under the sanitizers installs its own.
case "$BIN" in
    "$ROOT"/trycksak) build=build ;;
    *) build=$(dirname "${BIN#"$ROOT"/}") ;;
esac
stage=$e2e/stage
if out=$(make -s --no-print-directory install DESTDIR="$stage" PREFIX=/usr/local BUILD="$build" 2>&1); then
    pass
    data=$stage/usr/local/share/trycksak
    for f in bin/trycksak share/man/man1/trycksak.1 share/doc/trycksak/skrivguide.md \
             share/trycksak/layouts/bokslut.layout share/trycksak/fonts/OpenSans-Regular.ttf \
             share/trycksak/templates/tjansteskrivelse/document.ini; do
        [ -f "$stage/usr/local/$f" ] && pass || fail "make install: $f missing"
    done
    if TRYCKSAK_DATA=$data "$stage/usr/local/bin/trycksak" new "$e2e/inst-doc" >/dev/null 2>"$e2e/inst.err" &&
       TRYCKSAK_DATA=$data "$stage/usr/local/bin/trycksak" -o "$e2e/inst.pdf" "$e2e/inst-doc" 2>>"$e2e/inst.err"; then
        pass
    else
        fail "make install: the installed data does not start and typeset a document" "$(cat "$e2e/inst.err")"
    fi
    # A licensed font the user added must survive uninstall.
    printf 'licensed\n' >"$data/fonts/Licensed.ttf"
    if out=$(make -s --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr/local BUILD="$build" 2>&1); then pass; else fail "make uninstall" "$out"; fi
    left=$(cd "$stage" && find . -type f ! -name Licensed.ttf | sort)
    [ -z "$left" ] && pass || fail "make uninstall left files behind" "$left"
    [ -f "$data/fonts/Licensed.ttf" ] && pass || fail "make uninstall removed a font the user added"
    rm -f "$data/fonts/Licensed.ttf"
    make -s --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr/local BUILD="$build" >/dev/null 2>&1
    [ ! -e "$data" ] && [ ! -e "$stage/usr/local/share/doc/trycksak" ] && pass \
        || fail "make uninstall left trycksak's folders" "$(cd "$stage" && find . | sort)"
else
    fail "make install DESTDIR=…" "$out"
fi

# --- charts are text: titles, tick labels, legend entries, source notes ------------
ct=$e2e/trygghetsbokslut-2026.txt
if [ -f "$ct" ]; then
    for s in "Anmälda klotterärenden på kommunal mark per år" \
             "Svårt skadade i trafiken i Malmö per år" "Skjutningar i Malmö 2018–2022" \
             "Med trygghetsbedömning" "Varav med dödlig utgång" "Mål 2026" \
             "Beskärning av växtlighet" "Källa: Polisen, via malmo.se" \
             "Källa: Fastighets- och gatukontoret, exempelsiffror" \
             "Figur 5. Skjutningar i Malmö"; do
        expect_text "sample charts" "$ct" "$s"
    done
    # a tick label with a digit group, its narrow no-break space extracted as
    # either that space or a plain one
    if grep -qF -e $'15\u202f000' -e '15 000' "$ct"; then pass; else fail "sample charts: tick label '15 000' not found"; fi
else
    fail "sample charts: no text of samples/trygghetsbokslut-2026"
fi

# --- FIFOs where files are expected: refused at once, never read -----------------
# (A FIFO cannot be committed, so these folders are made here.) Each run
# has a time limit: a reader that opened the FIFO would wait for a writer.
fifo_case() {   # fifo_case NAME FILE EXPECTED-MESSAGE
    local name=$1 file=$2 want=$3 d=$e2e/fifo-$1 rc
    mkdir -p "$d/text" "$d/data"
    printf '[document]\ntitle = FIFO\ndate = 2027-03-15\n[contents]\ntext = text/01.md\n' >"$d/document.ini"
    printf '# Rubrik\n\n```table\ndata = ../data/a.csv\ncaption = Tabell\n```\n' >"$d/text/01.md"
    printf 'År;Antal\n2025;1\n' >"$d/data/a.csv"
    rm -f "$d/$file"
    mkfifo "$d/$file"
    (cd "$d" && timeout 10 "$BIN" -o out.pdf . >stdout 2>stderr)
    rc=$?
    if [ "$rc" -eq 1 ] && grep -qF -- "$want" "$d/stderr" && [ ! -e "$d/out.pdf" ]; then
        pass
    else
        fail "fifo $name: exit $rc (expected 1 and: $want)" "$(cat "$d/stderr")"
    fi
}
if command -v mkfifo >/dev/null; then
    fifo_case text text/01.md "document.ini:5:8: error: text file 'text/01.md' is not a regular file"
    fifo_case data data/a.csv "text/01.md:4:8: error: data file '../data/a.csv' is not a file"
    fifo_case ini document.ini "document.ini: error: 'document.ini' is not a regular file"
fi

# --- PDF/A: the checker catches what it claims to -----------------------------------
# Each broken copy of a good PDF must fail tests/pdfa_check.py with its clause.
/usr/bin/python3 - "$sw" "$e2e" <<'PY' 2>"$e2e/break.err" || fail "pdfa: could not make broken copies" "$(cat "$e2e/break.err")"
import sys, pikepdf
src, out = sys.argv[1], sys.argv[2]
def broken(name, fn):
    with pikepdf.open(src) as p:
        fn(p)
        p.save(f"{out}/broken-{name}.pdf", static_id=True)
def no_print_flag(p):
    p.pages[0].obj.Annots = p.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10])]))
def wrong_width(p):
    fonts = p.pages[0].Resources.Font
    for key in fonts.keys():
        w = fonts[key].DescendantFonts[0].W
        w[1][0] = 100
def title_differs(p):
    p.docinfo["/Title"] = "Another title"
def no_intent(p):
    del p.Root["/OutputIntents"]
def javascript(p):
    p.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
for name, fn in [("6.3.2", no_print_flag), ("6.2.11.5", wrong_width), ("6.6", title_differs),
                 ("6.2.3", no_intent), ("6.5.1", javascript)]:
    broken(name, fn)
PY
for clause in 6.3.2 6.2.11.5 6.6 6.2.3 6.5.1; do
    out=$(/usr/bin/python3 tests/pdfa_check.py "$e2e/broken-$clause.pdf" 2>&1)
    if [ $? -ne 0 ] && printf '%s\n' "$out" | grep -q ": $clause: "; then pass; else fail "pdfa: a file breaking $clause passed the checker" "$out"; fi
done

# --- one word changed, a different /ID ------------------------------------------------
cp -r tests/e2e/swedish "$e2e/changed"
sed -i '0,/Åsa/s//Åse/' "$e2e/changed"/text/*.md
"$BIN" -o "$e2e/changed.pdf" "$e2e/changed" 2>/dev/null
id_of() { /usr/bin/python3 -c 'import sys, pikepdf; print(bytes(pikepdf.open(sys.argv[1]).trailer.ID[0]).hex())' "$1" 2>&1; }
id1=$(id_of "$sw"); id2=$(id_of "$e2e/changed.pdf")
[ -n "$id1" ] && [ "$id1" != "$id2" ] && pass || fail "/ID: unchanged ($id1) after changing one word"

# --- --print: trim, bleed, crop marks, CMYK --------------------------------------------
for d in tests/e2e/swedish samples/*/; do
    [ -f "$d/document.ini" ] || continue
    name=$(basename "$d")
    pr=$e2e/print-$name.pdf
    if ! "$BIN" -q --print -o "$pr" "$d" 2>"$e2e/print.err"; then
        fail "print $name: trycksak --print failed" "$(cat "$e2e/print.err")"
        continue
    fi
    pass
    check_pdf "print $name" "$pr" --print
    boxes=$(pdfinfo -box -f 1 -l 1 "$pr")
    # Slug 12 mm (34.02 pt) around the trimmed A4 page; bleed 3 mm (8.50 pt).
    printf '%s\n' "$boxes" | grep -qE '^Page +1 TrimBox: +34\.02 +34\.02 +629\.29 +875\.91$' \
        && printf '%s\n' "$boxes" | grep -qE '^Page +1 BleedBox: +25\.51 +25\.51 +637\.80 +884\.41$' \
        && printf '%s\n' "$boxes" | grep -qE '^Page +1 MediaBox: +0\.00 +0\.00 +663\.31 +909\.92$' \
        && pass || fail "print $name: boxes are not A4 trimmed with 3 mm bleed" "$boxes"
    qpdf --qdf --object-streams=disable "$pr" "$e2e/print-q.pdf"
    if grep -aqE ' (rg|RG|g|G)$' "$e2e/print-q.pdf"; then
        fail "print $name: an RGB or grey colour operator" "$(grep -aE ' (rg|RG|g|G)$' "$e2e/print-q.pdf" | head -n 3)"
    elif ! grep -aq '^1 1 1 1 K$' "$e2e/print-q.pdf"; then
        fail "print $name: no crop marks in registration colour"
    else
        pass
    fi
done
pdftoppm -r 20 -png -f 1 -l 1 "$e2e/print-swedish.pdf" "$e2e/print-page" 2>/dev/null \
    && [ -s "$e2e/print-page-1.png" ] && pass || fail "print: page 1 does not render"

# --- a full device: exit 2, a clear message, the device untouched ----------------------
# Through a symlink, so that even a regression cannot replace /dev/full itself.
ln -s /dev/full "$e2e/full.pdf"
expect_status "full device" 2 -o "$e2e/full.pdf" tests/e2e/swedish
grep -qF "cannot write '$e2e/full.pdf': the disk is full" "$e2e/cli.err" && [ -L "$e2e/full.pdf" ] \
    && ! ls "$e2e" | grep -q '^full\.pdf\.' && pass || fail "full device: no clear message, or a file left behind" "$(cat "$e2e/cli.err")"

# --- a write error leaves no partial PDF ----------------------------------------
# The file size limit stands in for a full disk: write() fails (SIGXFSZ
# ignored), the temporary is removed and the earlier PDF stays.
mkdir -p "$e2e/full"
printf 'an earlier good PDF\n' >"$e2e/full/kept.pdf"
(trap '' XFSZ; ulimit -f 8; "$BIN" -q -o "$e2e/full/kept.pdf" tests/e2e/swedish) 2>"$e2e/full.err"
rc=$?
if [ "$rc" -eq 2 ] && grep -qF "cannot write '$e2e/full/kept.pdf'" "$e2e/full.err" \
    && [ "$(cat "$e2e/full/kept.pdf")" = "an earlier good PDF" ] && [ "$(ls "$e2e/full")" = kept.pdf ]; then
    pass
else
    fail "write error: exit $rc, or a partial PDF was left: $(ls "$e2e/full" | tr '\n' ' ')" "$(cat "$e2e/full.err")"
fi

# A code block wider in all than 32 767 pt (150 lines of 60 characters, found
# by fuzzing): its widths are summed without overflow (UBSan checks this in
# the sanitizer run of the suite).
wide=$e2e/wide-code
mkdir -p "$wide/text"
printf '[document]\nlayout = malmo-stad\ntitle = Kod\ndate = 2027-03-15\n[contents]\ntext = text/01.md\n' >"$wide/document.ini"
{ echo '# Kod'; echo; echo '```'; for i in $(seq 150); do printf '%060d\n' "$i"; done; echo '```'; } >"$wide/text/01.md"
if "$BIN" -q --check "$wide" 2>"$e2e/wide.err"; then pass; else fail "a wide code block" "$(cat "$e2e/wide.err")"; fi
