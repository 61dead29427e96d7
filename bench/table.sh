#!/usr/bin/env bash
# Benchmark (not a timed test): a 100 000-row CSV table typeset into a PDF.
# The target is under 2 s and under 200 MB peak memory. Run from the
# repository root after `make`:  bash bench/table.sh [ROWS]
set -eu
ROWS=${1:-100000}
BIN=${BIN:-./trycksak}
DIR=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$DIR"' EXIT; echo "dir: $DIR"
mkdir -p "$DIR/text" "$DIR/data"
cat >"$DIR/document.ini" <<INI
[document]
layout = bokslut
title  = Benchmark: a long table
date   = 2027-03-15
status = final
[contents]
text = text/01.md
INI
printf '# En lång tabell\n\n```table\ndata    = ../data/lang.csv\ncaption = %s rader\nsource  = Genererade värden\n```\n' "$ROWS" >"$DIR/text/01.md"
awk -v n="$ROWS" 'BEGIN {
    split("Centrum;Södra innerstaden;Västra innerstaden;Limhamn-Bunkeflo;Hyllie;Fosie;Oxie;Rosengård;Husie;Kirseberg", area, ";")
    print "Rad;Område;Antal;Andel;Förändring"
    for (i = 1; i <= n; i++)
        printf "%d;%s;%d;%d,%d %%;%s%d,%d\n", i, area[i % 10 + 1], (i * 7919) % 20000,
               (i * 37) % 100, i % 10, (i % 3 ? "+" : "-"), i % 7, i % 10
}' >"$DIR/data/lang.csv"
echo "bench/table.sh: $ROWS rows, $(wc -c <"$DIR/data/lang.csv") bytes of CSV"
/usr/bin/time -f "bench/table.sh: %e s, %M KB peak" "$BIN" -q ${MODE:--o "$DIR/out.pdf"} "$DIR"
echo "bench/table.sh: $(pdfinfo "$DIR/out.pdf" 2>/dev/null | sed -n 's/^Pages: *//p') pages, $(wc -c <"$DIR/out.pdf") bytes of PDF"
