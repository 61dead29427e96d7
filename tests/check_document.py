#!/usr/bin/python3
"""A typeset document checked against its source.

    tests/check_document.py PDF DOCUMENT_DIR MIN_PAGES MAX_PAGES

Reads the Markdown headings of DOCUMENT_DIR (the `text =` files in order,
ATX headings outside fenced blocks) and the layout it names, then checks
the PDF (pdftotext for what is printed, pikepdf for its structure):

  - the page count is within MIN_PAGES..MAX_PAGES;
  - the outline equals the headings, level by level and in order, and
    each entry leads to a page whose text holds the heading;
  - the contents (when the layout has them and there are two entries or
    more) list the headings down to [contents] depth, each with the page
    number its outline entry leads to; without them no page says Innehåll;
  - every page but the cover prints "N (M)", N its number and M the page
    count; the cover prints no number;
  - the page labels (/PageLabels) equal the printed numbers;
  - the document information and the XMP metadata hold the title, and the
    viewer is asked to show it.

Exit status 0 when all hold; otherwise every failure is printed and the
status is 1."""

import os
import re
import subprocess
import sys

import pikepdf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_boxes import data_folder, document_ini, document_layout  # noqa: E402

problems = []


def problem(msg):
    problems.append(msg)


def norm(s):
    """Headings as the typesetter prints them and as written in Markdown
    compare equal: Swedish quotes and dashes, inline marks, spaces."""
    s = re.sub(r"[*_`]", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    for a, b in (("”", '"'), ("“", '"'), ("’", "'"), ("–", "-"), ("—", "-"),
                 ("\u00a0", " "), ("\u202f", " ")):
        s = s.replace(a, b)
    s = s.replace("--", "-")
    return " ".join(s.split())


def headings(doc_dir, texts):
    out = []
    for t in texts:
        fence = None
        with open(os.path.join(doc_dir, t), encoding="utf-8-sig") as f:
            for line in f:
                m = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
                if m:
                    if fence is None:
                        fence = m.group(1)[0]
                    elif m.group(1)[0] == fence:
                        fence = None
                    continue
                if fence:
                    continue
                m = re.match(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
                if m:
                    out.append((len(m.group(1)), norm(m.group(2))))
    return out


def page_texts(pdf, n):
    out = []
    for i in range(1, n + 1):
        r = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(i), "-l", str(i),
                            pdf, "-"], capture_output=True, text=True, check=True)
        out.append(r.stdout)
    return out


def outline(pdf):
    """[(level, title, page index)] in order."""
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out = []

    def walk(items, level):
        for it in items:
            dest = it.destination
            page = -1
            if isinstance(dest, pikepdf.Array) and len(dest) > 0:
                page = pages.get(dest[0].objgen, -1)
            out.append((level, norm(str(it.title)), page))
            walk(it.children, level + 1)
    with pdf.open_outline() as ol:
        walk(ol.root, 1)
    return out


def labels(pdf, n):
    """The page label of each page, decimal styles only (what we write)."""
    root = pdf.Root
    if "/PageLabels" not in root:
        return [str(i + 1) for i in range(n)]
    nums = list(root.PageLabels.Nums)
    ranges = [(int(nums[k]), nums[k + 1]) for k in range(0, len(nums), 2)]
    out = []
    for i in range(n):
        start, d = max((r for r in ranges if r[0] <= i), key=lambda r: r[0])
        st = int(d.get("/St", 1))
        prefix = str(d.get("/P", ""))
        out.append(prefix + (str(st + i - start) if d.get("/S") == "/D" else ""))
    return out


