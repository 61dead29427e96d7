#!/usr/bin/env bash
# Rebuild the seed corpora in tests/fuzz/corpus/ from the samples and the
# test folders. Run from the repository root; the result is committed, so
# run it again only when the samples or tests change a lot. Each seed is
# named by its content's hash, so reruns add nothing twice. Only regular
# files are taken: the bad-input corpus holds links to /dev/zero.
set -eu
C=tests/fuzz/corpus
rm -rf "$C"
mkdir -p "$C"/{docini,markdown,layout,pipeline,csv,chart}

seed() {   # seed HARNESS FILE...
    local h=$1 f sum
    shift
    for f in "$@"; do
        sum=$(sha1sum <"$f" | cut -c1-16)
        cp "$f" "$C/$h/$sum"
    done
}
mds=$(find samples tests/golden tests/bad tests/e2e -type f -name '*.md' | sort)
seed docini $(find samples tests/golden tests/bad tests/e2e -type f -name document.ini | sort)
seed markdown $mds
seed layout layouts/*.layout $(find tests/bad -type f -name '*.layout' | sort)
seed csv $(find samples tests -path tests/fuzz -prune -o -type f -name '*.csv' -print | sort)
# A chart seed is the chart file with its data line pointing at
# data/a.csv, a NUL, and the CSV file it named.
tmp=$(mktemp)
for chart in $(find samples tests -path tests/fuzz -prune -o -type f -name '*.chart' -print | sort); do
    data=$(sed -n 's/^data *= *\([^ ;]*\).*/\1/p' "$chart" | head -n 1)
    csv=$(dirname "$chart")/$data
    {
        sed 's#^data *=.*#data = ../data/a.csv#' "$chart"
        if [ -n "$data" ] && [ -f "$csv" ]; then printf '\0'; cat "$csv"; fi
    } >"$tmp"
    seed chart "$tmp"
done
rm -f "$tmp"

# The pipeline takes text/01.md NUL data/a.csv NUL charts/a.chart NUL
# text/02.md: each Markdown seed alone, and each sample folder's first
# text with its first CSV and chart file, the paths rewritten to those
# names.
seed pipeline $(find samples tests/golden tests/e2e -type f -name '*.md' | sort)
tmp=$(mktemp)
for d in samples/*/; do
    md=$(ls "$d"text/*.md | head -n 1)
    csv=$(ls "$d"data/*.csv 2>/dev/null | head -n 1)
    chart=$(ls "$d"charts/*.chart 2>/dev/null | head -n 1)
    {
        cat "$md"
        printf '\n```table\ndata = ../data/a.csv\ncaption = Tabell\n```\n\n```chart\nfile = ../charts/a.chart\n```\n'
        printf '\0'
        [ -n "$csv" ] && cat "$csv"
        printf '\0'
        [ -n "$chart" ] && sed 's#^data *=.*#data = ../data/a.csv#' "$chart"
        printf '\0'
        ls "$d"text/*.md | sed -n 2p | xargs -r cat
    } >"$tmp"
    seed pipeline "$tmp"
done
rm -f "$tmp"
du -sh "$C"/*
