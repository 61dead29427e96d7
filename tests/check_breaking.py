#!/usr/bin/env python3
"""Check line and page breaking from the layout result, not by hand.

    tests/check_breaking.py TRYCKSAK DOCUMENT_DIR [--right PT]

Runs `TRYCKSAK --trace DOCUMENT_DIR` and reads the device calls: every
text run with its page, position and structure element. Then checks:

  - no text runs past the right edge of the text area (the measure);
  - every hyphen at a line end stands at a valid Swedish break: one the
    Swedish patterns allow (pyphen's sv_SE dictionary, at least two
    letters either side), the joint of a compound (both sides words of the
    Swedish word list, the left one possibly in a linking form: -s-,
    gata → gatu-, flicka → flick-, tjänst+e), or a
    hyphen written in the source (e-post);
  - at most two hyphenated lines in a row;
  - no paragraph (also in lists, quotes and notes) leaves a single line at
    the foot of a page (orphan) or at the head of the next (widow);
  - no heading is the last thing on its page;
  - every footnote starts on the page of its first reference.

The hyphenation check is independent of trycksak's own code: the patterns
come through pyphen, the joints from a separate reading of the word list.
Prints one line per problem and a summary; exits 1 when anything failed.
"""
import glob
import os
import re
import subprocess
import sys

WORDLIST = "/usr/share/dict/swedish"
CONJUNCTIONS = {"och", "eller", "samt", "respektive", "som", "till", "resp."}

TEXT_RE = re.compile(r'^\s*text (\S+) (\S+) f(\d+) (\S+) (\S+) "(.*)" \[(.*)\]$')


def parse_trace(trace):
    """Text runs as dicts: page, x, y, size, text, right, stack (roles)."""
    runs, stack, page, artifact = [], [], 0, 0
    ids, serial = [], 0     # an id per structure element, parallel to stack
    pages = {}
    for line in trace.splitlines():
        s = line.strip()
        if s.startswith("page "):
            page += 1
            parts = s.split()
            pages[page] = (float(parts[2]), float(parts[3]))
            stack = [r for r in stack]   # structure continues across pages
            continue
        if s == "<artifact>":
            artifact += 1
            continue
        if s == "</artifact>":
            artifact -= 1
            continue
        if s.startswith("</"):
            if stack:
                stack.pop()
                ids.pop()
            continue
        if s.startswith("<"):
            role = re.match(r"<(\w+)", s)
            stack.append(role.group(1) if role else "?")
            serial += 1
            ids.append(serial)
            continue
        m = TEXT_RE.match(line)
        if not m or artifact:
            continue
        x, y, size = float(m.group(1)), float(m.group(2)), float(m.group(4))
        adv = [float(a) for a in m.group(7).split()] if m.group(7).strip() else []
        # a space ending the run is the word space its line ended at (kept
        # for text extraction): it has no ink and does not count as
        # running past the measure
        ink, inked = m.group(6), adv
        while ink.endswith(" ") and inked:
            ink, inked = ink[:-1], inked[:-1]
        runs.append({"page": page, "x": x, "y": y, "size": size, "text": m.group(6),
                     "right": x + sum(inked), "stack": tuple(stack),
                     "elem": ids[-1] if ids else 0})
    return runs, pages


def load_words():
    words = set()
    try:
        with open(WORDLIST, encoding="latin-1") as f:
            for w in f:
                words.add(w.strip().lower())
    except OSError:
        pass
    return words


def is_part(part, last, words):
    """Can `part` be a part of a compound? The last part as written; one
    before it also in a Swedish linking form: with -s- (trygghets-), -a as
    -u- or -o- (gatu-, kvinno-), -a or -e dropped (flick-, pojk-, arbets-),
    with a linking -e- or -a- (tjänste-)."""
    if len(part) < 3:
        return False
    if part in words:
        return True
    if last:
        return False
    stem, end = part[:-1], part[-1]
    return ((end == "s" and len(stem) >= 3 and stem in words) or
            (end in "uo" and stem + "a" in words) or
            part + "a" in words or part + "e" in words or
            (end == "s" and stem + "e" in words) or
            (end in "ea" and len(stem) >= 3 and stem in words))


def joints(word, words):
    """Joints of the splits into the fewest parts (is_part), any of them
    when there are several."""
    n = len(word)
    inf = 99
    after = [inf] * (n + 1)    # fewest parts for word[i:]
    before = [inf] * (n + 1)   # fewest parts for word[:j]
    after[n], before[0] = 0, 0
    for i in range(n - 1, -1, -1):
        for j in range(i + 3, n + 1):
            if after[j] < inf and is_part(word[i:j], j == n, words):
                after[i] = min(after[i], after[j] + 1)
    for j in range(3, n + 1):
        for i in range(0, j - 2):
            if before[i] < inf and is_part(word[i:j], j == n, words):
                before[j] = min(before[j], before[i] + 1)
    best = after[0]
    if best >= inf or best < 2:
        return set()
    return {p for p in range(3, n - 2) if before[p] + after[p] == best}


def source_words(doc_dir):
    """Every whitespace-separated token of the Markdown, with its hyphens,
    stripped of punctuation and lowercased."""
    out = set()
    for path in glob.glob(os.path.join(doc_dir, "**", "*.md"), recursive=True):
        with open(path, encoding="utf-8") as f:
            for tok in f.read().split():
                out.add(strip_word(tok).lower())
    return out


