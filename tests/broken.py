#!/usr/bin/python3
"""Broken document folders nobody has seen, made from a seed.

    tests/broken.py BINARY [--seed N] [--count N] [--timeout S] [--keep DIR]

Each case is a copy of samples/trygghetsbokslut-2026 broken in one way
the issue on hostile input names (a CSV file in UTF-16, with a stray or an
unclosed quote or a ragged row; a line of 70 000 bytes; thousands of
nested quote markers; a table of 200 columns; a paragraph of 200 000
words; `..` and absolute paths; a symlink out of the folder, a loop of
symlinks, a folder, a FIFO or /dev/zero where a file is expected;
truncated UTF-8; a chart with an unknown key; ...), or mutated at random
(lines dropped, doubled or swapped, bytes inserted, flipped or cut off).

trycksak runs on each with `-o out/kept.pdf`, where an earlier PDF
stands, under a timeout, and must:

  - never crash (a signal, a sanitizer's report), hang (the timeout) or
    exit other than 0 or 1;
  - on exit 1: print at least one error, each `path:line:col: error:` or
    `path: error:` naming a file (not `trycksak: error:`), leave the
    earlier PDF as it was and no other file in out/;
  - on exit 0: have written a PDF in place of the earlier one and nothing
    else;
  - a case that must fail exits 1; a case that is merely odd exits 0 with
    its warning (the sample itself warns about two tables set smaller, so
    the warning expected is named).

Prints one line per failing case (and keeps its folder under --keep) and
at the end "broken: N cases (E errors, W warnings, K clean), slowest S s;
F failed". Exit status 1 when a case failed. The seed (default 1, or
BROKEN_SEED) decides everything, so a failure can be made again.
"""
import argparse
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

SAMPLE = "samples/trygghetsbokslut-2026"
ERROR_LINE = re.compile(r"^(?P<path>[^:\n]+)(?::\d+(?::\d+)?)?: error: ", re.M)
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|"
                       r"Segmentation fault|core dumped")


# ---- helpers on a document folder -------------------------------------------

def files(d, sub, ext):
    p = os.path.join(d, sub)
    return sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(ext))


def read(p):
    with open(p, "rb") as f:
        return f.read()


