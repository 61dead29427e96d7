# Tagged PDF (sourced by tests/run.sh, which defines BIN, TMP, UPDATE, pass
# and fail): every sample is tagged, its headings in structure order are
# its outline, poppler reads its structure tree as its golden file
# tests/golden-struct/SAMPLE.txt says (`make golden-update` rewrites them),
# pdf.js reads the same tree as pikepdf and poppler (tests/check_struct.py);
# a word hyphenated at a line end extracts whole; and each "Tagged" rule of
# tests/pdfa_check.py and each check of tests/check_struct.py fails on a
# copy of a good PDF broken on purpose.
tg=$TMP/tagged
mkdir -p "$tg"

for d in samples/*/; do
    [ -f "$d/document.ini" ] || continue
    name=$(basename "$d")
    pdf=$tg/$name.pdf
    if ! "$BIN" -o "$pdf" "$d" >/dev/null 2>"$tg/$name.err"; then
        fail "tagged $name: trycksak failed" "$(cat "$tg/$name.err")"
        continue
    fi
    if pdfinfo "$pdf" | grep -q '^Tagged: *yes'; then pass; else fail "tagged $name: pdfinfo does not say Tagged: yes"; fi
    if out=$(pdfinfo -struct-text "$pdf" 2>&1) && printf '%s\n' "$out" | grep -q '^Document'; then
        pass
    else
        fail "tagged $name: pdfinfo -struct-text shows no Document" "$out"
    fi
    # poppler's reading of the structure tree, element by element, with the
    # text of each marked-content sequence, is the golden one
    golden=tests/golden-struct/$name.txt
    pdfinfo -struct-text "$pdf" >"$tg/$name.struct.txt" 2>&1
    if [ "$UPDATE" = --update-golden ]; then
        mkdir -p tests/golden-struct
        cp "$tg/$name.struct.txt" "$golden"
        echo "updated $golden"
        pass
    elif [ ! -f "$golden" ]; then
        fail "tagged $name: $golden is missing (make golden-update)"
    elif diff -u "$golden" "$tg/$name.struct.txt" >"$tg/$name.struct.diff"; then
        pass
    else
        fail "tagged $name: pdfinfo -struct-text differs from $golden" "$(cat "$tg/$name.struct.diff")"
    fi
    # pdf.js reads the tree pikepdf and poppler read: headings, lists,
    # tables with header cells, figures with alt text, in reading order
    if [ ! -f tests/pdfjs/node_modules/pdfjs-dist/package.json ]; then
        fail "tagged $name: pdf.js is not installed (make deps, or npm ci --prefix tests/pdfjs)"
    elif out=$(/usr/bin/python3 tests/check_struct.py "$pdf" "$tg/$name.struct.txt" 2>&1); then
        pass
    else
        fail "tagged $name: pdf.js, poppler and pikepdf read the structure differently" "$out"
    fi
    # the headings H1-H6 in structure order are the outline, entry for entry
    out=$(/usr/bin/python3 - "$pdf" <<'PY' 2>&1
import re, sys, pikepdf
p = pikepdf.open(sys.argv[1])
def walk(e, heads):
    if re.fullmatch(r"H[1-6]", str(e.get("/S", ""))[1:]):
        heads.append(e)
    k = e.get("/K")
    for c in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
        if isinstance(c, pikepdf.Dictionary) and "/S" in c:
            walk(c, heads)
heads = []
walk(p.Root.StructTreeRoot.K, heads)
# the contents page's own heading (Innehåll) is no bookmark
body = [int(str(h.S)[2]) for h in heads if str(h.P.get("/S")) != "/TOC"]
outline = []
with p.open_outline() as o:
    def visit(items, level):
        for t in items:
            outline.append(level)
            visit(t.children, level + 1)
    visit(o.root, 1)
if body != outline:
    print(f"heading levels {body}, bookmark levels {outline}")
    sys.exit(1)
PY
    ) && pass || fail "tagged $name: the headings are not the outline" "$out"
done

# A word hyphenated at a line end reads whole (its parts carry ActualText).
"$BIN" -o "$tg/hard.pdf" tests/golden/hard-paragraphs >/dev/null 2>&1
out=$(pdftotext "$tg/hard.pdf" - 2>&1)
if printf '%s\n' "$out" | grep -q 'trygghetsvärdarna' && ! printf '%s\n' "$out" | grep -q 'trygghetsvärdar-'; then
    pass
else
    fail "tagged: the hyphenated 'trygghetsvärdarna' does not extract whole" "$(printf '%s\n' "$out" | head -n 20)"
fi
if out=$(/usr/bin/python3 tests/pdfa_check.py "$tg/hard.pdf" 2>&1); then pass; else fail "tagged hard-paragraphs: tests/pdfa_check.py" "$out"; fi

# Each rule can fail: a broken copy of the bokslut for each.
good=$tg/trygghetsbokslut-2026.pdf
if [ -f "$good" ]; then
    /usr/bin/python3 - "$good" "$tg" <<'PY' 2>"$tg/break.err" || fail "tagged: could not make broken copies" "$(cat "$tg/break.err")"
import re, sys, pikepdf
from pikepdf import Name, Dictionary, Array
src, out = sys.argv[1], sys.argv[2]
def elems(p):
    res = []
    def walk(e):
        res.append(e)
        k = e.get("/K")
        for c in (k if isinstance(k, Array) else [k] if k is not None else []):
            if isinstance(c, Dictionary) and "/S" in c:
                walk(c)
    walk(p.Root.StructTreeRoot.K)
    return res
def first(p, role):
    return next(e for e in elems(p) if e.S == Name("/" + role))
def broken(rule, fn):
    with pikepdf.open(src) as p:
        fn(p)
        p.save(f"{out}/broken-{rule}.pdf", static_id=True)
def paint_outside(p):
    page = p.pages[1]
    page.contents_add(p.make_stream(b"0 0 1 1 re f\n"), prepend=False)
def no_struct_parents(p):
    del p.pages[1].obj["/StructParents"]
def no_markinfo(p):
    del p.Root["/MarkInfo"]
def odd_type(p):
    first(p, "P").S = Name("/Paragraph")
def li_outside_l(p):
    first(p, "L").S = Name("/Div")
def figure_no_alt(p):
    del first(p, "Figure")["/Alt"]
def table_no_th(p):
    for e in elems(p):
        if e.S == Name.TH:
            e.S = Name.TD
def heading_skip(p):
    first(p, "H2").S = Name.H4
def note_no_id(p):
    del first(p, "Note")["/ID"]
def note_same_id(p):
    notes = [e for e in elems(p) if e.S == Name.Note]
    notes[1].ID = notes[0].ID
def note_no_idtree(p):
    del p.Root.StructTreeRoot["/IDTree"]
def note_no_ref(p):
    for e in elems(p):
        if e.S == Name.Reference and "/Ref" in e:
            del e["/Ref"]
            break
def no_lang(p):
    del p.Root["/Lang"]
def no_display_title(p):
    p.Root.ViewerPreferences.DisplayDocTitle = False
def no_pdfuaid(p):
    m = p.Root.Metadata
    m.write(re.sub(rb"<pdfuaid:part>1</pdfuaid:part>", b"", m.read_bytes()))
def no_tabs(p):
    del p.pages[0].obj["/Tabs"]
def annot_untagged(p):
    for page in p.pages:
        for a in page.obj.get("/Annots", []):
            del a["/StructParent"]
def no_unicode(p):
    fonts = p.pages[1].Resources.Font
    font = fonts[next(iter(fonts.keys()))]
    font.ToUnicode.write(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                         b"1 begincodespacerange <0000> <FFFF> endcodespacerange endcmap "
                         b"end end")
def lbody_div(p):
    first(p, "LBody").S = Name.Div
def level_b(p):
    m = p.Root.Metadata
    m.write(m.read_bytes().replace(b"<pdfaid:conformance>A<", b"<pdfaid:conformance>B<"))
rules = {"ua-content": paint_outside, "ua-mcid": no_struct_parents, "ua-mark": no_markinfo,
         "ua-root": odd_type, "ua-nest": li_outside_l, "ua-figure": figure_no_alt,
         "ua-table": table_no_th, "ua-heading": heading_skip, "ua-note": note_no_id,
         "ua-lang": no_lang, "ua-title": no_display_title, "ua-id": no_pdfuaid,
         "ua-tabs": no_tabs, "ua-annot": annot_untagged, "ua-unicode": no_unicode,
         "6.6.4": level_b, "struct-list": lbody_div,
         "ua-note-same": note_same_id, "ua-note-tree": note_no_idtree,
         "ua-note-ref": note_no_ref}
for rule, fn in rules.items():
    broken(rule, fn)
PY
    for rule in ua-content ua-mcid ua-mark ua-root ua-nest ua-figure ua-table ua-heading \
                ua-note ua-lang ua-title ua-id ua-tabs ua-annot ua-unicode 6.6.4; do
        out=$(/usr/bin/python3 tests/pdfa_check.py "$tg/broken-$rule.pdf" 2>&1)
        if [ $? -ne 0 ] && printf '%s\n' "$out" | grep -q ": $rule: "; then
            pass
        else
            fail "tagged: a file breaking $rule passed the checker" "$out"
        fi
    done
    # ua-note, three more ways: two Notes with one /ID, no IDTree, a
    # numbered Note no Reference refers to
    for broken in ua-note-same ua-note-tree ua-note-ref; do
        out=$(/usr/bin/python3 tests/pdfa_check.py "$tg/broken-$broken.pdf" 2>&1)
        if [ $? -ne 0 ] && printf '%s\n' "$out" | grep -q ": ua-note: "; then
            pass
        else
            fail "tagged: a file breaking ua-note ($broken) passed the checker" "$out"
        fi
    done
fi

# Each check of tests/check_struct.py can fail: on the broken copies above
# where the structure itself is wrong, and where the readers disagree, a
# `node` first on PATH that changes what pdf.js printed.
if [ -f "$good" ] && [ -f tests/pdfjs/node_modules/pdfjs-dist/package.json ]; then
    real_node=$(command -v node)
    fake_node() {   # $1 a folder, $2 a sed script applied to struct.mjs's output
        mkdir -p "$1"
        printf '#!/bin/bash\n%q "$@" | sed -e %q\n' "$real_node" "$2" >"$1/node"
        chmod +x "$1/node"
    }
    fake_node "$tg/node-th" '0,/^\( *\)TH$/s//\1TD/'
    fake_node "$tg/node-text" '0,/^\( *mc [^ ]* ".*\)å/s//\1a/'
    for c in "pdfjs-figure broken-ua-figure" "pdfjs-table broken-ua-table" \
             "pdfjs-heading broken-ua-heading" "pdfjs-list broken-struct-list" \
             "pdfjs-pages trygghetsbokslut-2026 node-th" \
             "pdfjs-poppler trygghetsbokslut-2026 node-text"; do
        set -- $c
        path=$PATH
        [ -n "${3:-}" ] && path=$tg/$3:$PATH
        # poppler's reading of the good file is given (pdfinfo takes
        # seconds): the check looked for does not read poppler's output,
        # but for pdfjs-poppler, whose file is the good one
        out=$(PATH=$path /usr/bin/python3 tests/check_struct.py "$tg/$2.pdf" \
              "$tg/trygghetsbokslut-2026.struct.txt" 2>&1)
        if [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q ": $1: "; then
            pass
        else
            fail "tagged: tests/check_struct.py passed $2${3:+ read by $3}, which breaks $1" "$out"
        fi
    done
fi

# Tables: the header row in THead, the other rows in TBody; an assessed
# status ("Uppnått*") reads as its words, not as an asterisk.
if [ -f "$good" ]; then
    out=$(/usr/bin/python3 - "$good" <<'PY' 2>&1
import sys, pikepdf
from pikepdf import Name, Dictionary, Array
p = pikepdf.open(sys.argv[1])
def kids(e):
    k = e.get("/K")
    return [c for c in (k if isinstance(k, Array) else [k] if k is not None else [])
            if isinstance(c, Dictionary) and "/S" in c]
tables, assessed, bad = 0, 0, []
def walk(e):
    global tables, assessed
    if e.S == Name.Table:
        tables += 1
        rows = [k for k in kids(e) if k.S != Name.Caption]
        parts = [str(k.S) for k in rows]
        if parts != ["/THead", "/TBody"]:
            bad.append(f"a Table holds {parts}")
        elif len(kids(rows[0])) != 1:
            bad.append("a THead holds more than the header row")
    if e.S == Name.TD and "/ActualText" in e:
        assessed += 1
        if "bedömd" not in str(e.ActualText):
            bad.append(f"TD ActualText {e.ActualText}")
    for k in kids(e):
        walk(k)
walk(p.Root.StructTreeRoot.K)
if not tables or not assessed:
    bad.append(f"{tables} tables, {assessed} assessed statuses")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
)
    if [ $? -eq 0 ]; then pass; else fail "tagged: tables in THead/TBody" "$out"; fi
fi

# The legend under an indicator table explains the assessed mark ("* Status
# bedömd av förvaltningen, …"); it reads without the mark, which would be
# read aloud as "asterisk": a Span with the sentence alone as ActualText.
if [ -f "$good" ]; then
    out=$(/usr/bin/python3 - "$good" <<'PY' 2>&1
import sys, pikepdf
from pikepdf import Name, Dictionary, Array
p = pikepdf.open(sys.argv[1])
found = []
def walk(e):
    if e.get("/S") == Name.Span and "bedömd av förvaltningen, inte" in str(e.get("/ActualText", "")):
        found.append(str(e.ActualText))
    k = e.get("/K")
    for c in (k if isinstance(k, Array) else [k] if k is not None else []):
        if isinstance(c, Dictionary) and "/S" in c:
            walk(c)
walk(p.Root.StructTreeRoot.K)
bad = [t for t in found if "*" in t]
if not found or bad:
    print(f"legends read as {found}")
    sys.exit(1)
PY
)
    text=$(pdftotext "$good" - 2>&1)
    if [ -z "$out" ] && printf '%s\n' "$text" | grep -q 'Status bedömd av förvaltningen' &&
       ! printf '%s\n' "$text" | grep -q '\* Status bedömd'; then
        pass
    else
        fail "tagged: the legend's '*' is read aloud" "$out$(printf '%s\n' "$text" | grep 'Status bedömd')"
    fi
fi

# A heading level skipped going down (# then ###) is a warning at the
# heading's position; the PDF is still written.
sk=$tg/skip
mkdir -p "$sk/text"
printf '[document]\nlayout = malmo-stad\ntitle = Rubriker\ndate = 2027-01-01\nstatus = final\n\n[contents]\ntext = text/01.md\n' >"$sk/document.ini"
printf '# Kapitel\n\nText.\n\n### Underrubrik\n\nMer text.\n' >"$sk/text/01.md"
rm -f "$tg/skip.pdf"
"$BIN" -o "$tg/skip.pdf" "$sk" >/dev/null 2>"$tg/skip.err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$tg/skip.pdf" ] &&
   grep -q "text/01.md:5:1: warning: a level-3 heading after a level-1 one skips a level" "$tg/skip.err"; then
    pass
else
    fail "tagged: a skipped heading level is a warning with its position (exit $rc)" "$(cat "$tg/skip.err")"
fi

# Footnotes: every Note has an /ID and its number in a Lbl; the marks in
# the text are Reference elements, one per note (a note split over two
# pages is two Note elements, the number in the first); they are paired by
# the note's number: the Nth mark's /Ref is the Note with /ID note-N, the
# rest of a note carried over is note-N-2, and the IDTree names them all.
"$BIN" -o "$tg/footnotes.pdf" tests/golden/footnotes >/dev/null 2>&1
out=$(/usr/bin/python3 - "$tg/footnotes.pdf" <<'PY' 2>&1
import sys, pikepdf
from pikepdf import Name, Dictionary, Array
p = pikepdf.open(sys.argv[1])
def kids(e):
    k = e.get("/K")
    return [c for c in (k if isinstance(k, Array) else [k] if k is not None else [])
            if isinstance(c, Dictionary) and "/S" in c]
notes, labelled, refs, bad = [], [], [], []
def walk(e):
    if e.S == Name.Note:
        notes.append(e)
        k = kids(e)
        if k and k[0].S == Name.Lbl:
            labelled.append(e)
        if "/ID" not in e:
            bad.append("a Note without /ID")
    if e.S == Name.Reference:
        refs.append(e)
    for k in kids(e):
        walk(k)
walk(p.Root.StructTreeRoot.K)
# a note split over two pages is two Note elements, its number in the first
if not labelled or len(refs) != len(labelled):
    bad.append(f"{len(labelled)} numbered notes, {len(refs)} references")
for n, r in enumerate(refs, 1):
    ids = [bytes(t.ID).decode() for t in r.get("/Ref", [])]
    if ids != [f"note-{n}"]:
        bad.append(f"mark {n} refers to {ids}")
ids = sorted(bytes(e.ID).decode() for e in notes if "/ID" in e)
if not any(i.endswith("-2") for i in ids):
    bad.append(f"no note carried over to the next page: {ids}")
tree = p.Root.StructTreeRoot.get("/IDTree")
named = sorted(bytes(k).decode() for k in list(tree.Names)[::2]) if tree is not None else []
if named != ids:
    bad.append(f"IDTree {named}, Note IDs {ids}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
)
if [ $? -eq 0 ]; then pass; else fail "tagged: footnote references and notes" "$out"; fi

# The Diagramdata appendix prints its fixed words from the layout's
# [words]: the heading (chart-data), its tables' captions (chart-data-for)
# and the sentence each chart's alt text gets (chart-data-in).
wd=$tg/words
rm -rf "$wd"
cp -r tests/golden/chart-bar "$wd"
printf 'inherit = bokslut\n\n[words]\ntable = Table\nfigure = Figure\nchart-data = Chart data\nchart-data-for = Data for\nchart-data-in = "The figures are in"\n' >"$wd/english.layout"
sed -i 's/^layout *=.*/layout = english.layout/' "$wd/document.ini"
out=$("$BIN" --trace "$wd" 2>&1)
if printf '%s\n' "$out" | grep -q '"Table 1. Data for figure 1. ' &&
   printf '%s\n' "$out" | grep -q 'The figures are in Chart data, table 1\.">' &&
   printf '%s\n' "$out" | grep -q '"Chart data"' &&
   ! printf '%s\n' "$out" | grep -q 'Data för\|Siffrorna finns\|Diagramdata'; then
    pass
