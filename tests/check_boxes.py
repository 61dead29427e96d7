#!/usr/bin/python3
"""Every box drawn lies inside the page's text area, except furniture.

    tests/check_boxes.py TRYCKSAK DOCUMENT_DIR

Runs `TRYCKSAK --trace DOCUMENT_DIR` and reads the layout the document
names (following `inherit =`) for the page size and margins. Then, on
every page:

  - content (text, paths, images, links outside an <artifact>) lies inside
    the text area: between the margins;
  - furniture (inside an <artifact>: running header, footer, logo, the
    UTKAST watermark, rules and backgrounds) lies inside the trimmed page.
    Furniture that the layout places outside the text area is allowed only
    there: header text in the top margin, footer text in the bottom
    margin, the logo in the bottom right corner, the watermark anywhere on
    the page.

A text run's box is its advance widths (less a space ending the run,
which has no ink) by the size's ascent (0.8 em
above the baseline) and descent (0.25 em below), turned by its angle. A
stroked path's box grows by half its line width. Everything is compared
with a tolerance of 0.5 pt (the trace rounds to 0.01 pt).

Exit status 0 when every box is in place; otherwise each misplaced box is
printed with its page and what it is, and the status is 1."""

import math
import os
import re
import subprocess
import sys

TOL = 0.5
MM = 72 / 25.4
UNITS = {"pt": 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0}
SIZES = {"a4": (210 * MM, 297 * MM), "a5": (148 * MM, 210 * MM),
         "letter": (8.5 * 72, 11 * 72)}


def strip_comment(line):
    line = line.strip()
    if line.startswith(";") or line.startswith("#"):
        return ""
    m = re.search(r"\s;", line)
    return line[: m.start()].strip() if m else line


def length(value):
    m = re.fullmatch(r"([0-9]+(?:[.,][0-9]+)?)\s*(pt|mm|cm|in)", value.strip())
    if not m:
        raise ValueError("not a length: %r" % value)
    return float(m.group(1).replace(",", ".")) * UNITS[m.group(2)]


def read_layout(path, data_dir, seen=()):
    """Every section of a layout file over what it inherits:
    {section: {key: value}}."""
    real = os.path.realpath(path)
    if real in seen:
        raise ValueError("inherit loop at %s" % path)
    section, own, inherit = "", {}, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = strip_comment(raw)
            if not line:
                continue
            if line.startswith("["):
                section = line.strip("[] ")
                continue
            key, _, value = line.partition("=")
            key, value = key.strip(), value.strip()
            if not section and key == "inherit":
                inherit = value
            elif section:
                own.setdefault(section, {})[key] = value
    base = {}
    if inherit:
        if inherit.endswith(".layout") or "/" in inherit:
            parent = os.path.join(os.path.dirname(path), inherit)
        else:
            parent = os.path.join(data_dir, "layouts", inherit + ".layout")
        base = read_layout(parent, data_dir, seen + (real,))
    for sec, keys in own.items():
        base.setdefault(sec, {}).update(keys)
    return base


def document_ini(doc_dir):
    """[document] keys and the `text =` files of a document.ini."""
    doc, texts, section = {}, [], ""
    with open(os.path.join(doc_dir, "document.ini"), encoding="utf-8-sig") as f:
        for raw in f:
            line = strip_comment(raw)
            if not line:
                continue
            if line.startswith("["):
                section = line.strip("[] ")
                continue
            key, _, value = line.partition("=")
            key, value = key.strip(), value.strip()
            if section == "contents" and key == "text":
                texts.append(value)
            elif section == "document":
                doc[key] = value
    return doc, texts


def document_layout(doc_dir, data_dir):
    """The layout a document folder names, read with its parents."""
    name = document_ini(doc_dir)[0].get("layout", "bokslut")
    if name.endswith(".layout") or "/" in name:
        path = os.path.join(doc_dir, name)
    else:
        path = os.path.join(data_dir, "layouts", name + ".layout")
    return read_layout(path, data_dir)


def page_geometry(doc_dir, data_dir):
    p = document_layout(doc_dir, data_dir).get("page", {})
    w, h = 210 * MM, 297 * MM
    if "size" in p:
        w, h = SIZES[p["size"].lower()]
    w = length(p["width"]) if "width" in p else w
    h = length(p["height"]) if "height" in p else h
    m = {k: length(p.get("margin-" + k, d)) for k, d in
         (("top", "25mm"), ("bottom", "30mm"), ("left", "30mm"), ("right", "40mm"))}
    return w, h, m


TEXT = re.compile(r'\s*text (\S+) (\S+) f\d+ (\S+) #\w+ "((?:[^"\\]|\\.)*)" \[([^\]]*)\](?: rotate (-?\d+))?$')
NUM = re.compile(r"-?\d+\.\d+")


