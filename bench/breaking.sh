#!/usr/bin/env bash
# Benchmark (not a timed test): line and page breaking at scale.
#
#   1. documents of 125, 250 and 500 pages of running text (the corpus in
#      tests/corpus, repeated; headings, lists, quotes, no footnotes);
#   2. one paragraph of 5 000, 10 000 and 20 000 words, and of 200 000
#      words (the breaker's active list is capped: linear, not quadratic).
#
# Each document is typeset with --check (read, shape, hyphenate, break
# lines and pages; no PDF), timed with hyperfine when installed, else with
# /usr/bin/time. Time per page and per word should stay flat as the size
# doubles. Run from the repository root after `make`: bash bench/breaking.sh
set -eu
BIN=${BIN:-./trycksak}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

# the corpus without footnotes (their labels would repeat), as one file
corpus=$DIR/corpus.md
for f in tests/corpus/text/*.md; do
    sed -e 's/\[\^[0-9a-z]*\]//g' -e '/^\[\^/d' "$f"
    echo
done >"$corpus"

make_doc() {   # make_doc NAME FILE...
    local d=$DIR/$1
    shift
    mkdir -p "$d/text"
    { printf '[document]\nlayout = bokslut\ntitle = Benchmark\ndate = 2027-03-15\nstatus = final\n[contents]\n'
      for f in "$@"; do printf 'text = text/%s\n' "$(basename "$f")"; cp "$f" "$d/text/"; done
    } >"$d/document.ini"
}

# 1. long documents: the 23-page corpus repeated 5, 11 and 22 times
for copies in 5 11 22; do
    files=()
    for i in $(seq -w 1 "$copies"); do
        cp "$corpus" "$DIR/part-$i.md"
        files+=("$DIR/part-$i.md")
    done
    make_doc "doc-$copies" "${files[@]}"
done

# 2. one long paragraph: the corpus's words, wrapped as one block
one_paragraph() {   # one_paragraph WORDS OUT
    grep -v '^[#>-]' "$corpus" | tr -s ' \n' ' ' | tr ' ' '\n' | grep -v '^$' |
        awk -v n="$1" '{ w[NR] = $0 } END { for (i = 0; i < n; i++) printf "%s%s", w[i % NR + 1], (i % 12 == 11 ? "\n" : " "); print "" }' |
        sed '1s/^/# Ett långt stycke\n\n/' >"$2"
}
for words in 5000 10000 20000 200000; do
    one_paragraph "$words" "$DIR/p$words.md"
    make_doc "para-$words" "$DIR/p$words.md"
done

pages() { "$BIN" -q -o "$DIR/x.pdf" "$1" >/dev/null 2>&1 && pdfinfo "$DIR/x.pdf" | sed -n 's/^Pages: *//p'; }

run() {   # run LABEL DIR
    local p
    p=$(pages "$2")
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 1 --runs 5 --style none --export-json "$DIR/h.json" \
            "$BIN -q --check $2" >/dev/null 2>&1
        python3 - "$1" "$p" "$DIR/h.json" <<'PY'
import json, sys
label, pages, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
r = json.load(open(path))["results"][0]
print(f"bench/breaking.sh: {label:<28} {pages:>5} pages  {r['mean']*1000:8.1f} ms ± {r['stddev']*1000:5.1f}"
      f"  {r['mean']*1000/pages:6.2f} ms/page")
PY
    else
        /usr/bin/time -f "bench/breaking.sh: $1: %e s, %M KB peak, $p pages" "$BIN" -q --check "$2"
    fi
}

for copies in 5 11 22; do run "corpus x $copies" "$DIR/doc-$copies"; done
for words in 5000 10000 20000 200000; do run "one paragraph, $words words" "$DIR/para-$words"; done
