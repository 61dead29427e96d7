#!/usr/bin/env python3
"""Check tables from the layout result, not by hand.

    tests/check_tables.py TRYCKSAK DOCUMENT_DIR

Runs `TRYCKSAK --trace DOCUMENT_DIR` and reads the device calls: every
text run with its page, position, structure element and whether it is an
artifact. Then checks:

  - every `table` block's cells, read column by column from the tagged
    cells (TD) in order, hold exactly the text of its CSV file's column:
    no line lost or printed twice, also where a row taller than a page is
    split between pages (whitespace is ignored, so number grouping and
    line breaks do not matter; the CSV is read with Python's csv module,
    not trycksak's reader);
  - every page a table continues on (after the one it starts on) begins
    with the header row again and, for a numbered table, "Tabell N
    (forts.)", as artifacts;
  - rows stand one below the other: a row's first line at least a line
    (its type size) below the last line of the row before on the page, so
    no row was given less height than its lines take;
  - every footnote referenced from a table cell starts on the page of the
    row that references it.

Prints one line per problem and a summary; exits 1 when anything failed.
"""
import csv
import glob
import os
import re
import subprocess
import sys

TEXT_RE = re.compile(r'^\s*text (\S+) (\S+) f(\d+) (\S+) (\S+) "(.*)" \[(.*)\]$')
OPEN_RE = re.compile(r'^<([A-Za-z0-9]+)( [^>]*)?>$')
ACTUAL_RE = re.compile(r' actual="((?:[^"\\]|\\.)*)"')


def parse_trace(trace):
    """Text runs (page, x, y, text, artifact, stack of (role, id)), and for
    every element id its index among its parent's children of its role."""
    runs, stack, page, artifact, serial = [], [], 0, 0, 0
    index, children = {}, {}
    actual, read_whole = {}, set()   # element id -> ActualText not yet read; ids read
    for line in trace.splitlines():
        s = line.strip()
        if s.startswith("page "):
            page += 1
        elif s == "<artifact>":
            artifact += 1
        elif s == "</artifact>":
            artifact -= 1
        elif s.startswith("</"):
            if stack:
                stack.pop()
        elif OPEN_RE.match(s):
            serial += 1
            role = OPEN_RE.match(s).group(1)
            parent = stack[-1][1] if stack else 0
            key = (parent, role)
            index[serial] = children.get(key, 0)
            children[key] = index[serial] + 1
            stack.append((role, serial))
            a = ACTUAL_RE.search(s)
            if a:
                actual[serial] = a.group(1).replace('\\"', '"').replace("\\\\", "\\")
        else:
            m = TEXT_RE.match(line)
            if m:
                text = m.group(6).replace('\\"', '"').replace("\\\\", "\\")
                # read as a PDF reader does: an element with ActualText (a
                # word hyphenated at a line end) reads as that text, once
                for _, i in reversed(stack):
                    if i in actual:
                        text = actual.pop(i)
                        read_whole.add(i)
                        break
                    if i in read_whole:
                        text = ""
                        break
                runs.append({"page": page, "x": float(m.group(1)), "y": float(m.group(2)),
                             "size": float(m.group(4)), "text": text,
                             "artifact": artifact > 0, "stack": list(stack)})
    return runs, index


def roles(run):
    return [r for r, _ in run["stack"]]


def element(run, role):
    """The id of the innermost element of `role` around the run, or None."""
    for r, i in reversed(run["stack"]):
        if r == role:
            return i
    return None


def table_blocks(doc_dir):
    """The ```table blocks of the document, in order: (caption, csv path)."""
    ini = open(os.path.join(doc_dir, "document.ini"), encoding="utf-8").read()
    blocks = []
    for m in re.finditer(r"^text\s*=\s*(\S+)", ini, re.M):
        md_path = os.path.join(doc_dir, m.group(1))
        md = open(md_path, encoding="utf-8").read()
        for b in re.finditer(r"^```table\n(.*?)^```", md, re.M | re.S):
            keys = dict(re.findall(r"^(\w+)\s*=\s*(.*?)\s*$", b.group(1), re.M))
            data = os.path.normpath(os.path.join(os.path.dirname(md_path), keys["data"]))
            blocks.append((keys.get("caption", ""), data))
    return blocks


def squeeze(s):
    """Without spaces of any kind, the minus sign as a hyphen-minus (the
    table prints −3 for -3)."""
    return re.sub(r"[\s\u00a0\u2009\u202f]+", "", s).replace("\u2212", "-")


