#!/usr/bin/python3
"""Check PDFs against the PDF/A-2 rules trycksak relies on.

    /usr/bin/python3 tests/pdfa_check.py [--print] FILE.pdf...

Exit status 0 when every file passes, 1 otherwise; each failure is one
line "FILE: CLAUSE: what is wrong". Run with Debian's /usr/bin/python3,
which has python3-pikepdf (the python3 first on PATH may not).

This is a subset of a full validator (veraPDF, which Debian does not
package): it checks the rules below, as they apply to the objects trycksak
writes, and nothing else. Clauses are those of ISO 19005-2:2011 (PDF/A-2).

File structure
  6.1.2      the header is %PDF-1.0 .. %PDF-1.7, followed by a comment line
             of at least four bytes above 127
  6.1.3      the trailer has /ID (two strings) and no /Encrypt; nothing but
             an end-of-line follows the last %%EOF
  6.1.7.1    'stream' is followed by CRLF or LF, 'endstream' preceded by an
             end-of-line; no stream has /F, /FFilter or /FDecodeParms
             (external data)
  6.1.7.2    no LZWDecode or Crypt filter
  6.1.13     page boxes between 3 and 14400 units; q nesting at most 28
Graphics
  6.2.2      content streams use only operators PDF 1.7 defines
  6.2.3      a GTS_PDFA1 output intent with a DestOutputProfile; every
             output intent's profile is the same object; the profile is a
             valid ICC profile (size, 'acsp', version 2..4, display or
             output class) whose colour space matches /N
  6.2.4.3    DeviceRGB only under an RGB output intent, DeviceCMYK only
             under a CMYK one, DeviceGray under either (content operators
             and image colour spaces, indexed bases included)
  6.2.5      no /TR, /TR2 other than /Default, /HTP or /HTO in graphics states
  6.2.8      images have no /Alternates or /OPI, and /Interpolate is not true
  6.2.9      no PostScript XObjects, reference XObjects or OPI
  6.2.10     a page with transparency (soft masks, constant alpha below 1, a
             blend mode) has a /Group with /CS, unless an output intent exists
Fonts
  6.2.11.3.1 composite fonts use Identity-H or Identity-V (whose CIDSystemInfo
             may be anything); no other CMap is checked, so none is accepted
  6.2.11.3.2 every CIDFontType2 has /CIDToGIDMap
  6.2.11.4.1 every font used is embedded (FontFile, FontFile2 or FontFile3),
             and every glyph shown has an outline in the embedded program
             (an empty one only for white space)
  6.2.11.5   for every code shown, the /W (or /DW) width equals the embedded
             font's advance width, within 1/1000 em
  6.2.11.8   no code shown maps to glyph 0 (.notdef)
Annotations, actions
  6.3.1      no 3D, Sound, Screen, Movie or non-standard annotation types
  6.3.2      every annotation has /F with Print set and Hidden, Invisible,
             ToggleNoView and NoView clear
  6.3.3      annotations other than Link and Popup (and zero-size ones) have
             a normal appearance
  6.5.1      no Launch, Sound, Movie, ResetForm, ImportData, Hide,
             SetOCGState, Rendition, Trans, GoTo3DView, JavaScript or GoToR
             actions (external references), named actions only the four
             page-turning ones
  6.5.2      no /AA in the catalog or a page
  6.8        no embedded files
Metadata
  6.6.2.1    the catalog has a Metadata stream (/Type /Metadata, /Subtype
             /XML, not filtered so any tool reads it) that is well-formed
             XML; the xpacket header has no bytes= or encoding=
  6.6.2.3    every XMP property is in a predefined schema or described by a
             pdfaExtension schema in the same packet
  6.6.4      pdfaid:part is 2 and pdfaid:conformance A (the file is tagged:
             the rules under "Tagged" below all run)
  6.6 / ISO 19005-1 6.7.3
             every Info entry (Title, Author, Subject, Keywords, Creator,
             Producer, CreationDate, ModDate) equals its XMP counterpart
             (dc:title, dc:creator, dc:description, pdf:Keywords,
             xmp:CreatorTool, pdf:Producer, xmp:CreateDate, xmp:ModifyDate)

Tagged (ISO 19005-2 6.8, level A, and ISO 14289-1 PDF/UA-1 with the
Matterhorn Protocol 1.1 checkpoint a machine can decide, in brackets)
  ua-content every painting operator (text, path painting, sh, Do, inline
             images) is inside a marked-content sequence with an MCID or
             inside /Artifact, never both, and no MCID sequence is nested in
             another [01-001, 01-002, 01-003, 01-004]
  ua-mcid    each MCID occurs once on its page; the page has /StructParents;
             the ParentTree's array for it names, for every MCID, the element
             whose /K holds that MCID on that page, and every MCID an element
             holds is in its page's content (ISO 32000-1 14.7.4.4)
  ua-mark    the catalog has /MarkInfo with /Marked true [06-001]
  ua-root    the catalog has a StructTreeRoot whose kids are structure
             elements; every element's /S is a standard structure type
             (ISO 32000-1 14.8.4) [01-005, 02-001, 02-004]
  ua-nest    LI only in L, LBody only in LI, Lbl only in LI or Note (a
             footnote's number); TR only in Table, THead,
             TBody or TFoot, which hold nothing but TR; TH and TD only in TR;
             Caption as the first or last kid of Table or Figure [09-004,
             09-005]
  ua-figure  every Figure has /Alt or /ActualText [13-004]
  ua-table   every Table has a TH, and every TH has /Scope Row, Column or
             Both in its attributes [15-003]
  ua-heading heading levels H1–H6 never skip a level going down (H2 then H4)
             [14-003]
  ua-note    every Note has an /ID [19-003], no two the same [19-004], each
             in the StructTreeRoot's /IDTree naming that Note (ISO 32000-1
             14.7.2, Table 322: required once an element has an /ID); a
             Reference's /Ref (ISO 32000-2's pairing) names only Notes,
             and every numbered Note (a Lbl first) has a Reference whose
             /Ref names it: the footnote's mark and its note are paired
  ua-lang    the catalog has a non-empty /Lang [11-006]
  ua-title   the XMP has dc:title and /ViewerPreferences /DisplayDocTitle
             is true [06-003, 07-001]
  ua-id      the XMP has pdfuaid:part 1 [06-002]
  ua-tabs    every page has /Tabs /S [28-002 for pages with annotations]
  ua-annot   every annotation (but Popup) has /StructParent, is the /Obj
             of an OBJR kid of the element the ParentTree gives for it, and
             a Link annotation's element is a Link and it has /Contents
             [28-009, 28-011, 28-004]
  ua-unicode every code shown maps to Unicode through the font's ToUnicode
             (ISO 19005-2 6.2.11.7.2) [10-001]

With --print, the file is trycksak's print variant, which is not PDF/A
(DeviceCMYK without a CMYK ICC output intent): every rule above runs except
6.2.3, 6.2.4.3 and 6.6.4, and instead
  print-1    the file claims no PDF/A conformance and has no GTS_PDFA1 intent
             (it is tagged all the same: the ua- rules run)
  print-2    every page has a TrimBox and a BleedBox 3 mm (8.504 pt) larger
             on every side, inside the MediaBox
  print-3    content streams set colour only in DeviceCMYK (k, K, or cs/CS
             /DeviceCMYK); images are ICCBased, DeviceCMYK or DeviceGray
  print-4    each page has at least eight stroked crop-mark lines, all
             outside the BleedBox
"""