else
    fail "tagged: the chart data appendix does not take its words from [words]" \
         "$(printf '%s\n' "$out" | grep -n 'Data f\|figures are\|Siffrorna\|Diagramdata\|Chart data' | head)"
fi

# A tjänsteskrivelse gets no Diagramdata appendix (its layout switches it
# off), where the same text in a bokslut does.
for l in tjansteskrivelse bokslut; do
    ap=$tg/appendix-$l
    rm -rf "$ap"
    cp -r tests/golden/chart-bar "$ap"
    sed -i "s/^layout *=.*/layout = $l/" "$ap/document.ini"
    "$BIN" --trace "$ap" >"$tg/appendix-$l.trace" 2>"$tg/appendix-$l.err"
done
if [ -s "$tg/appendix-bokslut.trace" ] && grep -q '"Diagramdata"' "$tg/appendix-bokslut.trace" &&
   grep -q 'Data för figur 1' "$tg/appendix-bokslut.trace" &&
   [ -s "$tg/appendix-tjansteskrivelse.trace" ] &&
   ! grep -q 'Diagramdata\|Data för figur' "$tg/appendix-tjansteskrivelse.trace"; then
    pass
else
    fail "tagged: a tjänsteskrivelse has a Diagramdata appendix, or a bokslut has none" \
         "$(cat "$tg/appendix-tjansteskrivelse.err" "$tg/appendix-bokslut.err"; grep -c Diagramdata "$tg"/appendix-*.trace)"
fi