def contents_entries(texts, header_lines):
    """(title, number) of the contents pages' entries, wrapped titles
    joined; the running header and the footer left out."""
    entries, pending, on = [], "", False
    for t in texts:
        for line in t.splitlines():
            s = " ".join(line.split())
            if not s or s in header_lines or re.fullmatch(r"\d+ \(\d+\)", s):
                continue
            if s == "Innehåll":
                on = True
                continue
            if not on:
                continue
            m = re.fullmatch(r"(.*?)\s+(\d+)", s)
            if m:
                entries.append((norm((pending + " " + m.group(1)).strip()), int(m.group(2))))
                pending = ""
            else:
                pending = (pending + " " + s).strip()
    return entries


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    pdf_path, doc_dir = sys.argv[1], sys.argv[2]
    lo, hi = int(sys.argv[3]), int(sys.argv[4])
    doc, texts = document_ini(doc_dir)
    layout = document_layout(doc_dir, data_folder())
    has_cover = layout.get("cover", {}).get("page") == "yes"
    has_contents = layout.get("contents", {}).get("page") == "yes"
    depth = int(layout.get("contents", {}).get("depth", "2"))
    heads = headings(doc_dir, texts)
    # [chart] data-appendix: a last chapter with the charts' data
    if layout.get("chart", {}).get("data-appendix") == "yes" and any(
            re.search(r"^ {0,3}`{3,}\s*chart", open(os.path.join(doc_dir, t), encoding="utf-8-sig").read(),
                      re.M) for t in texts):
        heads.append((1, norm(layout.get("words", {}).get("chart-data", "Diagramdata"))))

    pdf = pikepdf.open(pdf_path)
    n = len(pdf.pages)
    if not lo <= n <= hi:
        problem("%d pages, expected %d to %d" % (n, lo, hi))
    text = page_texts(pdf_path, n)

    # the outline
    ol = outline(pdf)
    if [(lv, t) for lv, t, _ in ol] != heads:
        problem("the outline differs from the headings:\n  outline:  %s\n  headings: %s"
                % ([(lv, t) for lv, t, _ in ol][:12], heads[:12]))
    for lv, t, page in ol:
        flat = norm(" ".join(text[page].split())) if 0 <= page < n else ""
        if t not in flat:
            problem("the outline entry %r leads to page %d, which does not hold it" % (t, page + 1))

    # the contents
    listed = [(t, p + 1) for lv, t, p in ol if lv <= depth]
    header_lines = {" ".join(doc.get("title", "").split())}
    # the contents pages: from the one that says Innehåll to the page
    # before the first heading's
    first_body = min([p for _, _, p in ol if p >= 0] or [n])
    got = contents_entries(text[:first_body], header_lines)
    if has_contents and len(listed) >= 2:
        if got != listed:
            problem("the contents differ from the headings:\n  contents: %s\n  expected: %s"
                    % (got[:40], listed[:40]))
    elif any(" ".join(t.split()).find("Innehåll") >= 0 for t in text):
        problem("a page says Innehåll, but the document has no contents")

    # printed numbers and page labels
    lab = labels(pdf, n)
    for i in range(n):
        mark = "%d (%d)" % (i + 1, n)
        printed = mark in " ".join(text[i].split())
        if i == 0 and has_cover:
            if printed or re.search(r"\b\d+ \(\d+\)", text[i]):
                problem("the cover prints a page number")
        elif not printed:
            problem("page %d does not print %r" % (i + 1, mark))
        if lab[i] != str(i + 1):
            problem("page %d is labelled %r, printed as %d" % (i + 1, lab[i], i + 1))

    # the title in the metadata, shown by the viewer
    title = doc.get("title", "")
    if str(pdf.docinfo.get("/Title", "")) != title:
        problem("the document information's title is %r, not %r"
                % (str(pdf.docinfo.get("/Title", "")), title))
    with pdf.open_metadata() as meta:
        if title not in str(meta.get("dc:title", "")):
            problem("the XMP dc:title is %r, not %r" % (meta.get("dc:title", ""), title))
    vp = pdf.Root.get("/ViewerPreferences")
    if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
        problem("the viewer is not asked to show the title (DisplayDocTitle)")

    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("%s: %d pages, %d headings, %d contents entries: in order" % (pdf_path, n, len(heads), len(got)))


if __name__ == "__main__":
    main()
