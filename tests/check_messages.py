#!/usr/bin/python3
"""Every error message the program can report has a test that expects it.

    tests/check_messages.py [--sources DIR] [--tests DIR] [--exceptions FILE]

Extracts, with xgettext, every format string given to ts_error (the input
errors: `path:line:col: error: …`) and to st_error (the errors of
`trycksak new`) in the C sources under src/, and looks for each in the
tests' expectations:

  - every line of tests/bad/*/expect (the part after "error: " when the
    line has one), and
  - every quoted string in tests/e2e*.sh (shell variables in it, `$x` or
    `${x}`, stand for any text).

An expectation covers a format when it matches the format from its start,
printf directives (%s, %d, %zu, %.0f, …) matching any text. Expectations
may stop early, as the corpus's often do, but then they must be at least
12 characters long and have matched at least 8 characters of fixed text
and end in fixed text, or have matched 12 and more, so that "the file
is" or "unknown chart type 'x" covers nothing. An
expectation without "error: " may also begin inside a directive's text
(a file name cut short: "trasig.ttf' is not a font file").

Formats that no input can trigger are listed, with the reason, in
tests/messages-exceptions.txt (one format per line, `#` comments).

Prints each format without a test as `src/FILE: message` and exits 1 when
there is one; the last line is "N messages, N covered, N excepted, N
missing". Run by tests/e2e-hostile.sh (so by `make check`), whose
self-test runs it on a fake source tree to see that it fails.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

DIRECTIVE = re.compile(r"%(?:%|[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGcsp])")
WILD = None   # a token that matches any text


def extract_formats(src_dir):
    """[(msgid, [locations])] of every ts_error and st_error format."""
    files = sorted(glob.glob(os.path.join(src_dir, "**", "*.c"), recursive=True))
    if not files:
        sys.exit(f"check_messages: no C sources under {src_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "errors.pot")
        subprocess.run(["xgettext", "--from-code=UTF-8", "--language=C", "-k",
                        "--keyword=ts_error:3", "--keyword=st_error:1",
                        "--add-location=file", "--no-wrap", "-o", pot] + files,
                       check=True)
        if not os.path.exists(pot):
            return []
        text = open(pot, encoding="utf-8").read()
    out = []
    for entry in text.split("\n\n"):
        locs = []
        parts = []
        in_id = False
        for line in entry.splitlines():
            if line.startswith("#: "):
                locs += line[3:].split()
            elif line.startswith("msgid "):
                in_id = True
                parts.append(line[6:])
            elif line.startswith('"') and in_id:
                parts.append(line)
            else:
                in_id = False
        msgid = "".join(unquote_c(p) for p in parts)
        if msgid:
            out.append((msgid, locs))
    return out


def unquote_c(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def tokens(fmt):
    """A format as a list of characters and WILD for each directive."""
    toks = []
    pos = 0
    for m in DIRECTIVE.finditer(fmt):
        toks += list(fmt[pos:m.start()])
        toks.append("%" if m.group() == "%%" else WILD)
        pos = m.end()
    toks += list(fmt[pos:])
    return toks


def covers(expect, toks, anywhere=False):
    """Does `expect` (with \0 standing for a shell variable) match the
    format's tokens from the start, by the rules above?"""
    fixed_len = sum(1 for t in toks if t is not WILD)
    # states: (index into toks, fixed characters matched since the last
    # directive entered (99 before any), fixed characters matched in all,
    # counted up to 12)
    def closure(states):
        out = set(states)
        stack = list(states)
        while stack:
            j, k, n = stack.pop()
            if j < len(toks) and toks[j] is WILD and (j + 1, k, n) not in out:
                out.add((j + 1, k, n))
                stack.append((j + 1, k, n))
        return out

    start = {(0, 99, 0)}
    if anywhere:
        start |= {(j, 0, 0) for j, t in enumerate(toks) if t is WILD}
    states = closure(start)
    for ch in expect:
        nxt = set()
        for j, k, n in states:
            if j >= len(toks):
                continue
            t = toks[j]
            if t is WILD:
                nxt.add((j, 0, n))              # the directive's text goes on
            elif ch != "\0" and t == ch:       # a shell variable is not fixed text
                nxt.add((j + 1, min(k + 1, 99), min(n + 1, 12)))
        states = closure(nxt)
        if not states:
            return False
    for j, k, n in states:
        if j == len(toks) and n >= min(12, fixed_len):
            return True
        if len(expect) >= 12 and (k >= 1 and n >= 8 or n >= 12):
            return True
    return False


def expectations(tests_dir):
    exp = []
    for f in sorted(glob.glob(os.path.join(tests_dir, "bad", "*", "expect"))):
        for line in open(f, encoding="utf-8", errors="replace"):
            line = line.rstrip("\n")
            if line.strip():
                exp.append((f, *after_error(line)))
    quoted = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'')
    for f in sorted(glob.glob(os.path.join(tests_dir, "e2e*.sh"))):
        for line in open(f, encoding="utf-8", errors="replace"):
            for m in quoted.finditer(line):
                if m.group(1) is not None:
                    s = re.sub(r"\\(.)", r"\1", m.group(1))
                    s = re.sub(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z_0-9]*|\$\([^)]*\)", "\0", s)
                else:
                    s = m.group(2)
                if len(s) >= 8 and not DIRECTIVE.search(s):
                    exp.append((f, *after_error(s)))
    return exp


def after_error(s):
    """(the message part of an expectation, whether it may begin inside a
    directive's text)"""
    i = s.find("error: ")
    return (s[i + len("error: "):], False) if i >= 0 else (s, True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", default="src")
    ap.add_argument("--tests", default="tests")
    ap.add_argument("--exceptions", default=None)
    ap.add_argument("--why", action="store_true",
                    help="print the expectation that covers each format")
    args = ap.parse_args()
    exc_file = args.exceptions or os.path.join(args.tests, "messages-exceptions.txt")
    excepted = set()
    if os.path.exists(exc_file):
        for line in open(exc_file, encoding="utf-8"):
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                excepted.add(line)
    formats = extract_formats(args.sources)
    exps = expectations(args.tests)
    covered = missing = exc = 0
    for msgid, locs in formats:
        if msgid in excepted:
            exc += 1
            excepted.discard(msgid)
            continue
        toks = tokens(msgid)
        by = next(((f, e) for f, e, anywhere in exps if covers(e, toks, anywhere)), None)
        if by:
            covered += 1
            if args.why:
                print(f"{msgid}\n    <- {by[0]}: {by[1]}")
        else:
            missing += 1
            print(f"{' '.join(locs)}: no test expects: {msgid}")
    for stale in sorted(excepted):
        print(f"{exc_file}: excepted but no longer in the sources: {stale}")
    print(f"{len(formats)} messages, {covered} covered, {exc} excepted, {missing} missing")
    return 1 if missing or excepted else 0


if __name__ == "__main__":
    sys.exit(main())