def text_box(line):
    m = TEXT.match(line)
    if not m:
        raise ValueError("cannot read: " + line)
    x, y, size = float(m.group(1)), float(m.group(2)), float(m.group(3))
    advs = [float(a.split("^")[0]) for a in m.group(5).split()] if m.group(5).strip() else []
    # a space ending the run is the word space its line ended at, kept
    # for text extraction: it has no ink
    text = m.group(4)
    while text.endswith(" ") and advs:
        text, advs = text[:-1], advs[:-1]
    adv = sum(advs)
    angle = math.radians(int(m.group(6) or 0))
    # corners of the run's box relative to the baseline start, y down
    pts = [(0, -0.8 * size), (adv, -0.8 * size), (adv, 0.25 * size), (0, 0.25 * size)]
    c, s = math.cos(angle), math.sin(angle)
    xs = [x + px * c + py * s for px, py in pts]
    ys = [y - px * s + py * c for px, py in pts]
    return (min(xs), min(ys), max(xs), max(ys)), m.group(4), bool(m.group(6))


def path_box(line):
    """The points of the path; a stroke adds half its width across each
    straight segment (PDF's default butt caps add nothing along it) and
    around the points of curves."""
    body = line.split(" fill ")[0].split(" stroke ")[0]
    tokens = body.split()[1:]
    half = 0.0
    m = re.search(r" stroke #\w+ (\S+)", line)
    if m:
        half = float(m.group(1)) / 2
    pts, prev, start = [], None, None
    i = 0
    while i < len(tokens):
        op = tokens[i]
        i += 1
        n = {"M": 1, "L": 1, "C": 3, "Z": 0}[op]
        cur = [tuple(float(v) for v in tokens[i + k].split(",")) for k in range(n)]
        i += n
        if op == "M":
            prev = start = cur[0]
            pts.append(prev)
            continue
        if op == "Z":
            cur = [start]
        if op in ("L", "Z") and prev is not None:
            (x0, y0), (x1, y1) = prev, cur[0]
            d = math.hypot(x1 - x0, y1 - y0) or 1.0
            nx, ny = -(y1 - y0) / d * half, (x1 - x0) / d * half
            pts += [(x0 + nx, y0 + ny), (x0 - nx, y0 - ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny)]
        else:
            for (x, y) in cur:
                pts += [(x - half, y - half), (x + half, y + half)]
        prev = cur[-1]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def data_folder():
    return os.environ.get("TRYCKSAK_DATA") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def inside(box, area):
    x0, y0, x1, y1 = box
    ax0, ay0, ax1, ay1 = area
    return x0 >= ax0 - TOL and y0 >= ay0 - TOL and x1 <= ax1 + TOL and y1 <= ay1 + TOL


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, doc_dir = sys.argv[1], sys.argv[2]
    data_dir = data_folder()
    W, H, m = page_geometry(doc_dir, data_dir)
    text_area = (m["left"], m["top"], W - m["right"], H - m["bottom"])
    page_area = (0, 0, W, H)
    header_zone = (0, 0, W, m["top"])
    footer_zone = (0, H - m["bottom"], W, H)
    logo_zone = (W - m["right"], H - m["bottom"], W, H)
    trace = subprocess.run([binary, "--trace", doc_dir], capture_output=True, text=True)
    if trace.returncode != 0:
        sys.exit("%s --trace %s failed:\n%s" % (binary, doc_dir, trace.stderr))
    problems, page, artifact, boxes = [], 0, 0, 0
    for line in trace.stdout.splitlines():
        word = line.split(None, 1)[0] if line.strip() else ""
        if word == "page":
            page += 1
            continue
        if word == "<artifact>":
            artifact += 1
            continue
        if word == "</artifact>":
            artifact -= 1
            continue
        if word == "text":
            box, what, turned = text_box(line)
            what = "text %r" % what
        elif word == "path":
            box, turned, what = path_box(line), False, "a path"
        elif word in ("image", "link"):
            x, y, w, h = (float(v) for v in line.split()[1:5])
            box, turned, what = (x, y, x + w, y + h), False, "an " + word if word == "image" else "a link"
        else:
            continue
        boxes += 1
        where = "page %d: %s at %.2f,%.2f..%.2f,%.2f" % ((page, what) + tuple(box))
        if not artifact:
            if not inside(box, text_area):
                problems.append(where + " leaves the text area %.2f,%.2f..%.2f,%.2f" % text_area)
            continue
        if not inside(box, page_area):
            problems.append(where + " leaves the page")
        elif not inside(box, text_area) and not turned:
            if not (inside(box, header_zone) or inside(box, footer_zone) or inside(box, logo_zone)):
                problems.append(where + " is furniture outside the text area but not in "
                                "the header, the footer or the logo's corner")
    for p in problems[:40]:
        print(p)
    if problems:
        print("%d of %d boxes misplaced in %s" % (len(problems), boxes, doc_dir))
        sys.exit(1)
    print("%d boxes on %d pages in place in %s" % (boxes, page, doc_dir))


if __name__ == "__main__":
    main()
