# A table longer than libharu's arrays (sourced by tests/run.sh, which
# defines BIN, TMP, pass and fail). A structure element's kids are
# written by trycksak itself (src/pdf/tags.c), not as one libharu array,
# which holds at most 32 767 values: a 33 000-row table's TBody has a kid
# for every row, and the file must still be written, tagged, every row
# in it. (The writer once stopped with exit 2 and no message here.)
# Under a checker (make valgrind) it is left out: the same code runs on
# every sample there, and 33 000 rows under Valgrind take minutes.
if [ -z "${RUN_WRAPPER:-}" ]; then
    lt=$TMP/long-table
    mkdir -p "$lt/text" "$lt/data"
    printf '[document]\nlayout = bokslut\ntitle = En lång tabell\ndate = 2027-03-15\nstatus = final\n[contents]\ntext = text/01.md\n' \
        >"$lt/document.ini"
    printf '# Tabell\n\n```table\ndata    = ../data/rader.csv\ncaption = 33 000 rader\n```\n' >"$lt/text/01.md"
    awk 'BEGIN { print "Rad;Antal"; for (i = 1; i <= 33000; i++) printf "%d;%d\n", i, (i * 7919) % 20000 }' \
        >"$lt/data/rader.csv"
    if "$BIN" -q -o "$lt.pdf" "$lt" 2>"$lt.err"; then
        pass
        rows=$(/usr/bin/python3 - "$lt.pdf" <<'PY'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(e, depth=0):
    if depth > 64 or not isinstance(e, pikepdf.Dictionary):
        return None
    if e.get("/S") == "/TBody":
        k = e.get("/K")
        return len(k) if isinstance(k, pikepdf.Array) else 1
    k = e.get("/K")
    for kid in (k if isinstance(k, pikepdf.Array) else [k]):
        n = walk(kid, depth + 1)
        if n is not None:
            return n
    return None
print(walk(pdf.Root.StructTreeRoot))
PY
)
        if [ "$rows" = 33000 ]; then pass; else fail "long table: TBody holds $rows rows, not 33000"; fi
    else
        fail "long table: a 33 000-row table is not typeset" "$(cat "$lt.err")"
    fi
fi
