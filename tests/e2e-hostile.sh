# Hostile and broken input (issue 10), sourced by tests/run.sh (which
# defines BIN, TMP, ROOT, pass and fail):
#
#  - bad inputs too large to keep in tests/bad/ (a line of 70 000 bytes, a
#    file of 33 MB, a CSV file of more than 2 000 000 cells), made here,
#    and the document folder missing or a file; each must exit 1 with its
#    message and write nothing;
#  - tests/check_messages.py: every error message in src/ has a test that
#    expects it; and a self-test that it fails on a message without one;
#  - tests/broken.py: broken document folders made from a seed
#    (BROKEN_SEED, default fixed), each answered with an error or a
#    warning, never a crash, a hang or an output file.
hos=$TMP/hostile
mkdir -p "$hos"

# hostile_doc DIR: a small valid document folder with a table block.
hostile_doc() {
    mkdir -p "$1/text" "$1/data"
    printf '[document]\nlayout = bokslut\ntitle = Fientlig indata\ndate = 2027-03-15\n[contents]\ntext = text/01.md\n' >"$1/document.ini"
    printf '# Rubrik\n\n```table\ndata = ../data/a.csv\ncaption = Tabell\n```\n' >"$1/text/01.md"
    printf 'År;Antal\n2025;1\n' >"$1/data/a.csv"
}

# hostile_case NAME DIR EXPECTED-MESSAGE [STATUS]: exit STATUS (1), the
# message, no PDF, an earlier PDF untouched.
hostile_case() {
    local name=$1 dir=$2 want=$3 status=${4:-1} rc
    printf 'an earlier good PDF\n' >"$hos/$name.kept.pdf"
    timeout 60 "$BIN" -o "$hos/$name.pdf" "$dir" >/dev/null 2>"$hos/$name.err"
    rc=$?
    timeout 60 "$BIN" -o "$hos/$name.kept.pdf" "$dir" >/dev/null 2>&1
    if [ "$rc" -eq "$status" ] && grep -qF -- "$want" "$hos/$name.err" && [ ! -e "$hos/$name.pdf" ] \
        && [ "$(cat "$hos/$name.kept.pdf")" = "an earlier good PDF" ]; then
        pass
    else
        fail "hostile $name: exit $rc, expected $status and: $want" "$(head -c 2000 "$hos/$name.err")"
    fi
}

# A Markdown line of 70 000 bytes (the limit is 64 KB).
d=$hos/md-long-line; hostile_doc "$d"
{ printf '# Rubrik\n\n'; head -c 70000 /dev/zero | tr '\0' 'a'; printf '\n'; } >"$d/text/01.md"
hostile_case md-long-line "$d" "text/01.md:3:65537: error: line 3 is 70000 bytes long; a line may be at most 64 KB"

# A document.ini line of 70 000 bytes.
d=$hos/ini-long-line; hostile_doc "$d"
{ printf '[document]\nlayout = bokslut\ntitle = '; head -c 70000 /dev/zero | tr '\0' 'a'; printf '\ndate = 2027-03-15\n[contents]\ntext = text/01.md\n'; } >"$d/document.ini"
hostile_case ini-long-line "$d" "document.ini:3:65537: error: line 3 is 70008 bytes long; a line may be at most 64 KB"

# A Markdown file of 33 MB (sparse: no disk used), and a CSV file as big.
d=$hos/md-too-big; hostile_doc "$d"
truncate -s 33M "$d/text/01.md"
hostile_case md-too-big "$d" "text/01.md' is too big (34603008 bytes; the limit is 32 MB)"
d=$hos/csv-too-big; hostile_doc "$d"
truncate -s 33M "$d/data/a.csv"
hostile_case csv-too-big "$d" "data/a.csv' is too big (34603008 bytes; the limit is 32 MB)"

# A CSV file of 4 400 rows of 500 cells: more than 2 000 000 cells.
d=$hos/csv-too-many-cells; hostile_doc "$d"
awk 'BEGIN { for (r = 0; r < 4400; r++) { s = "1"; for (c = 1; c < 500; c++) s = s ";1"; print s } }' >"$d/data/a.csv"
hostile_case csv-too-many-cells "$d" "error: the file has more than 2000000 cells, the most a table may have"

# The document folder is missing, or a file: a usage error (exit 2).
hostile_case folder-missing "$hos/no-such-folder" "trycksak: error: '$hos/no-such-folder' is not a folder; give the document folder" 2
printf 'x\n' >"$hos/a-file"
hostile_case folder-is-a-file "$hos/a-file" "trycksak: error: '$hos/a-file' is not a folder; give the document folder" 2

# trycksak new refuses '.' and a file (exit 2).
(cd "$hos" && "$BIN" new . >/dev/null 2>"$hos/new-dot.err"); rc=$?
[ "$rc" -eq 2 ] && grep -qF "error: '.' cannot be a new document folder; give a new folder's name" "$hos/new-dot.err" \
    && pass || fail "hostile new .: exit $rc" "$(cat "$hos/new-dot.err")"
