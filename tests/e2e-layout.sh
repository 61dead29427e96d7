# Malmö stad's layouts and the samples as finished documents (sourced by
# tests/run.sh, which defines BIN, TMP, pass and fail):
#
#  - every box drawn lies inside the text area, furniture (header, footer,
#    logo, watermark) inside the page in its own zone: tests/check_boxes.py
#    on the trace of every sample, golden document and the corpus;
#  - `make samples` writes the four sample PDFs, and each is checked by
#    tests/check_document.py: page count in range, outline = headings,
#    contents = headings with the right page numbers, "N (M)" on every
#    page but the cover, page labels = printed numbers, title in the
#    metadata;
#  - the bokslut typesets unchanged with `layout = strategi`.
lay=$TMP/layout
mkdir -p "$lay"

for d in samples/*/ tests/golden/*/ tests/corpus; do
    [ -f "$d/document.ini" ] || continue
    if out=$(/usr/bin/python3 tests/check_boxes.py "$BIN" "$d" 2>&1); then
        pass
    else
        fail "boxes outside the text area in $d" "$out"
    fi
done

# make samples: the four PDFs in out/ (the Makefile's own loop)
if out=$(env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory samples 2>&1); then
    pass
else
    fail "make samples" "$out"
fi
for spec in minimal:1:4 tjansteskrivelse-tn260615:2:6 trygghetsbokslut-2026:15:30 \
            trygghetsstrategi-2027:15:30; do
    IFS=: read -r name lo hi <<<"$spec"
    if [ ! -s "out/$name.pdf" ]; then
        fail "make samples did not write out/$name.pdf"
        continue
    fi
    pass
    # the suite's own binary, so asan and valgrind runs check it too
    if ! "$BIN" -q -o "$lay/$name.pdf" "samples/$name" 2>"$lay/$name.err"; then
        fail "sample $name: trycksak failed" "$(cat "$lay/$name.err")"
        continue
    fi
    if out=$(/usr/bin/python3 tests/check_document.py "$lay/$name.pdf" "samples/$name" "$lo" "$hi" 2>&1); then
        pass
    else
        fail "sample $name: document checks" "$out"
    fi
done

# The same bokslut in the strategi layout: only the layout line changes.
cp -r samples/trygghetsbokslut-2026 "$lay/as-strategi"
sed -i 's/^layout *= *bokslut/layout = strategi/' "$lay/as-strategi/document.ini"
if ! grep -q '^layout = strategi' "$lay/as-strategi/document.ini"; then
    fail "layout swap: the sample's document.ini names no bokslut layout"
elif "$BIN" -q -o "$lay/as-strategi.pdf" "$lay/as-strategi" 2>"$lay/as-strategi.err"; then
    pass
    if out=$(/usr/bin/python3 tests/check_document.py "$lay/as-strategi.pdf" "$lay/as-strategi" 15 30 2>&1); then
        pass
    else
        fail "layout swap: document checks" "$out"
    fi
else
    fail "layout swap: the bokslut in the strategi layout failed" "$(cat "$lay/as-strategi.err")"
fi