import datetime
import re
import struct
import sys
import xml.etree.ElementTree as ET

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String


def tree_entries(node, key):
    """The (key, value) pairs of a number tree (key "/Nums") or a name tree
    ("/Names"), from its root and its /Kids, to a depth of 20; [] when
    node is not a dictionary. Also used by check_struct.py."""
    out = []

    def walk(n, depth):
        if not isinstance(n, Dictionary) or depth > 20:
            return
        pairs = n.get(key)
        if isinstance(pairs, Array):
            for j in range(0, len(pairs) - 1, 2):
                out.append((pairs[j], pairs[j + 1]))
        for kid in n.get("/Kids", Array()):
            walk(kid, depth + 1)
    walk(node, 0)
    return out

MM = 72 / 25.4

# PDF 1.7 content stream operators (ISO 32000-1 Annex A).
OPERATORS = set("""b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET
EX f F f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh
T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"""".split())

PREDEFINED_NS = {
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/xap/1.0/",
    "http://ns.adobe.com/xap/1.0/rights/",
    "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/",
    "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
    "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
    "http://ns.adobe.com/pdf/1.3/",
    "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/exif/1.0/",
    "http://www.aiim.org/pdfa/ns/id/",
    "http://www.aiim.org/pdfa/ns/extension/",
    "http://www.aiim.org/pdfa/ns/schema#",
    "http://www.aiim.org/pdfa/ns/property#",
    "http://www.aiim.org/pdfa/ns/type#",
    "http://www.aiim.org/pdfa/ns/field#",
}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMLNS = "http://www.w3.org/XML/1998/namespace"
STRUCTURAL_NS = {RDF, "adobe:ns:meta/", XMLNS}

FORBIDDEN_ACTIONS = {"Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide",
                     "SetOCGState", "Rendition", "Trans", "GoTo3DView", "JavaScript",
                     "GoToR"}
ALLOWED_NAMED = {"NextPage", "PrevPage", "FirstPage", "LastPage"}
STANDARD_ANNOTS = {"Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon",
                   "PolyLine", "Highlight", "Underline", "Squiggly", "StrikeOut",
                   "Stamp", "Caret", "Ink", "Popup", "FileAttachment", "Widget",
                   "PrinterMark", "TrapNet", "Watermark", "Redact"}


class Checker:
    def __init__(self, path, print_variant):
        self.path = path
        self.print = print_variant
        self.problems = []

    def fail(self, clause, msg):
        line = f"{self.path}: {clause}: {msg}"
        if line not in self.problems:      # the same fault once per file
            self.problems.append(line)

    # ---- raw bytes ------------------------------------------------------------

    def check_bytes(self, raw):
        m = re.match(rb"%PDF-1\.([0-7])(\r\n|\r|\n)", raw)
        if not m:
            self.fail("6.1.2", "the header is not %PDF-1.0 .. %PDF-1.7 and an end-of-line")
        else:
            rest = raw[m.end():]
            line = re.match(rb"%([^\r\n]*)", rest)
            if not line or sum(1 for b in line.group(1)[:4] if b > 127) < 4:
                self.fail("6.1.2", "no comment with four bytes above 127 after the header")
        eof = raw.rfind(b"%%EOF")
        if eof < 0 or raw[eof + 5:] not in (b"", b"\n", b"\r\n", b"\r"):
            self.fail("6.1.3", "data after the last %%EOF")
        for m in re.finditer(rb"(?<![a-z])stream(?=[^a-zA-Z])", raw):
            after = raw[m.end():m.end() + 2]
            if not (after.startswith(b"\n") or after == b"\r\n"):
                self.fail("6.1.7.1", f"'stream' at byte {m.start()} not followed by CRLF or LF")
                break
        for m in re.finditer(rb"endstream", raw):
            if raw[m.start() - 1:m.start()] not in (b"\n", b"\r"):
                self.fail("6.1.7.1", f"'endstream' at byte {m.start()} not preceded by an end-of-line")
                break

    # ---- objects ----------------------------------------------------------------

    def check_objects(self, pdf):
        trailer = pdf.trailer
        ident = trailer.get("/ID")
        if not isinstance(ident, Array) or len(ident) != 2:
            self.fail("6.1.3", "the trailer has no /ID of two strings")
        if "/Encrypt" in trailer:
            self.fail("6.1.3", "the file is encrypted")
        for obj in pdf.objects:
            if isinstance(obj, Stream):
                for key in ("/F", "/FFilter", "/FDecodeParms"):
                    if key in obj.stream_dict:
                        self.fail("6.1.7.1", f"a stream has {key} (external data)")
                filters = obj.stream_dict.get("/Filter")
                names = [filters] if isinstance(filters, Name) else list(filters or [])
                for f in names:
                    if str(f) in ("/LZWDecode", "/Crypt"):
                        self.fail("6.1.7.2", f"a stream uses {f}")
            for d in direct_dicts(obj):
                self.check_action(d)
                if d.get("/Type") == Name.ExtGState:
                    self.check_gstate(d)
        root = pdf.Root
        if "/AA" in root:
            self.fail("6.5.2", "the catalog has /AA")
        names = root.get("/Names")
        if isinstance(names, Dictionary) and "/EmbeddedFiles" in names:
            self.fail("6.8", "the document has embedded files")
        if isinstance(names, Dictionary) and "/JavaScript" in names:
            self.fail("6.5.1", "the document has JavaScript")

    def check_action(self, d):
        s = d.get("/S")
        if not isinstance(s, Name):
            return
        kind = str(s)[1:]
        if kind in FORBIDDEN_ACTIONS and ("/Type" not in d or d.get("/Type") == Name.Action):
            self.fail("6.5.1", f"a {kind} action")
        if kind == "Named" and str(d.get("/N", ""))[1:] not in ALLOWED_NAMED:
            self.fail("6.5.1", f"named action {d.get('/N')}")

    def check_gstate(self, gs):
        for key in ("/TR", "/HTP", "/HTO"):
            if key in gs:
                self.fail("6.2.5", f"a graphics state has {key}")
        if "/TR2" in gs and gs.TR2 != Name.Default:
            self.fail("6.2.5", "a graphics state has /TR2 other than /Default")

    # ---- output intent and colour ---------------------------------------------

    def output_intent(self, pdf):
        """The colour space of the PDF/A output intent's profile, or None."""
        intents = pdf.Root.get("/OutputIntents", Array())
        profiles = set()
        space = None
        for oi in intents:
            prof = oi.get("/DestOutputProfile")
            if prof is not None:
                profiles.add(prof.objgen)
            if oi.get("/S") == Name.GTS_PDFA1:
                if prof is None:
                    self.fail("6.2.3", "the GTS_PDFA1 output intent has no DestOutputProfile")
                    continue
                space = self.check_icc(prof, "6.2.3")
        if len(profiles) > 1:
            self.fail("6.2.3", "output intents name different profiles")
        return space

    def check_icc(self, prof, clause):
        data = prof.read_bytes()
        if len(data) < 132 or struct.unpack(">I", data[:4])[0] != len(data) \
                or data[36:40] != b"acsp":
            self.fail(clause, "not a valid ICC profile")
            return None
        if not 2 <= data[8] <= 4:
            self.fail(clause, f"ICC version {data[8]} is not 2 to 4")
        if data[12:16] not in (b"mntr", b"prtr"):
            self.fail(clause, f"ICC profile class {data[12:16]!r} is not display or output")
        space = data[16:20].decode("latin1")
        n = int(prof.get("/N", 0))
        if {"RGB ": 3, "CMYK": 4, "GRAY": 1}.get(space) != n:
            self.fail(clause, f"ICC colour space {space!r} does not match /N {n}")
        return space

    def colour_space_ok(self, space, where, intent):
        """space: a Name or Array colour space used in content or an image."""
        if isinstance(space, Array) and len(space) > 0:
            family = str(space[0])
            if family == "/ICCBased":
                self.check_icc(space[1], "6.2.4.2")
                return
            if family == "/Indexed" and len(space) > 1:
                self.colour_space_ok(space[1], where, intent)
                return
            if family in ("/Separation", "/DeviceN") and len(space) > 2:
                self.colour_space_ok(space[2], where, intent)
                return
            return
        name = str(space)
        if self.print:
            if name == "/DeviceRGB":
                self.fail("print-3", f"{where} uses DeviceRGB")
            return
        if name == "/DeviceRGB" and intent != "RGB ":
            self.fail("6.2.4.3", f"{where} uses DeviceRGB without an RGB output intent")
        if name == "/DeviceCMYK" and intent != "CMYK":
            self.fail("6.2.4.3", f"{where} uses DeviceCMYK without a CMYK output intent")
        if name == "/DeviceGray" and intent is None:
            self.fail("6.2.4.3", f"{where} uses DeviceGray without an output intent")

    # ---- fonts ------------------------------------------------------------------------

    def font_info(self, font):
        """What the width and glyph checks need about a Type0 font, cached."""
        key = font.objgen
        if key in self.fonts:
            return self.fonts[key]
        info = None
        sub = str(font.get("/Subtype"))
        if sub == "/Type0":
            enc = str(font.get("/Encoding"))
            if enc not in ("/Identity-H", "/Identity-V"):
                self.fail("6.2.11.3.1", f"composite font with encoding {enc} is not checked")
            cid = font.DescendantFonts[0]
            desc = cid.get("/FontDescriptor")
            prog = None
            if desc is not None:
                for k in ("/FontFile2", "/FontFile3", "/FontFile"):
                    if k in desc:
                        prog = desc[k]
                        break
            if prog is None:
                self.fail("6.2.11.4.1", f"font {font.get('/BaseFont')} is not embedded")
            if str(cid.get("/Subtype")) == "/CIDFontType2" and "/CIDToGIDMap" not in cid:
                self.fail("6.2.11.3.2", f"CIDFontType2 {cid.get('/BaseFont')} has no /CIDToGIDMap")
            if prog is not None and "/FontFile2" in desc:
                info = {
                    "name": str(font.get("/BaseFont")),
                    "tt": truetype(prog.read_bytes()),
                    "map": cid.get("/CIDToGIDMap"),
                    "widths": parse_w(cid.get("/W", Array())),
                    "dw": float(cid.get("/DW", 1000)),
                    "unicode": parse_tounicode(font.get("/ToUnicode")),
                }
                m = info["map"]
                info["map"] = None if m is None or m == Name.Identity else m.read_bytes()
        else:
            desc = font.get("/FontDescriptor")
            if sub != "/Type3" and (desc is None or not any(
                    k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))):
                self.fail("6.2.11.4.1", f"font {font.get('/BaseFont')} is not embedded")
        self.fonts[key] = info
        return info

    def check_codes(self, font, data):
        info = self.font_info(font)
        if info is None:
            return
        tt = info["tt"]
        for i in range(0, len(data) - 1, 2):
            code = data[i] << 8 | data[i + 1]
            if code in self.seen_codes.setdefault(info["name"], set()):
                continue
            self.seen_codes[info["name"]].add(code)
            gid = code
            if info["map"] is not None:
                m = info["map"]
                gid = m[2 * code] << 8 | m[2 * code + 1] if 2 * code + 1 < len(m) else 0
            if gid == 0:
                self.fail("6.2.11.8", f"{info['name']}: code {code:04X} shows .notdef")
                continue
            if not info["unicode"].get(code):
                self.fail("ua-unicode", f"{info['name']}: code {code:04X} maps to no Unicode")
            if gid >= tt["num_glyphs"]:
                self.fail("6.2.11.4.1", f"{info['name']}: glyph {gid} is not in the font")
                continue
            if tt["glyph_len"](gid) == 0:
                ch = info["unicode"].get(code, "")
                if not ch or not all(c.isspace() or c in "\u200b\u2060\ufeff" for c in ch):
                    self.fail("6.2.11.4.1", f"{info['name']}: glyph {gid} (code {code:04X}, "
                              f"{ch!r}) has no outline in the embedded font")
            w = info["widths"].get(code, info["dw"])
            adv = tt["advance"](gid) * 1000.0 / tt["upem"]
            if abs(w - adv) > 1:
                self.fail("6.2.11.5", f"{info['name']}: code {code:04X} has /W {w:g}, "
                          f"the font {adv:.3f}")

    # ---- pages and content --------------------------------------------------------------

    def check_page(self, pdf, page, number, intent):
        where = f"page {number}"
        d = page.obj
        if "/AA" in d:
            self.fail("6.5.2", f"{where} has /AA")
        for key in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
            box = d.get(key)
            if box is not None:
                w, h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
                if not (3 <= abs(w) <= 14400 and 3 <= abs(h) <= 14400):
                    self.fail("6.1.13", f"{where}: {key} is {w:g} x {h:g}")
        for annot in d.get("/Annots", Array()):
            self.check_annot(annot, where)
        if self.print:
            self.check_boxes(d, where)
        transparency = False
        state = {"marks": 0, "bleed": d.get("/BleedBox")}
        transparency |= self.check_content(page, d.get("/Resources", Dictionary()), where,
                                           intent, state, depth=0)
        if self.print and state["marks"] < 8:
            self.fail("print-4", f"{where} has {state['marks']} crop-mark lines outside the "
                      "BleedBox, not 8")
        if transparency and intent is None:
            group = d.get("/Group")
            if not isinstance(group, Dictionary) or "/CS" not in group:
                self.fail("6.2.10", f"{where} has transparency but no /Group with /CS")

    def check_boxes(self, d, where):
        trim, bleed, media = d.get("/TrimBox"), d.get("/BleedBox"), d.get("/MediaBox")
        if trim is None or bleed is None:
            self.fail("print-2", f"{where} lacks a TrimBox or BleedBox")
            return
        t = [float(v) for v in trim]
        b = [float(v) for v in bleed]
        m = [float(v) for v in media]
        want = [t[0] - 3 * MM, t[1] - 3 * MM, t[2] + 3 * MM, t[3] + 3 * MM]
        if any(abs(x - y) > 0.02 for x, y in zip(b, want)):
            self.fail("print-2", f"{where}: BleedBox {b} is not the TrimBox {t} plus 3 mm")
        if b[0] < m[0] or b[1] < m[1] or b[2] > m[2] or b[3] > m[3]:
            self.fail("print-2", f"{where}: the BleedBox is not inside the MediaBox")

    def check_annot(self, annot, where):
        sub = str(annot.get("/Subtype"))[1:]
        if sub not in STANDARD_ANNOTS:
            self.fail("6.3.1", f"{where}: annotation type {sub}")
        flags = int(annot.get("/F", 0))
        if not flags & 4 or flags & (1 | 2 | 32 | 256):
            self.fail("6.3.2", f"{where}: a {sub} annotation has /F {flags} (Print must be "
                      "set; Hidden, Invisible, NoView, ToggleNoView clear)")
        rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
        if sub not in ("Link", "Popup") and rect[0] != rect[2] and rect[1] != rect[3]:
            ap = annot.get("/AP")
            if not isinstance(ap, Dictionary) or "/N" not in ap:
                self.fail("6.3.3", f"{where}: a {sub} annotation has no appearance")
        for key in ("/A", "/AA"):
            if key in annot:
                if key == "/AA":
                    self.fail("6.5.2", f"{where}: an annotation has /AA")
                else:
                    self.check_action(annot.A)

    def check_content(self, container, resources, where, intent, state, depth):
        """Operators, colour, fonts and nested XObjects; True when the
        content uses transparency."""
        transparency = False
        fonts = resources.get("/Font", Dictionary())
        xobjects = resources.get("/XObject", Dictionary())
        gstates = resources.get("/ExtGState", Dictionary())
        spaces = resources.get("/ColorSpace", Dictionary())
        nesting = 0
        font = None
        path = []
        current = (0.0, 0.0)
        for operands, op in pikepdf.parse_content_stream(container):
            op = str(op)
            if op not in OPERATORS:
                self.fail("6.2.2", f"{where}: unknown operator {op}")
            if op == "q":
                nesting += 1
                if nesting > 28:
                    self.fail("6.1.13", f"{where}: q nested deeper than 28")
            elif op == "Q":
                nesting -= 1
            elif op in ("rg", "RG"):
                if self.print:
                    self.fail("print-3", f"{where}: RGB colour operator {op}")
                else:
                    self.colour_space_ok(Name.DeviceRGB, f"{where}: {op}", intent)
            elif op in ("g", "G"):
                if not self.print:
                    self.colour_space_ok(Name.DeviceGray, f"{where}: {op}", intent)
                else:
                    self.fail("print-3", f"{where}: grey colour operator {op}")
            elif op in ("k", "K"):
                if not self.print:
                    self.colour_space_ok(Name.DeviceCMYK, f"{where}: {op}", intent)
            elif op in ("cs", "CS"):
                cs = operands[0]
                if str(cs) in spaces:
                    cs = spaces[str(cs)]
                if self.print and str(cs) != "/DeviceCMYK":
                    self.fail("print-3", f"{where}: colour space {cs} set by {op}")
                else:
                    self.colour_space_ok(cs, f"{where}: {op}", intent)
            elif op == "Tf":
                font = fonts.get(str(operands[0]))
            elif op in ("Tj", "'", '"', "TJ") and font is not None:
                items = operands[0] if op == "TJ" else [operands[-1]]
                for item in items:
                    if isinstance(item, String):
                        self.check_codes(font, bytes(item))
            elif op == "gs":
                g = gstates.get(str(operands[0]))
                if g is not None:
                    self.check_gstate(g)
                    if ("/SMask" in g and g.SMask != Name("/None")) \
                            or float(g.get("/CA", 1)) < 1 or float(g.get("/ca", 1)) < 1 \
                            or str(g.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
                        transparency = True
            elif op == "Do":
                x = xobjects.get(str(operands[0]))
                if x is not None:
                    transparency |= self.check_xobject(x, where, intent, state, depth)
            elif op == "m":
                current = (float(operands[0]), float(operands[1]))
            elif op == "l":
                point = (float(operands[0]), float(operands[1]))
                path.append((current, point))
                current = point
            elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
                if op == "S" and state["bleed"] is not None:
                    b = [float(v) for v in state["bleed"]]
                    for seg in path:
                        if all(p[0] < b[0] or p[0] > b[2] or p[1] < b[1] or p[1] > b[3]
                               for p in seg):
                            state["marks"] += 1
                path = []
        return transparency

    def check_xobject(self, x, where, intent, state, depth):
        sub = str(x.get("/Subtype"))
        if sub == "/PS" or x.get("/Subtype2") == Name.PS:
            self.fail("6.2.9", f"{where}: a PostScript XObject")
        if "/OPI" in x:
            self.fail("6.2.9", f"{where}: an XObject with /OPI")
        if sub == "/Image":
            if "/Alternates" in x:
                self.fail("6.2.8", f"{where}: an image with /Alternates")
            if bool(x.get("/Interpolate", False)):
                self.fail("6.2.8", f"{where}: an image with /Interpolate true")
            if "/ColorSpace" in x and not bool(x.get("/ImageMask", False)):
                cs = x.ColorSpace
                if self.print and isinstance(cs, Name) and str(cs) == "/DeviceRGB":
                    self.fail("print-3", f"{where}: an image in DeviceRGB")
                else:
                    self.colour_space_ok(cs, f"{where}: an image", intent)
            return "/SMask" in x or "/SMaskInData" in x and int(x.SMaskInData) > 0
        if sub == "/Form":
            if "/Ref" in x:
                self.fail("6.2.9", f"{where}: a reference XObject")
            if depth > 20:
                return False
            res = x.get("/Resources", Dictionary())
            return self.check_content(x, res, where, intent, state, depth + 1) \
                or "/Group" in x and x.Group.get("/S") == Name.Transparency
        return False

    # ---- metadata --------------------------------------------------------------------

    def check_metadata(self, pdf):
        meta = pdf.Root.get("/Metadata")
        if not isinstance(meta, Stream):
            self.fail("6.6.2.1", "the catalog has no Metadata stream")
            return
        if meta.get("/Type") != Name.Metadata or meta.get("/Subtype") != Name.XML:
            self.fail("6.6.2.1", "the Metadata stream is not /Type /Metadata /Subtype /XML")
        if "/Filter" in meta:
            self.fail("6.6.2.1", "the Metadata stream is filtered")
        data = meta.read_bytes()
        head = re.match(rb"<\?xpacket ([^?]*)\?>", data)
        if not head:
            self.fail("6.6.2.1", "no xpacket header")
        elif re.search(rb"\b(bytes|encoding)=", head.group(1)):
            self.fail("6.6.2.1", "the xpacket header has bytes= or encoding=")
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            self.fail("6.6.2.1", f"the XMP is not well-formed XML: {e}")
            return

        props = {}
        described = set()
        for desc in root.iter(f"{{{RDF}}}Description"):
            for child in desc:
                ns, local = split(child.tag)
                props[(ns, local)] = child
            for attr in desc.attrib:
                ns, local = split(attr)
                if ns and ns not in STRUCTURAL_NS:
                    props[(ns, local)] = desc.attrib[attr]
        for el in root.iter("{http://www.aiim.org/pdfa/ns/schema#}namespaceURI"):
            described.add((el.text or "").strip())
        for (ns, local) in props:
            if ns not in PREDEFINED_NS and ns not in described:
                self.fail("6.6.2.3", f"XMP property {local} in {ns} has no extension schema")

        def text(ns, local):
            el = props.get((ns, local))
            if el is None:
                return None
            if isinstance(el, str):
                return el
            lis = list(el.iter(f"{{{RDF}}}li"))
            if lis:
                for li in lis:
                    if li.get(f"{{{XMLNS}}}lang") == "x-default":
                        return li.text or ""
                return lis[0].text or ""
            return el.text or ""

        ID = "http://www.aiim.org/pdfa/ns/id/"
        part, conf = text(ID, "part"), text(ID, "conformance")
        if self.print:
            if part is not None:
                self.fail("print-1", "the print variant claims PDF/A")
            for oi in pdf.Root.get("/OutputIntents", Array()):
                if oi.get("/S") == Name.GTS_PDFA1:
                    self.fail("print-1", "the print variant has a PDF/A output intent")
        elif part != "2" or conf != "A":
            self.fail("6.6.4", f"pdfaid:part is {part!r}, conformance {conf!r}, not 2 and A")
        if text("http://www.aiim.org/pdfua/ns/id/", "part") != "1":
            self.fail("ua-id", "the XMP has no pdfuaid:part 1")
        if not text("http://purl.org/dc/elements/1.1/", "title"):
            self.fail("ua-title", "the XMP has no dc:title")

        DC, XMP, PDF = ("http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/",
                        "http://ns.adobe.com/pdf/1.3/")
        info = pdf.trailer.get("/Info", Dictionary())
        pairs = [("/Title", DC, "title"), ("/Author", DC, "creator"),
                 ("/Subject", DC, "description"), ("/Keywords", PDF, "Keywords"),
                 ("/Creator", XMP, "CreatorTool"), ("/Producer", PDF, "Producer")]
        for key, ns, local in pairs:
            iv = str(info[key]) if key in info else None
            xv = text(ns, local)
            if iv != xv and not (iv is None and xv is None):
                self.fail("6.6", f"Info {key} {iv!r} but XMP {local} {xv!r}")
        for key, local in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
            iv = str(info[key]) if key in info else None
            xv = text(XMP, local)
            if (iv is None) != (xv is None):
                self.fail("6.6", f"Info {key} {iv!r} but XMP {local} {xv!r}")
            elif iv is not None and pdf_date(iv) != xmp_date(xv):
                self.fail("6.6", f"Info {key} {iv!r} is not the instant of XMP {local} {xv!r}")

    # ---- all ----------------------------------------------------------------------------

    def run(self):
        with open(self.path, "rb") as f:
            raw = f.read()
        self.check_bytes(raw)
        try:
            pdf = pikepdf.open(self.path)
        except pikepdf.PdfError as e:
            self.fail("file", f"pikepdf cannot open it: {e}")
            return
        with pdf:
            self.fonts = {}
            self.seen_codes = {}
            self.check_objects(pdf)
            intent = None if self.print else self.output_intent(pdf)
            if not self.print and intent is None:
                self.fail("6.2.3", "no usable GTS_PDFA1 output intent")
            for i, page in enumerate(pdf.pages, 1):
                self.check_page(pdf, page, i, intent)
            self.check_metadata(pdf)
            self.check_tagged(pdf)


STANDARD_TYPES = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody
TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
Figure Formula Form""".split())
PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do",
         "EI"}
PARENTS = {"LI": {"L"}, "Lbl": {"LI", "Note"}, "LBody": {"LI"},
           "TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
           "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"}}


def tagged_check(self, pdf):
    """The "Tagged" rules of the header."""
    root = pdf.Root
    mark = root.get("/MarkInfo")
    if not isinstance(mark, Dictionary) or not bool(mark.get("/Marked", False)):
        self.fail("ua-mark", "the catalog has no /MarkInfo with /Marked true")
    lang = root.get("/Lang")
    if lang is None or not str(lang):
        self.fail("ua-lang", "the catalog has no /Lang")
    prefs = root.get("/ViewerPreferences")
    if not isinstance(prefs, Dictionary) or not bool(prefs.get("/DisplayDocTitle", False)):
        self.fail("ua-title", "/ViewerPreferences /DisplayDocTitle is not true")
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, Dictionary):
        self.fail("ua-root", "the catalog has no StructTreeRoot")
        return

    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages, 1)}
    held = {}            # (page objgen, mcid) -> element objgen
    annots_held = {}     # annotation objgen -> element objgen
    headings = []
    seen = set()
    notes = []           # (its /ID or None, element, numbered)
    referred = set()     # objgen of the elements Reference /Ref names

    def kids_of(e):
        k = e.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, Array) else [k]

    def role(e):
        return str(e.get("/S", ""))[1:]

    def walk(e, parent_role, depth):
        if depth > 200 or e.objgen in seen:
            return
        seen.add(e.objgen)
        r = role(e)
        if r not in STANDARD_TYPES:
            self.fail("ua-root", f"structure type {r!r} is not a standard one")
        if r in PARENTS and parent_role not in PARENTS[r]:
            self.fail("ua-nest", f"{r} inside {parent_role}")
        if r == "Figure" and "/Alt" not in e and "/ActualText" not in e:
            self.fail("ua-figure", "a Figure has no /Alt")
        if r == "Note":
            if "/ID" not in e:
                self.fail("ua-note", "a Note has no /ID")
            first = next((k for k in kids_of(e) if isinstance(k, Dictionary) and "/S" in k), None)
            notes.append((bytes(e.ID) if "/ID" in e else None, e,
                          first is not None and role(first) == "Lbl"))
        if r == "Reference" and "/Ref" in e:
            for target in e.Ref if isinstance(e.Ref, Array) else [e.Ref]:
                if not isinstance(target, Dictionary) or role(target) != "Note":
                    self.fail("ua-note", "a Reference's /Ref names something other than a Note")
                else:
                    referred.add(target.objgen)
        if re.fullmatch(r"H[1-6]", r):
            headings.append(int(r[1]))
        if r == "TH":
            attrs = e.get("/A")
            attrs = list(attrs) if isinstance(attrs, Array) else [attrs] if attrs else []
            if not any(isinstance(a, Dictionary) and str(a.get("/Scope", "")) in
                       ("/Row", "/Column", "/Both") for a in attrs):
                self.fail("ua-table", "a TH has no /Scope")
        if r == "Table":
            ths = []

            def find_th(x, d):
                for k in kids_of(x):
                    if isinstance(k, Dictionary) and "/S" in k and d < 4:
                        if role(k) == "TH":
                            ths.append(k)
                        find_th(k, d + 1)
            find_th(e, 0)
            if not ths:
                self.fail("ua-table", "a Table has no TH")
        page = e.get("/Pg")
        kids = kids_of(e)
        for i, k in enumerate(kids):
            if isinstance(k, Dictionary) and "/S" in k:
                if role(k) == "Caption" and r in ("Table", "Figure") and 0 < i < len(kids) - 1:
                    self.fail("ua-nest", f"a Caption in the middle of a {r}")
                if r in ("THead", "TBody", "TFoot") and role(k) != "TR":
                    self.fail("ua-nest", f"{role(k)} inside {r}")
                walk(k, r, depth + 1)
            elif isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR:
                obj = k.get("/Obj")
                if obj is not None:
                    annots_held[obj.objgen] = (e.objgen, r)
            elif isinstance(k, Dictionary):   # MCR
                pg = k.get("/Pg", page)
                if pg is None:
                    self.fail("ua-mcid", "a marked-content reference without a page")
                    continue
                held[(pg.objgen, int(k.MCID))] = e.objgen
            else:
                if page is None:
                    self.fail("ua-mcid", f"{r} holds MCID {k} but has no /Pg")
                    continue
                held[(page.objgen, int(k))] = e.objgen

    top = tree.get("/K")
    tops = list(top) if isinstance(top, Array) else [top] if top is not None else []
    if not tops:
        self.fail("ua-root", "the StructTreeRoot has no kids")
    for k in tops:
        if isinstance(k, Dictionary) and "/S" in k:
            walk(k, "", 0)
        else:
            self.fail("ua-root", "a kid of the StructTreeRoot is not a structure element")
    for a, b in zip(headings, headings[1:]):
        if b > a + 1:
            self.fail("ua-heading", f"H{a} is followed by H{b}")
            break

    # notes: unique IDs, the IDTree, each numbered note referred to
    ids = [n[0] for n in notes if n[0] is not None]
    if len(set(ids)) != len(ids):
        self.fail("ua-note", "two Notes have the same /ID")
    id_tree = {bytes(k): v for k, v in tree_entries(tree.get("/IDTree"), "/Names")}
    for ident, e, numbered in notes:
        if ident is not None:
            named = id_tree.get(ident)
            if not isinstance(named, Dictionary) or named.objgen != e.objgen:
                self.fail("ua-note", f"the IDTree does not name the Note {ident.decode('latin1')!r}")
        if numbered and e.objgen not in referred:
            self.fail("ua-note", "a numbered Note no Reference refers to (/Ref)")

    # the ParentTree, flattened (Nums, or Kids of Nums)
    parent_tree = {int(k): v for k, v in tree_entries(tree.get("/ParentTree"), "/Nums")}
    if "/ParentTree" not in tree:
        self.fail("ua-mcid", "the StructTreeRoot has no ParentTree")

    for i, page in enumerate(pdf.pages, 1):
        d = page.obj
        where = f"page {i}"
        if d.get("/Tabs") != Name.S:
            self.fail("ua-tabs", f"{where} has no /Tabs /S")
        mcids = self.content_marks(page, where)
        sp = d.get("/StructParents")
        if mcids and sp is None:
            self.fail("ua-mcid", f"{where} has marked content but no /StructParents")
            continue
        owners = parent_tree.get(int(sp)) if sp is not None else None
        if mcids and not isinstance(owners, Array):
            self.fail("ua-mcid", f"{where}: no ParentTree entry for /StructParents {sp}")
            continue
        for m in mcids:
            want = held.get((d.objgen, m))
            if want is None:
                self.fail("ua-mcid", f"{where}: MCID {m} belongs to no structure element")
            elif m >= len(owners) or not isinstance(owners[m], Dictionary) \
                    or owners[m].objgen != want:
                self.fail("ua-mcid", f"{where}: the ParentTree does not name MCID {m}'s element")
        for (pg, m) in held:
            if pg == d.objgen and m not in mcids:
                self.fail("ua-mcid", f"{where}: the structure holds MCID {m}, which the page lacks")
        for annot in d.get("/Annots", Array()):
            sub = str(annot.get("/Subtype"))[1:]
            if sub == "Popup":
                continue
            owner = annots_held.get(annot.objgen)
            spk = annot.get("/StructParent")
            if owner is None or spk is None:
                self.fail("ua-annot", f"{where}: a {sub} annotation is not in the structure tree")
                continue
            e = parent_tree.get(int(spk))
            if not isinstance(e, Dictionary) or e.objgen != owner[0]:
                self.fail("ua-annot", f"{where}: the ParentTree entry of a {sub} annotation "
                          "is not its element")
            if sub == "Link":
                if owner[1] != "Link":
                    self.fail("ua-annot", f"{where}: a Link annotation inside {owner[1]}, not Link")
                if not str(annot.get("/Contents", "")):
                    self.fail("ua-annot", f"{where}: a Link annotation without /Contents")


def content_marks(self, page, where):
    """The MCIDs of the page's content; reports paint outside marked content."""
    stack = []           # per BDC/BMC: "mcid", "artifact" or "other"
    found = []
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            if tag == "/Artifact":
                if "mcid" in stack:
                    self.fail("ua-content", f"{where}: an Artifact inside tagged content")
                stack.append("artifact")
            elif isinstance(props, Dictionary) and "/MCID" in props:
                if "mcid" in stack or "artifact" in stack:
                    self.fail("ua-content", f"{where}: MCID {props.MCID} nested inside "
                              "another marked-content sequence")
                m = int(props.MCID)
                if m in found:
                    self.fail("ua-mcid", f"{where}: MCID {m} occurs twice")
                found.append(m)
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == "EMC":
            if stack:
                stack.pop()
            else:
                self.fail("ua-content", f"{where}: EMC without BDC")
        elif op in PAINT and "mcid" not in stack and "artifact" not in stack:
            self.fail("ua-content", f"{where}: {op} outside marked content and artifacts")
    if stack:
        self.fail("ua-content", f"{where}: a marked-content sequence is not closed")
    return found


Checker.check_tagged = tagged_check
Checker.content_marks = content_marks


def direct_dicts(obj, depth=0):
    """obj's dictionary (a stream's own) and every dictionary held in it
    directly (an action inside an annotation or the catalog); indirect
    ones are visited as objects of their own."""
    if depth > 32:
        return
    if isinstance(obj, Stream):
        yield obj.stream_dict
        obj = obj.stream_dict
    if isinstance(obj, Dictionary):
        if depth > 0:
            yield obj
        children = [obj[k] for k in obj.keys()]
    elif isinstance(obj, Array):
        children = list(obj)
    else:
        return
    if depth == 0 and isinstance(obj, Dictionary):
        yield obj
    for child in children:
        if isinstance(child, (Dictionary, Array)) and not child.is_indirect:
            yield from direct_dicts(child, depth + 1)


def split(tag):
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return ns, local
    return "", tag


def pdf_date(s):
    m = re.match(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([Z+-])?(\d\d)?'?(\d\d)?", s)
    if not m:
        return None
    y, mo, d, h, mi, se = (int(v) if v else dflt for v, dflt in
                           zip(m.groups()[:6], (0, 1, 1, 0, 0, 0)))
    sign = -1 if m.group(7) == "-" else 1
    off = sign * (int(m.group(8) or 0) * 60 + int(m.group(9) or 0))
    tz = datetime.timezone(datetime.timedelta(minutes=off))
    return datetime.datetime(y, mo, d, h, mi, se, tzinfo=tz)


def xmp_date(s):
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None


def parse_w(w):
    """/W as {code: width}."""
    out = {}
    items = list(w)
    i = 0
    while i < len(items):
        first = int(items[i])
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(nxt, Array):
            for j, v in enumerate(nxt):
                out[first + j] = float(v)
            i += 2
        elif i + 2 < len(items):
            for c in range(first, int(nxt) + 1):
                out[c] = float(items[i + 2])
            i += 3
        else:
            break
    return out


def parse_tounicode(stream):
    """bfchar and bfrange entries of a ToUnicode CMap as {code: text}."""
    out = {}
    if stream is None:
        return out
    data = stream.read_bytes().decode("latin1")

    def text(h):
        b = bytes.fromhex(h)
        return b.decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            base = int(dst, 16)
            for k, c in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[c] = chr(base + k) if base + k < 0x110000 else ""
    return out


def truetype(data):
    """The parts of a TrueType font the checks need: units per em, glyph
    count, advance widths, glyph data lengths."""
    num = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(num):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin1")] = (off, length)

    def table(tag):
        off, length = tables[tag]
        return data[off:off + length]
    head, hhea, maxp = table("head"), table("hhea"), table("maxp")
    upem = struct.unpack(">H", head[18:20])[0]
    long_loca = struct.unpack(">h", head[50:52])[0] == 1
    nmetrics = struct.unpack(">H", hhea[34:36])[0]
    nglyphs = struct.unpack(">H", maxp[4:6])[0]
    hmtx = table("hmtx")
    loca = table("loca") if "loca" in tables else b""

    def advance(gid):
        i = min(gid, nmetrics - 1)
        return struct.unpack(">H", hmtx[4 * i:4 * i + 2])[0]

    def glyph_len(gid):
        if not loca:
            return 1
        if long_loca:
            a, b = struct.unpack(">II", loca[4 * gid:4 * gid + 8])
        else:
            a, b = (2 * v for v in struct.unpack(">HH", loca[2 * gid:2 * gid + 4]))
        return b - a
    return {"upem": upem, "num_glyphs": nglyphs, "advance": advance, "glyph_len": glyph_len}


def main(argv):
    print_variant = "--print" in argv
    files = [a for a in argv if a != "--print"]
    if not files:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    problems = []
    for path in files:
        c = Checker(path, print_variant)
        try:
            c.run()
        except Exception as e:   # a crash in the checker is a failure, not a pass
            c.fail("checker", f"{type(e).__name__}: {e}")
        problems += c.problems
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