"$BIN" new "$hos/a-file" >/dev/null 2>"$hos/new-file.err"; rc=$?
[ "$rc" -eq 2 ] && grep -qF "error: '$hos/a-file' already exists and is not a folder; give a new folder name" "$hos/new-file.err" \
    && [ "$(cat "$hos/a-file")" = x ] && pass || fail "hostile new FILE: exit $rc" "$(cat "$hos/new-file.err")"

# A CFF-flavoured OpenType font named by a layout: when the system has
# one (fonts-urw-base35), copied into the document folder.
otf=$(find /usr/share/fonts -name '*.otf' 2>/dev/null | sort | head -n 1)
if [ -n "$otf" ]; then
    d=$hos/font-cff; hostile_doc "$d"
    cp "$otf" "$d/cff.otf"
    printf 'inherit = bokslut\n[fonts]\nbold = cff.otf\n' >"$d/my.layout"
    sed -i 's/^layout = bokslut/layout = my.layout/' "$d/document.ini"
    hostile_case font-cff "$d" "cff.otf' has CFF outlines; the PDF needs TrueType (.ttf) fonts"
fi

# ---- every error message has a test ------------------------------------------
if out=$(/usr/bin/python3 tests/check_messages.py 2>&1); then
    pass
else
    fail "tests/check_messages.py: error messages without a test" "$out"
fi
# The checker fails on a message that no test expects, and passes it once
# a bad case expects it.
fake=$hos/fake
mkdir -p "$fake/src" "$fake/tests/bad/covered"
cat >"$fake/src/x.c" <<'EOF'
void f(ts_diag *d, ts_pos at, const char *s, int n)
{
    ts_error(d, at, "the frobnicator '%s' has %d teeth; it may have at most 3", s, n);
    ts_warning(d, at, "a warning is not an error: %s", s);
}
EOF
printf 'x/k.ini:1:1: error: the frobnicator '\''q'\'' has 9 teeth; it may have at most 3\n' >"$fake/tests/bad/covered/expect"
if out=$(/usr/bin/python3 tests/check_messages.py --sources "$fake/src" --tests "$fake/tests" 2>&1) \
    && printf '%s\n' "$out" | grep -q '^1 messages, 1 covered, 0 excepted, 0 missing$'; then
    pass
else
    fail "check_messages: a covered message is not seen as covered" "$out"
fi
printf 'x/k.ini:1:1: error: the frobnicator is missing its teeth\n' >"$fake/tests/bad/covered/expect"
if out=$(/usr/bin/python3 tests/check_messages.py --sources "$fake/src" --tests "$fake/tests" 2>&1); then
    fail "check_messages: passes a message no test expects" "$out"
elif printf '%s\n' "$out" | grep -qF "no test expects: the frobnicator '%s' has %d teeth"; then
    pass
else
    fail "check_messages: does not name the message without a test" "$out"
fi

# ---- broken documents nobody has seen ------------------------------------------
# A fixed seed here (BROKEN_SEED= varies it; BROKEN_COUNT= the number of
# cases); under a sanitizer or Valgrind each run is slower, so the timeout
# grows with RUN_WRAPPER.
broken_timeout=10
[ -n "${RUN_WRAPPER:-}" ] && broken_timeout=120
if out=$(BROKEN_TIMEOUT=$broken_timeout /usr/bin/python3 tests/broken.py "$BIN" \
        --count "${BROKEN_COUNT:-150}" 2>&1); then
    pass
else
    fail "tests/broken.py: a broken document was not answered as it should be" "$out"
fi
# broken.py sees a crash, a hang, a silent failure and a half-written file:
# fake programs that do each.
mkdir -p "$hos/fakes"
printf '#!/bin/sh\nkill -SEGV $$\n' >"$hos/fakes/crash"
printf '#!/bin/sh\nexec sleep 30\n' >"$hos/fakes/hang"
printf '#!/bin/sh\nexit 1\n' >"$hos/fakes/silent"
printf '#!/bin/sh\necho "x/document.ini:1:1: error: no" >&2; echo half >"$2.tmp"; exit 1\n' >"$hos/fakes/half"
chmod +x "$hos/fakes"/*
for f in crash hang silent half; do
    case $f in
        crash) want='crashes' ;; hang) want='hangs' ;;
        silent) want='exit 1 without a' ;; half) want='left files in the output folder' ;;
    esac
    if out=$(/usr/bin/python3 tests/broken.py "$hos/fakes/$f" --count 2 --timeout 1 2>&1); then
        fail "broken.py passes a program that $want" "$out"
    elif printf '%s\n' "$out" | grep -q "$want"; then
        pass
    else
        fail "broken.py does not say '$want'" "$out"
    fi
done