def main():
    binary, doc_dir = sys.argv[1], sys.argv[2]
    trace = subprocess.run([binary, "--trace", doc_dir], capture_output=True, text=True,
                           check=True).stdout
    runs, index = parse_trace(trace)
    problems = []

    # ---- the tables: each Table element's runs ------------------------------
    tables = {}            # Table id -> runs in order
    for r in runs:
        t = element(r, "Table")
        if t is not None and not r["artifact"]:
            tables.setdefault(t, []).append(r)
    captions = {t: " ".join(x["text"] for x in rs if "Caption" in roles(x))
                for t, rs in tables.items()}

    # every table block's columns, against its CSV file
    for caption, data in table_blocks(doc_dir):
        match = [t for t, c in captions.items() if caption and caption in c]
        if len(match) != 1:
            problems.append(f"table '{caption}': found {len(match)} times in the trace")
            continue
        raw = open(data, "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")      # as Excel saves "CSV (semikolonavgränsad)"
        head = text.split("\n", 1)[0]
        sep = max(";,\t", key=head.count)
        rows = list(csv.reader(text.splitlines(), delimiter=sep))
        body = [r for r in tables[match[0]] if "TD" in roles(r)]
        # a cell's column: its TD's place in its TR (a row split between
        # pages is a TR per part, each with a TD per column)
        for k, head in enumerate(rows[0]):
            want = squeeze("".join(row[k] for row in rows[1:] if k < len(row)))
            got = squeeze("".join(r["text"] for r in body if index[element(r, "TD")] == k))
            if want != got:
                i = next((n for n in range(min(len(want), len(got))) if want[n] != got[n]),
                         min(len(want), len(got)))
                problems.append(f"table '{caption}', column '{head}': the cells differ from "
                                f"the CSV at character {i}: printed …{got[max(0, i - 30):i + 30]}…, "
                                f"in the file …{want[max(0, i - 30):i + 30]}…")

    # every page a table continues on starts with "(forts.)" and its header
    for t, rs in tables.items():
        pages = sorted({r["page"] for r in rs if "TD" in roles(r)})
        first = min(r["page"] for r in rs)
        head = [r["text"] for r in rs if "TH" in roles(r)]
        numbered = re.match(r"\S+ \d+\.", captions[t])   # "Tabell 3. …"; a pipe table is not
        for p in pages:
            if p == first:
                continue
            art = [r for r in runs if r["page"] == p and r["artifact"]]
            top = min((r["y"] for r in rs if r["page"] == p), default=None)
            above = [r for r in art if top is not None and r["y"] < top]
            cap = " ".join(r["text"] for r in above)
            if numbered and not re.search(r"\d+ \(forts\.\)", cap):
                problems.append(f"table '{captions[t]}': page {p} does not begin with "
                                f"'(forts.)' (above the rows: '{cap}')")
            missing = [h for h in head if h not in [r["text"] for r in above]]
            if head and missing:
                problems.append(f"table '{captions[t]}': page {p} lacks the header {missing}")

    # rows stand one below the other: on a page, a row's first baseline is
    # at least a line (the size of its type) below the last baseline of the
    # row before, so no row was given less height than its lines take
    for t, rs in tables.items():
        rows_in_order, lines = [], {}
        for r in rs:
            tr = element(r, "TR")
            if tr is None:
                continue
            if tr not in lines:
                rows_in_order.append(tr)
                lines[tr] = []
            lines[tr].append(r)
        for a, b in zip(rows_in_order, rows_in_order[1:]):
            pa, pb = lines[a][-1]["page"], lines[b][0]["page"]
            if pa != pb:
                continue
            last = max(r["y"] for r in lines[a] if r["page"] == pa)
            first = min(r["y"] for r in lines[b] if r["page"] == pb)
            size = max(r["size"] for r in lines[b])
            if first - last < size - 0.01:
                problems.append(f"table '{captions[t]}': page {pb}: a row's first line "
                                f"({first:.2f}) is {first - last:.2f} pt below the last line "
                                f"of the row before ({last:.2f}), less than a line")

    # ---- footnotes referenced from table cells --------------------------------
    note_page, ref_page = {}, {}
    for r in runs:
        rl = roles(r)
        if "Note" in rl and "Lbl" in rl and r["text"].isdigit():
            note_page.setdefault(int(r["text"]), r["page"])
        elif "Reference" in rl and ("TD" in rl or "TH" in rl) and r["text"].isdigit():
            ref_page.setdefault(int(r["text"]), r["page"])
    for n, pg in sorted(ref_page.items()):
        if n not in note_page:
            problems.append(f"footnote {n}, referenced in a table cell on page {pg}, is not set")
        elif note_page[n] != pg:
            problems.append(f"footnote {n} starts on page {note_page[n]}; the table row that "
                            f"references it is on page {pg}")

    for p in problems:
        print("check_tables:", p)
    print(f"check_tables: {doc_dir}: {len(tables)} tables, {len(ref_page)} notes from cells; "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
