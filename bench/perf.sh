#!/usr/bin/env bash
# Benchmark (not a timed test): trycksak at 100, 500 and 2 000 pages.
#
# Generates document folders in the contract format, in three mixes:
#   text    running text (the paragraphs of tests/corpus, chapters of ten
#           pages, no footnotes);
#   table   the same text with an indicator table (an `indicators` block)
#           about every page;
#   chart   the same text with a bar chart (a `chart` block) about every page;
# plus a one-page document (samples/minimal). Each is typeset into a PDF,
# timed with hyperfine (median wall time of several runs) and once under
# /usr/bin/time -v (peak resident memory). The page counts are what
# trycksak made, so ms per page is exact even where a mix does not land on
# a round number.
#
# The floor: bench/floor.c writes the glyphs of the 500-page text document
# (read from its --trace) with libharu at the same positions, without any
# layout; trycksak's time is given as a ratio to it, measured in the same
# run. This machine may be shared: compare ratios, not absolute times.
#
# Run from the repository root after `make`:  bash bench/perf.sh
# SIZES="100 500" limits the sizes, MIXES="text" the mixes,
# BENCH_KEEP=DIR keeps the generated folders there, GEN_ONLY=1 only makes
# them (bench/peers.sh uses both).
set -eu
BIN=${BIN:-./trycksak}
SIZES=${SIZES:-100 500 2000}
MIXES=${MIXES:-text table chart}
if [ -n "${BENCH_KEEP:-}" ]; then
    DIR=$BENCH_KEEP
    mkdir -p "$DIR"
else
    DIR=$(mktemp -d "${TMPDIR:-/tmp}/trycksak-bench.XXXXXX")
    trap 'rm -rf "$DIR"' EXIT
fi
command -v hyperfine >/dev/null || { echo "bench/perf.sh: needs hyperfine (apt-get install hyperfine)"; exit 1; }
command -v pdfinfo >/dev/null || { echo "bench/perf.sh: needs pdfinfo (poppler-utils)"; exit 1; }

# ---- the text: every paragraph of the corpus, one a line ------------------
pool=$DIR/paragraphs.txt
for f in tests/corpus/text/*.md; do
    sed -e 's/\[\^[0-9a-z]*\]//g' -e '/^\[\^/d' "$f"
    echo
done | awk 'BEGIN { RS = "" } !/^[#>\-|`0-9]/ && !/^\* / { gsub(/\n/, " "); print }' >"$pool"
[ -s "$pool" ] || { echo "bench/perf.sh: no paragraphs in tests/corpus"; exit 1; }

# make_doc MIX UNITS OUT: UNITS units of about 250 words (text) or 130
# words and a table or chart; a chapter heading every ten units.
make_doc() {
    local mix=$1 units=$2 out=$3
    rm -rf "$out"
    mkdir -p "$out/text" "$out/data" "$out/charts"
    cp samples/trygghetsbokslut-2026/data/renhallning.csv "$out/data/"
    cp samples/trygghetsbokslut-2026/data/klotter.csv "$out/data/"
    cp samples/trygghetsbokslut-2026/charts/klotter.chart "$out/charts/"
    printf '[document]\nlayout = bokslut\ntitle = Prestandaprov\ndate = 2027-03-15\nstatus = final\n[contents]\ntext = text/01.md\n' \
        >"$out/document.ini"
    awk -v mix="$mix" -v units="$units" '
        { p[NR] = $0; w[NR] = split($0, tmp, " ") }
        END {
            words = mix == "text" ? 250 : 130
            k = 0
            for (u = 0; u < units; u++) {
                if (u % 10 == 0) printf "# Kapitel %d\n\n", u / 10 + 1
                n = 0
                while (n < words) { k = k % NR + 1; print p[k] "\n"; n += w[k] }
                if (mix == "table")
                    print "```indicators\ndata    = ../data/renhallning.csv\ncaption = Nyckeltal, del " u + 1 "\nsource  = Exempelsiffror\n```\n"
                if (mix == "chart")
                    print "```chart\nfile = ../charts/klotter.chart\n```\n"
            }
        }' "$pool" >"$out/text/01.md"
}

pages_of() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }

# units for PAGES pages of MIX: measured on a 40-unit document
declare -A per_unit
units_for() {
    local mix=$1 pages=$2
    if [ -z "${per_unit[$mix]:-}" ]; then
        make_doc "$mix" 40 "$DIR/calib"
        "$BIN" -q -o "$DIR/calib.pdf" "$DIR/calib"
        per_unit[$mix]=$(pages_of "$DIR/calib.pdf")
    fi
    echo $(( (pages * 40 + per_unit[$mix] / 2) / per_unit[$mix] ))
}

# median wall time (ms) of a command, hyperfine; RUNS runs
median_ms() {
    local runs=$1
    shift
    hyperfine -N --warmup 1 --runs "$runs" --style none --export-json "$DIR/h.json" "$*" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$DIR/h.json"
}
peak_mb() {   # peak RSS (MB) of one run
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ { printf "%.1f", $6 / 1024 }'
}
runs_for() { case $1 in 1|100) echo 10 ;; 500) echo 5 ;; *) echo 3 ;; esac; }

if [ -n "${GEN_ONLY:-}" ]; then
    for mix in $MIXES; do
        for size in $SIZES; do make_doc "$mix" "$(units_for "$mix" "$size")" "$DIR/$mix-$size"; done
    done
    exit 0
fi

# ---- the floor ------------------------------------------------------------
floor_bin=$DIR/floor
cc -O2 -o "$floor_bin" bench/floor.c -lhpdf
fonts=()
for f in OpenSans-Regular OpenSans-Italic OpenSans-Bold OpenSans-BoldItalic \
         OpenSans-Semibold DejaVuSansMono DejaVuSans DejaVuSans-Bold; do
    fonts+=("fonts/$f.ttf")
done

printf '%-7s %6s %10s %9s %9s %s\n' mix pages "median ms" "ms/page" "peak MB" ""
row() { printf '%-7s %6s %10s %9s %9s %s\n' "$@"; }

# one page, start-up included
ms=$(median_ms 20 "$BIN" -q -o "$DIR/one.pdf" samples/minimal)
row one-page 1 "$ms" "$ms" "$(peak_mb "$BIN" -q -o "$DIR/one.pdf" samples/minimal)" ""

text500_ms=
for mix in $MIXES; do
    for size in $SIZES; do
        d=$DIR/$mix-$size
        make_doc "$mix" "$(units_for "$mix" "$size")" "$d"
        "$BIN" -q -o "$d.pdf" "$d"
        p=$(pages_of "$d.pdf")
        ms=$(median_ms "$(runs_for "$size")" "$BIN" -q -o "$d.pdf" "$d")
        mb=$(peak_mb "$BIN" -q -o "$d.pdf" "$d")
        note=
        if [ "$mix" = text ] && [ "$size" = 500 ]; then
            text500_ms=$ms
            "$BIN" --trace "$d" >"$d.trace"
            fl=$(median_ms 5 "$floor_bin" "$d.trace" "$DIR/floor.pdf" "${fonts[@]}")
            note="floor ${fl} ms: $(python3 -c "print('%.2f' % ($ms / $fl))") x the floor"
        fi
        if [ "$mix" = text ] && [ "$size" = 2000 ] && [ -n "$text500_ms" ]; then
            note="$(python3 -c "print('%.2f' % ($ms / $text500_ms))") x the 500-page time"
        fi
        row "$mix" "$p" "$ms" "$(python3 -c "print('%.2f' % ($ms / $p))")" "$mb" "$note"
    done
done
