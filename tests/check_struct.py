#!/usr/bin/python3
"""The structure tree of a tagged PDF as three independent readers see it.

    /usr/bin/python3 tests/check_struct.py FILE.pdf [STRUCT.txt]

STRUCT.txt, when given, is `pdfinfo -struct-text FILE.pdf` already run
(it takes seconds on a long document); otherwise it is run here.

Exit status 0 when every check passes, 1 otherwise (each failure one line
"FILE: CHECK: what is wrong"), 2 when a reader cannot run. Needs node and
tests/pdfjs/node_modules (npm ci --prefix tests/pdfjs), poppler's pdfinfo,
and Debian's /usr/bin/python3 for pikepdf.

The readers: pdf.js (tests/pdfjs/struct.mjs, one tree per page, the text
of each marked-content sequence), poppler (`pdfinfo -struct-text`, the
whole tree with the text of each sequence) and pikepdf (the objects
themselves). The checks:

  pdfjs-pages   pdf.js's tree of each page equals the one pikepdf's objects
                give by the rule pdf.js follows (ISO 32000-1 14.7.4.4: the
                elements owning the page's MCIDs and annotations, their
                ancestors, kids in /K order): roles, /Alt or /ActualText,
                /Lang, every marked-content kid on the page by its MCID, and
                the annotations
  pdfjs-poppler the whole tree in structure order, its roles from pikepdf
                and its text from pdf.js, equals poppler's: the same
                elements in the same order, and the same text in every
                marked-content sequence (white space aside: pdf.js puts a
                space where glyphs stand apart, poppler does not)
  pdfjs-heading the headings pdf.js shows (H1-H6, outside the TOC), in page
                order, are the outline's entries: level and title
  pdfjs-list    every L pdf.js shows holds LI, every LI an LBody
  pdfjs-table   every Table has its header row: as many THead holding TH
                as there are Tables
  pdfjs-figure  every Figure pdf.js shows has a non-empty alternate text
"""

import json
import os
import re
import subprocess
import sys

import pikepdf
from pikepdf import Array, Dictionary, Name

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfa_check import tree_entries  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def struct_kids(e):
    k = e.get("/K")
    return list(k) if isinstance(k, Array) else [] if k is None else [k]


def page_id(pg):
    """pdf.js's name of a page object: '4R' (object 4, generation 0)."""
    num, gen = pg.objgen
    return f"{num}R" if gen == 0 else f"{num}R{gen}"


def content_kid(e, kid):
    """('mc', id), ('annot', None), ('elem', dict) or None for a kid."""
    if isinstance(kid, int) or (hasattr(kid, "is_integer") and kid.is_integer):
        pg = e.get("/Pg")
        return ("mc", f"p{page_id(pg)}_mc{int(kid)}") if pg is not None else None
    if isinstance(kid, Dictionary):
        t = kid.get("/Type")
        if t == Name.MCR:
            pg = kid.get("/Pg", e.get("/Pg"))
            return ("mc", f"p{page_id(pg)}_mc{int(kid.MCID)}")
        if t == Name.OBJR:
            return ("annot", None)
        if "/S" in kid:
            return ("elem", kid)
    return None


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def head(e):
    """An element's line as struct.mjs prints it (alt: /Alt, else /ActualText)."""
    line = str(e.S)[1:]
    alt = e.get("/Alt", e.get("/ActualText"))
    if alt is not None:
        line += " alt=" + quote(str(alt))
    if "/Lang" in e:
        line += " lang=" + quote(str(e.Lang))
    return line


