# Line and page breaking, computed from the layout result (sourced by
# tests/run.sh, which defines BIN, pass and fail): tests/check_breaking.py
# reads the trace of each document and checks the measure, the hyphens
# (every one at a valid Swedish break, never more than two in a row),
# widows and orphans, headings at the foot of a page and footnotes on the
# page of their reference. The corpus holds over 200 paragraphs.
for d in tests/corpus samples/*/; do
    [ -f "$d/document.ini" ] || continue
    if out=$(/usr/bin/python3 tests/check_breaking.py "$BIN" "$d" 2>&1); then
        pass
    else
        fail "breaking $d" "$out"
    fi
done