def write(p, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(p, "wb") as f:
        f.write(data)


def replace_with(p, make):
    """Remove the file p and let make(p) put something else there."""
    os.remove(p)
    make(p)


def used_csv(d, rng):
    """A CSV file some block or chart of the sample reads."""
    return rng.choice(files(d, "data", ".csv"))


def text_file(d, rng):
    return rng.choice(files(d, "text", ".md"))


def append_block(d, rng, body):
    """Add a block at the end of a random text file."""
    p = text_file(d, rng)
    write(p, read(p) + b"\n\n" + body.encode("utf-8") + b"\n")
    return p


# ---- the cases the issue names: each returns "error" or "warning" --------------

def csv_utf16(d, rng):
    p = used_csv(d, rng)
    write(p, read(p).decode("utf-8").encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"])))
    return "error"


def csv_undefined_byte(d, rng):
    p = used_csv(d, rng)
    lines = read(p).split(b"\n")
    i = rng.randrange(1, max(2, len(lines) - 1))
    lines[i] += bytes([rng.choice([0x81, 0x8d, 0x8f, 0x90, 0x9d])])
    write(p, b"\n".join(lines))
    return "error"


def csv_stray_quote(d, rng):
    p = used_csv(d, rng)
    lines = read(p).decode("utf-8").split("\n")
    i = rng.randrange(1, max(2, len(lines) - 1))
    cells = lines[i].split(";")
    j = rng.randrange(len(cells))
    cells[j] = cells[j][:1] + '"' + cells[j][1:] + "x"
    lines[i] = ";".join(cells)
    write(p, "\n".join(lines))
    return "error"


def csv_unclosed_quote(d, rng):
    p = used_csv(d, rng)
    lines = read(p).decode("utf-8").split("\n")
    i = rng.randrange(1, max(2, len(lines) - 1))
    lines[i] = lines[i].replace(";", ';"', 1) if ";" in lines[i] else '"' + lines[i]
    write(p, "\n".join(lines))
    return "error"


def csv_ragged(d, rng):
    p = used_csv(d, rng)
    lines = read(p).decode("utf-8").rstrip("\n").split("\n")
    i = rng.randrange(1, len(lines))
    if rng.random() < 0.5:
        lines[i] += ";1;2"
    else:
        lines[i] = lines[i].rsplit(";", 1)[0] if lines[i].count(";") else ""
        if not lines[i]:
            lines[i] = "x"
    write(p, "\n".join(lines) + "\n")
    return "error"


def csv_huge_line(d, rng):
    p = used_csv(d, rng)
    lines = read(p).decode("utf-8").split("\n")
    i = rng.randrange(1, max(2, len(lines) - 1))
    lines[i] = lines[i] + ";" + "9" * rng.randrange(70000, 200000)
    write(p, "\n".join(lines))
    return "error"


def md_huge_line(d, rng):
    p = text_file(d, rng)
    word = rng.choice(["trygghet", "ä", "x", "12 450"])
    n = 70000 // len(word.encode()) + rng.randrange(1, 5000)
    write(p, read(p) + b"\n\n" + (word * n).encode("utf-8") + b"\n")
    return "error"


def md_deep_quotes(d, rng):
    n = rng.choice([33, 100, 1000, 20000])
    append_block(d, rng, ">" * n + " djupt citat")
    return "error"


def md_deep_lists(d, rng):
    n = rng.randrange(40, 400)
    append_block(d, rng, "\n".join("  " * i + "- punkt" for i in range(n)))
    return "error"


def md_deep_emphasis(d, rng):
    # Beyond about 1 800, "[[[…länk](x)](x)…" is one word wider than 2^31
    # sp: its widths are summed held at the widest (once an overflow, now
    # tests/fuzz/regressions/pipeline-linked-word-width-overflow).
    n = rng.randrange(40, 6000)
    append_block(d, rng, "*" * n + "betonat" + "*" * n if rng.random() < 0.5
                 else "[" * n + "länk" + "](x)" * n)
    return "warning-or-error"


def table_200_columns(d, rng):
    cols = rng.randrange(65, 201) if rng.random() < 0.5 else 200
    head = ";".join(["Namn"] + [f"K{i}" for i in range(1, cols)])
    rows = [";".join(["rad"] + [str(rng.randrange(1000)) for _ in range(1, cols)]) for _ in range(3)]
    write(os.path.join(d, "data", "bred.csv"), "\n".join([head] + rows) + "\n")
    append_block(d, rng, "```table\ndata = ../data/bred.csv\ncaption = Bred tabell\n```")
    return "error"


def long_paragraph(d, rng):
    words = ["trygghet", "och", "säkerhet", "i", "Malmö", "stad", "renhållning", "klotter",
             "belysning", "gångväg", "anmälda", "ärenden", "2026", "12 450", "45 %"]
    out = []
    line = []
    for _ in range(200000):
        line.append(rng.choice(words))
        if len(line) == 12:
            out.append(" ".join(line))
            line = []
    append_block(d, rng, "\n".join(out))
    return "clean"


def path_dotdot(d, rng):
    target = rng.choice(["../../data/klotter.csv", "../../../etc/passwd", "../" * 30 + "etc/hostname"])
    append_block(d, rng, f"```table\ndata = {target}\ncaption = Utanför\n```")
    return "error"


def path_absolute(d, rng):
    target = rng.choice(["/etc/passwd", os.path.abspath(os.path.join(d, "data", "klotter.csv"))])
    if rng.random() < 0.5:
        append_block(d, rng, f"```table\ndata = {target}\ncaption = Absolut\n```")
    else:
        p = os.path.join(d, "document.ini")
        write(p, read(p).replace(b"[contents]\n", f"[contents]\ntext = {target}\n".encode(), 1))
    return "error"


def symlink_outside(d, rng):
    outside = os.path.join(os.path.dirname(d), "outside.csv")
    write(outside, "År;Antal\n2025;1\n")
    p = rng.choice([used_csv(d, rng), text_file(d, rng)])
    replace_with(p, lambda q: os.symlink(rng.choice([outside, "/etc/passwd", "../../outside.csv"]), q))
    if rng.random() < 0.3:   # a whole folder linked out
        shutil.rmtree(os.path.join(d, "charts"))
        os.symlink(os.path.dirname(d), os.path.join(d, "charts"))
    return "error"


def symlink_loop(d, rng):
    p = rng.choice([used_csv(d, rng), text_file(d, rng)])
    if rng.random() < 0.5:
        replace_with(p, lambda q: os.symlink(os.path.basename(q), q))
    else:
        other = p + ".b"
        replace_with(p, lambda q: os.symlink(os.path.basename(other), q))
        os.symlink(os.path.basename(p), other)
    return "error"


def folder_as_file(d, rng):
    p = rng.choice([used_csv(d, rng), text_file(d, rng), os.path.join(d, "document.ini"),
                    rng.choice(files(d, "charts", ".chart"))])
    replace_with(p, os.mkdir)
    return "error"


def fifo_as_file(d, rng):
    p = rng.choice([used_csv(d, rng), text_file(d, rng), rng.choice(files(d, "charts", ".chart"))])
    replace_with(p, os.mkfifo)
    return "error"


def dev_zero(d, rng):
    p = rng.choice([used_csv(d, rng), text_file(d, rng), os.path.join(d, "document.ini")])
    replace_with(p, lambda q: os.symlink(rng.choice(["/dev/zero", "/dev/urandom", "/dev/null"]), q))
    return "error-or-clean"   # /dev/null reads as an empty file: an empty text is fine


def truncated_utf8(d, rng):
    p = rng.choice([text_file(d, rng), rng.choice(files(d, "charts", ".chart")),
                    os.path.join(d, "document.ini")])
    data = read(p)
    cuts = [i for i in range(len(data)) if data[i] >= 0xc0]
    if cuts:
        i = rng.choice(cuts)
        data = data[:i + 1] + (b"" if rng.random() < 0.5 else b" och mer text\n")
    else:
        data += b"\xc3"
    write(p, data)
    return "error"


def chart_unknown_key(d, rng):
    p = rng.choice(files(d, "charts", ".chart"))
    key = rng.choice(["colour = red", "färg = röd", "typ = bar", "serie = A", "width = 10cm", "x-axis = År"])
    write(p, read(p) + ("\n" + key + "\n").encode())
    return "error"


def chart_bad_values(d, rng):
    p = rng.choice(files(d, "charts", ".chart"))
    line = rng.choice(["type = pie", "height = 5mm", "height = tall", "target = many",
                       "series = Finns inte", "x = Saknas"])
    key = line.split("=")[0].strip()
    kept = [l for l in read(p).decode().split("\n") if not l.startswith(key + " ") and not l.startswith(key + "=")]
    write(p, "\n".join(kept + [line]) + "\n")
    return "error"


def ini_broken(d, rng):
    p = os.path.join(d, "document.ini")
    s = read(p).decode()
    how = rng.randrange(5)
    if how == 0:
        s = re.sub(r"(?m)^date.*\n", "", s)
    elif how == 1:
        s = s.replace("[document]", "[dokument]")
    elif how == 2:
        s = s.replace("date       = 2027-03-15", "date = 2027-13-45")
    elif how == 3:
        s = s.replace("title", "titel", 1)
    else:
        s = s.replace("text = text/01", "text = text/saknas", 1)
    write(p, s)
    return "error"


def odd_chart(d, rng):
    """Merely odd: a chart without alt text gets a description and a warning."""
    p = rng.choice(files(d, "charts", ".chart"))
    kept = [l for l in read(p).decode().split("\n") if not re.match(r"\s*alt\s*=", l)]
    write(p, "\n".join(kept) + "\n")
    return "warning:the chart has no 'alt'; a description was made"


def odd_heading(d, rng):
    """Merely odd: a heading level skipped."""
    append_block(d, rng, "## Avsnitt\n\nText.\n\n#### Rubrik på fjärde nivån\n\nText under den.")
    return "warning:heading after a level-"


NAMED = [csv_utf16, csv_undefined_byte, csv_stray_quote, csv_unclosed_quote, csv_ragged,
         csv_huge_line, md_huge_line, md_deep_quotes, md_deep_lists, md_deep_emphasis,
         table_200_columns, path_dotdot, path_absolute, symlink_outside, symlink_loop,
         folder_as_file, fifo_as_file, dev_zero, truncated_utf8, chart_unknown_key,
         chart_bad_values, ini_broken, odd_chart, odd_heading]

# ---- random mutations ------------------------------------------------------------

TOKENS = [b"```", b"```chart\n", b"```table\n", b"```indicators\n", b"|", b"| --- |", b"[^1]",
          b"[^1]: not\n", b"**", b"_", b"\"", b";", b"\t", b",", b"=", b"\n", b"\r\n", b"\xef\xbb\xbf",
          b"\xe2\x88\x92", b"\xff", b"\x00", b"\xc3", b"#", b"> ", b"- ", b"1. ", b"![](x.png)",
          b"](", b"<!--", b"-->", b"\\", b"..", b"/", b"%", b"{page}", b"data = ", b"file = "]


def mutate(d, rng):
    cands = (files(d, "text", ".md") + files(d, "data", ".csv") + files(d, "charts", ".chart")
             + [os.path.join(d, "document.ini")])
    p = rng.choice(cands)
    data = read(p)
    lines = data.split(b"\n")
    how = rng.randrange(7)
    if how == 0 and len(lines) > 1:
        del lines[rng.randrange(len(lines))]
    elif how == 1:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif how == 2 and len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif how == 3:
        i = rng.randrange(len(data) + 1)
        data = data[:i] + rng.choice(TOKENS) * rng.choice([1, 1, 2, 3, 50]) + data[i:]
        lines = data.split(b"\n")
    elif how == 4 and data:
        i = rng.randrange(len(data))
        data = data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]
        lines = data.split(b"\n")
    elif how == 5:
        lines = data[:rng.randrange(len(data) + 1)].split(b"\n")
    else:
        i = rng.randrange(len(lines))
        lines[i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
    write(p, b"\n".join(lines))


# ---- running ------------------------------------------------------------------------

KEPT = b"an earlier good PDF\n"


def run_case(binary, d, out_dir, timeout):
    os.makedirs(out_dir)
    kept = os.path.join(out_dir, "kept.pdf")
    write(kept, KEPT)
    t0 = time.monotonic()
    try:
        r = subprocess.run([binary, "-o", kept, d], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", time.monotonic() - t0, ["hangs: no answer within %g s" % timeout]
    took = time.monotonic() - t0
    err = r.stderr.decode("utf-8", "replace")
    problems = []
    rc = r.returncode
    if rc < 0 or SANITIZER.search(err):
        problems.append(f"crashes (exit {rc})")
    elif rc not in (0, 1):
        problems.append(f"exit {rc}, not 0 or 1")
    others = sorted(set(os.listdir(out_dir)) - {"kept.pdf"})
    if others:
        problems.append("left files in the output folder: " + " ".join(others))
    if rc == 1:
        if read(kept) != KEPT:
            problems.append("changed the earlier PDF")
        errs = ERROR_LINE.findall(err)
        if not errs:
            problems.append("exit 1 without a `path:line:col: error:` message")
        elif any(e == "trycksak" for e in errs):
            problems.append("an error that names no file (trycksak: error:)")
    elif rc == 0 and not read(kept).startswith(b"%PDF-"):
        problems.append("exit 0 without writing the PDF")
    return rc, err, took, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("BROKEN_SEED") or 1))
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--timeout", type=float, default=float(os.environ.get("BROKEN_TIMEOUT") or 10))
    ap.add_argument("--keep", default=None, help="copy each failing case's folder here")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="trycksak-broken.")
    counts = {"error": 0, "warning": 0, "clean": 0}
    failed = 0
    slowest = (0.0, "")
    try:
        for n in range(args.count):
            case_rng = random.Random(rng.getrandbits(64))
            # every named case once, then named cases and random mutations mixed;
            # the 200 000-word paragraph once a run (it is slow, not broken)
            if n < len(NAMED):
                makers = [NAMED[n]]
            elif n == len(NAMED):
                makers = [long_paragraph]
            elif case_rng.random() < 0.4:
                makers = [case_rng.choice(NAMED)]
            else:
                makers = [mutate] * case_rng.randrange(1, 4)
            name = f"{n:03d}-{makers[0].__name__}"
            base = os.path.join(tmp, name)
            d = os.path.join(base, "doc")
            shutil.copytree(SAMPLE, d, symlinks=True)
            want = "any"
            for m in makers:
                got = m(d, case_rng)
                if got:
                    want = got
            # the 200 000-word paragraph is a long document, not a hang
            limit = args.timeout * (3 if makers[0] is long_paragraph else 1)
            rc, err, took, problems = run_case(binary, d, os.path.join(base, "out"), limit)
            if took > slowest[0]:
                slowest = (took, name)
            has_warning = re.search(r": warning: ", err) is not None
            if rc is not None and not problems:
                if want == "error" and rc != 1:
                    problems.append("exit 0, expected an error")
                elif want.startswith("warning:") and not (
                        rc == 0 and re.search(r": warning: .*" + re.escape(want[8:]), err)):
                    problems.append(f"exit {rc}, expected exit 0 with the warning '{want[8:]}'")
                elif want == "warning-or-error" and not (rc == 1 or has_warning):
                    problems.append("neither an error nor a warning")
                elif want == "clean" and rc != 0:
                    problems.append(f"exit {rc}, expected the document to typeset")
            if rc == 1:
                counts["error"] += 1
            elif rc == 0:
                counts["warning" if has_warning else "clean"] += 1
            if problems:
                failed += 1
                print(f"broken {name} (seed {args.seed}): {'; '.join(problems)}")
                for line in err.splitlines()[:8]:
                    print("    " + line)
                if args.keep:
                    dest = os.path.join(args.keep, name)
                    shutil.rmtree(dest, ignore_errors=True)
                    shutil.copytree(d, dest, symlinks=True,
                                    ignore_dangling_symlinks=True,
                                    ignore=lambda src, names: [x for x in names if stat.S_ISFIFO(
                                        os.lstat(os.path.join(src, x)).st_mode)])
            shutil.rmtree(base)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"broken: {args.count} cases ({counts['error']} errors, {counts['warning']} warnings, "
          f"{counts['clean']} clean), slowest {slowest[0]:.2f} s ({slowest[1]}); {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