def pikepdf_pages(pdf):
    """Each page's tree by pdf.js's rule, as struct.mjs prints it without
    the text."""
    root = pdf.Root.StructTreeRoot
    parent_tree = {int(k): v for k, v in tree_entries(root.get("/ParentTree"), "/Nums")}
    out = []
    for i, page in enumerate(pdf.pages, 1):
        on_page = set()

        def add(e):
            while isinstance(e, Dictionary) and e.get("/Type") != Name.StructTreeRoot \
                    and e.objgen not in on_page:
                on_page.add(e.objgen)
                e = e.get("/P")
        sp = page.obj.get("/StructParents")
        owners = parent_tree.get(int(sp)) if sp is not None else None
        for e in owners if isinstance(owners, Array) else []:
            add(e)
        for a in page.obj.get("/Annots", Array()):
            if "/StructParent" in a:
                add(parent_tree.get(int(a.StructParent)))
        out.append(f"page {i}")

        def walk(e, depth):
            out.append("  " * depth + head(e))
            for kid in struct_kids(e):
                c = content_kid(e, kid)
                if c is None:
                    continue
                if c[0] == "elem":
                    if c[1].objgen in on_page:
                        walk(c[1], depth + 1)
                elif c[0] == "mc":
                    if c[1].startswith(f"p{page_id(page.obj)}_"):
                        out.append("  " * (depth + 1) + "mc " + c[1])
                else:
                    out.append("  " * (depth + 1) + "annot")
        for top in struct_kids(root):
            if isinstance(top, Dictionary) and top.objgen in on_page:
                walk(top, 0)
    return out


def whole_tree(pdf, text):
    """The whole tree in structure order, poppler's way: (depth, role) for
    an element, (depth, '"TEXT"') for a marked-content kid with the text
    pdf.js found for it, (depth, 'annot') for an annotation."""
    out = []

    def walk(e, depth):
        if depth > 256:
            return
        out.append((depth, str(e.S)[1:]))
        for kid in struct_kids(e):
            c = content_kid(e, kid)
            if c is None:
                continue
            if c[0] == "elem":
                walk(c[1], depth + 1)
            elif c[0] == "mc":
                out.append((depth + 1, '"' + text.get(c[1], "") + '"'))
            else:
                out.append((depth + 1, "annot"))
    for top in struct_kids(pdf.Root.StructTreeRoot):
        if isinstance(top, Dictionary):
            walk(top, 0)
    return out


def poppler_tree(lines):
    """pdfinfo -struct-text's lines as whole_tree gives them: an element's
    role alone (no '(block)', '<id>' or ':'), attribute lines dropped, an
    'Object N G' line (an OBJR) as 'annot'."""
    out = []
    for line in lines:
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip()
        if body.startswith("/"):
            continue                        # an attribute, /Scope /Column
        if body.startswith('"'):
            out.append((depth, body))
        elif re.fullmatch(r"Object \d+ \d+", body):
            out.append((depth, "annot"))
        else:
            out.append((depth, re.split(r"[ :]", body, maxsplit=1)[0]))
    return out


def squeeze(s):
    return re.sub(r"\s+", "", s)


