#!/usr/bin/env bash
# Benchmark (not a timed test): trycksak against its peers on the same text.
#
# The 100- and 500-page text-only documents of bench/perf.sh (one Markdown
# file each) are typeset by
#   trycksak                        the document folder, into a PDF;
#   pandoc --pdf-engine=pdflatex    the Markdown file, Swedish babel;
#   pandoc -> HTML -> weasyprint    the same file as standalone HTML, then
#                                   weasyprint (the HTML step is timed too);
# and the medians (hyperfine) are printed with each peer's time as a
# multiple of trycksak's, measured in the same run. `make bench-peers`
# installs the peers from Debian first. Run from the repository root after
# `make`:  bash bench/peers.sh
set -eu
BIN=${BIN:-./trycksak}
SIZES=${SIZES:-100 500}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/trycksak-peers.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
for t in hyperfine pandoc pdflatex weasyprint; do
    command -v "$t" >/dev/null || { echo "bench/peers.sh: needs $t (make bench-peers installs it)"; exit 1; }
done
GEN_ONLY=1 BENCH_KEEP=$DIR MIXES=text SIZES="$SIZES" bash bench/perf.sh

median_s() {   # median wall time (s) of a shell command line
    hyperfine --warmup "$1" --runs "$2" --style none --export-json "$DIR/h.json" "$3" >/dev/null 2>&1 ||
        { echo "bench/peers.sh: failed: $3" >&2; echo nan; return; }
    python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$DIR/h.json"
}
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.1f' % (a / b) if b == b and a == a else 'n/a')" "$1" "$2"; }

printf '%-6s %-34s %10s %8s\n' pages tool "median s" "x trycksak"
for size in $SIZES; do
    d=$DIR/text-$size
    md=$d/text/01.md
    "$BIN" -q -o "$d.pdf" "$d"
    p=$(pdfinfo "$d.pdf" | sed -n 's/^Pages: *//p')
    t=$(median_s 1 5 "$BIN -q -o $d.pdf $d")
    printf '%-6s %-34s %10s %8s\n' "$p" trycksak "$t" 1.0
    runs=3; [ "$size" -gt 100 ] && runs=1
    l=$(median_s 0 "$runs" "pandoc -V lang=sv-SE -o $d-latex.pdf --pdf-engine=pdflatex $md")
    lp=$(pdfinfo "$d-latex.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    printf '%-6s %-34s %10s %8s\n' "${lp:-?}" "pandoc --pdf-engine=pdflatex" "$l" "$(ratio "$l" "$t")"
    w=$(median_s 0 "$runs" "pandoc -s -V lang=sv-SE --metadata title=Prestandaprov -o $d.html $md && weasyprint $d.html $d-weasy.pdf")
    wp=$(pdfinfo "$d-weasy.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    printf '%-6s %-34s %10s %8s\n' "${wp:-?}" "pandoc | weasyprint" "$w" "$(ratio "$w" "$t")"
done