def strip_word(tok):
    return tok.strip(".,;:!?()[]”\"’'*_`«»…")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    binary, doc_dir = sys.argv[1], sys.argv[2]
    right_edge = None
    if "--right" in sys.argv:
        right_edge = float(sys.argv[sys.argv.index("--right") + 1])
    res = subprocess.run([binary, "--trace", doc_dir], capture_output=True, text=True)
    if res.returncode != 0:
        print(f"check_breaking: trycksak failed on {doc_dir}:\n{res.stderr}")
        return 1
    runs, pages = parse_trace(res.stdout)
    try:
        import pyphen
        dic = pyphen.Pyphen(lang="sv_SE", left=2, right=2)
    except ImportError:
        print("check_breaking: python3-pyphen is missing (make deps)")
        return 1
    words = load_words()
    written = source_words(doc_dir)
    problems = []

    # ---- the measure --------------------------------------------------
    if right_edge is None:
        # A4 with the malmo-stad margins: 210 mm − 40 mm
        right_edge = 170 / 25.4 * 72
    for r in runs:
        if r["right"] > right_edge + 0.02:
            problems.append(f"page {r['page']}: '{r['text']}' ends at {r['right']:.2f} pt, "
                            f"past the measure ({right_edge:.2f} pt)")

    # ---- paragraphs: lines, hyphens, widows and orphans --------------------
    # a paragraph: the text runs of one P element
    paras, by_elem = [], {}
    for r in runs:
        if r["stack"] and r["stack"][-1] == "P":
            if r["elem"] not in by_elem:
                by_elem[r["elem"]] = []
                paras.append(by_elem[r["elem"]])
            by_elem[r["elem"]].append(r)
    hyphens = 0
    lines_total = 0
    for p in paras:
        lines = []
        for r in p:
            if lines and lines[-1][0]["page"] == r["page"] and abs(lines[-1][0]["y"] - r["y"]) < 0.01:
                lines[-1].append(r)
            elif lines and lines[-1][0]["page"] == r["page"] and r["y"] < lines[-1][0]["y"] and \
                    r["size"] < lines[-1][0]["size"]:
                lines[-1].append(r)     # a raised footnote mark
            else:
                lines.append([r])
        lines_total += len(lines)
        # widows and orphans
        by_page = {}
        for ln in lines:
            by_page.setdefault(ln[0]["page"], 0)
            by_page[ln[0]["page"]] += 1
        if len(by_page) > 1:
            ps = sorted(by_page)
            first = " ".join(r["text"] for r in lines[0])[:50]
            if by_page[ps[0]] < 2:
                problems.append(f"page {ps[0]}: orphan: one line of a paragraph at the foot ('{first}')")
            if by_page[ps[-1]] < 2:
                problems.append(f"page {ps[-1]}: widow: one line of a paragraph at the head (after '{first}')")
        # hyphens
        run = 0
        for k in range(len(lines) - 1):
            last = max(lines[k], key=lambda r: r["x"])
            nxt = min(lines[k + 1], key=lambda r: r["x"])
            # a run holds the words of a line with their spaces: the
            # line's last word and the next line's first
            t = (last["text"].split() or [""])[-1]
            if not t.endswith("-") or len(t) < 2:
                run = 0
                continue
            left = strip_word(t[:-1]).lstrip("”(")
            right_tok = strip_word((nxt["text"].split() or [""])[0])
            if right_tok.lower() in CONJUNCTIONS or not left:
                run = 0    # a written hyphen before a conjunction: Trygghets- och
                continue
            hyphens += 1
            run += 1
            if run > 2:
                problems.append(f"page {last['page']}: three hyphenated lines in a row "
                                f"(…{left}-/{right_tok})")
            whole = (left + right_tok).lower()
            if (left + "-" + right_tok).lower() in written:
                continue   # broken after a hyphen written in the word
            pos = len(left)
            ok_pattern = pos in dic.positions(whole)
            ok_joint = pos in joints(whole, words)
            if not (ok_pattern or ok_joint):
                problems.append(f"page {last['page']}: '{left}-{right_tok}' is not a Swedish "
                                f"break (patterns: {dic.inserted(whole)})")

    # ---- headings never last on a page ---------------------------------------
    for i, r in enumerate(runs):
        if not r["stack"] or not re.fullmatch(r"H[1-6]", r["stack"][-1]):
            continue
        j = i + 1
        while j < len(runs) and runs[j]["stack"] == r["stack"]:
            j += 1
        if j >= len(runs):
            continue      # the document ends with a heading
        if i + 1 < len(runs) and runs[i + 1]["stack"] == r["stack"]:
            continue      # only the heading's last run counts
        if runs[j]["page"] != r["page"] and not re.fullmatch(r"H[1-6]", runs[j]["stack"][-1] if runs[j]["stack"] else ""):
            problems.append(f"page {r['page']}: the heading '{r['text']}' is the last thing on its page")

    # ---- footnotes on the page of their reference --------------------------------
    note_page, ref_page = {}, {}
    for i, r in enumerate(runs):
        if r["stack"] and r["stack"][-1] == "Note" and r["text"].isdigit():
            note_page.setdefault(int(r["text"]), r["page"])
        elif "Note" not in r["stack"] and r["text"].isdigit() and r["size"] < 8.0 and \
                i > 0 and runs[i - 1]["page"] == r["page"] and r["y"] < runs[i - 1]["y"] - 0.5 and \
                r["stack"] and r["stack"][-1] == "P":
            ref_page.setdefault(int(r["text"]), r["page"])
    for n, pg in note_page.items():
        if n in ref_page and ref_page[n] != pg:
            problems.append(f"footnote {n} starts on page {pg}, its reference is on page {ref_page[n]}")
        if n not in ref_page:
            problems.append(f"footnote {n}: no reference found")

    for p in problems:
        print("check_breaking:", p)
    print(f"check_breaking: {doc_dir}: {len(pages)} pages, {len(paras)} paragraphs, "
          f"{lines_total} lines, {hyphens} hyphens, {len(note_page)} footnotes; "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