def main(path, poppler_text=None):
    problems = []

    def fail(check, msg):
        problems.append(f"{path}: {check}: {msg}")

    js = subprocess.run(["node", os.path.join(HERE, "pdfjs", "struct.mjs"), path],
                        capture_output=True, text=True)
    if js.returncode != 0:
        print(f"{path}: pdf.js could not read it: {js.stderr.strip()[-500:]}")
        return 2
    if poppler_text is None:
        pop = subprocess.run(["pdfinfo", "-struct-text", path], capture_output=True, text=True)
        if pop.returncode != 0:
            print(f"{path}: pdfinfo -struct-text failed: {pop.stderr.strip()}")
            return 2
        poppler_text = pop.stdout
    js_lines = js.stdout.splitlines()
    text = {}
    for line in js_lines:
        m = re.match(r'\s*mc (\S+) (".*")$', line)
        if m:

            text[m.group(1)] = json.loads(m.group(2))
    pdf = pikepdf.open(path)

    # pdfjs-pages
    mine = pikepdf_pages(pdf)
    theirs = [re.sub(r'^(\s*mc \S+) ".*"$', r"\1", line) for line in js_lines]
    if mine != theirs:
        at = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b),
                  min(len(mine), len(theirs)))
        fail("pdfjs-pages", f"line {at + 1}: pikepdf gives "
             f"{mine[at] if at < len(mine) else 'nothing'!r}, pdf.js "
             f"{theirs[at] if at < len(theirs) else 'nothing'!r}")

    # pdfjs-poppler
    ours = whole_tree(pdf, text)
    pops = poppler_tree(poppler_text.splitlines())
    for i in range(max(len(ours), len(pops))):
        a = ours[i] if i < len(ours) else None
        b = pops[i] if i < len(pops) else None
        same = a is not None and b is not None and a[0] == b[0] and (
            a[1] == b[1] or (a[1].startswith('"') and squeeze(a[1]) == squeeze(b[1])))
        if not same:
            fail("pdfjs-poppler", f"item {i + 1} in structure order: pikepdf and pdf.js "
                 f"give {a!r}, poppler {b!r}")
            break

    # the elements pdf.js shows, page by page: (depth, role, alt, line index)
    shown = []
    for i, line in enumerate(js_lines):
        m = re.match(r'(\s*)([A-Za-z0-9]+)( alt=(".*?"))?( lang=".*")?$', line)
        if m and not line.startswith("page "):

            alt = json.loads(m.group(4)) if m.group(4) else None
            shown.append((len(m.group(1)) // 2, m.group(2), alt, i))

    def kids_of(j):
        depth = shown[j][0]
        res = []
        for k in range(j + 1, len(shown)):
            if shown[k][0] <= depth:
                break
            if shown[k][0] == depth + 1:
                res.append(k)
        return res

    def below(j):
        depth = shown[j][0]
        res = []
        for k in range(j + 1, len(shown)):
            if shown[k][0] <= depth:
                break
            res.append(k)
        return res

    def texts_below(j):
        depth = shown[j][0]
        res = ""
        for line in js_lines[shown[j][3] + 1:]:
            if line.startswith("page ") or (len(line) - len(line.lstrip(" "))) // 2 <= depth:
                break
            m = re.match(r'\s*mc \S+ (".*")$', line)
            if m:

                res += json.loads(m.group(1))
        return res

    # pdfjs-heading
    headings = []
    for j, (depth, role, alt, _) in enumerate(shown):
        if re.fullmatch(r"H[1-6]", role):
            parent = next((shown[k][1] for k in range(j - 1, -1, -1)
                           if shown[k][0] == depth - 1), None)
            if parent != "TOC":
                headings.append((int(role[1]), squeeze(texts_below(j))))
    outline = []
    with pdf.open_outline() as o:
        def visit(items, level):
            for t in items:
                outline.append((level, squeeze(t.title)))
                visit(t.children, level + 1)
        visit(o.root, 1)
    if not headings:
        fail("pdfjs-heading", "pdf.js shows no heading")
    elif headings != outline:
        diff = next(((h, o) for h, o in zip(headings, outline) if h != o),
                    (len(headings), len(outline)))
        fail("pdfjs-heading", f"the headings are not the outline: {diff}")

    # pdfjs-list, pdfjs-table, pdfjs-figure
    theads = 0
    for j, (depth, role, alt, _) in enumerate(shown):
        kids = [shown[k][1] for k in kids_of(j)]
        if role == "L" and (not kids or any(k != "LI" for k in kids)):
            fail("pdfjs-list", f"an L holds {kids}")
        if role == "LI" and "LBody" not in kids:
            fail("pdfjs-list", f"an LI holds {kids}")
        if role == "THead" and any(shown[k][1] == "TH" for k in below(j)):
            theads += 1
        if role == "Figure" and not (alt or "").strip():
            fail("pdfjs-figure", "a Figure without alternate text")
    tables = 0

    def count(e, depth):
        nonlocal tables
        if depth > 256:
            return
        if e.get("/S") == Name.Table:
            tables += 1
        for kid in struct_kids(e):
            if isinstance(kid, Dictionary) and "/S" in kid:
                count(kid, depth + 1)
    for top in struct_kids(pdf.Root.StructTreeRoot):
        if isinstance(top, Dictionary):
            count(top, 0)
    if theads != tables:
        fail("pdfjs-table", f"{tables} tables, pdf.js shows {theads} header rows with TH")

    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    given = None
    if len(sys.argv) == 3:
        with open(sys.argv[2], encoding="utf-8") as f:
            given = f.read()
    sys.exit(main(sys.argv[1], given))
