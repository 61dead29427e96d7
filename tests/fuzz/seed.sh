#!/usr/bin/env bash
# Rebuild the seed corpora in tests/fuzz/corpus/ from the samples and the
# test folders. Run from the repository root; the result is committed, so
# run it again only when the samples or tests change a lot. Each seed is
# named by its content's hash, so reruns add nothing twice.
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
mds=$(find samples tests/golden tests/bad tests/e2e -name '*.md' | sort)
seed docini $(find samples tests/golden tests/bad tests/e2e -name document.ini | sort)
seed markdown $mds
seed layout layouts/*.layout $(find tests/bad -name '*.layout' | sort)
seed csv $(find samples tests -path tests/fuzz -prune -o -name '*.csv' -print | sort)
seed chart $(find samples tests -path tests/fuzz -prune -o -name '*.chart' -print | sort)

# The pipeline takes text/01.md NUL data/a.csv NUL charts/a.chart NUL
# text/02.md: each Markdown seed alone, and each sample folder's first
# text with its first CSV and chart file, the paths rewritten to those
# names.
seed pipeline $(find samples tests/golden tests/e2e -name '*.md' | sort)
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
