// The structure tree of a PDF as pdf.js reads it, one page at a time:
//
//     node tests/pdfjs/struct.mjs FILE.pdf
//
// pdf.js (npm pdfjs-dist, the reader in Firefox) is an independent reader
// of trycksak's tagged PDF: the suite compares what it prints with
// pikepdf's objects and poppler's `pdfinfo -struct-text`
// (tests/check_struct.py).
//
// Output, stable and line-based, indented two spaces a level:
//
//     page 1
//     Document
//       H1
//         mc p4R_mc0 "Ett kort exempel"
//       Figure alt="Stapeldiagram: …" lang="en"
//         mc p4R_mc7 "…"
//       Link
//         mc p4R_mc9 "Sammanfattning"
//         annot
//
// For each page, page.getStructTree(): the elements with content on that
// page and their ancestors, in the order of their parents' /K; each
// element's role and, when present, its alternate text (pdf.js reads /Alt,
// else /ActualText) and /Lang. A marked-content kid prints as `mc ID
// "TEXT"`: pdf.js's identifier (page object, MCID) and the text pdf.js
// extracts for that sequence (getTextContent with includeMarkedContent),
// the pieces joined without separators, as poppler does. pdf.js lists
// only the page's own sequences: an element running over two pages shows
// on both, each time with the part on that page. An annotation kid (a
// link's OBJR) prints as `annot`.
// Exit status 0, or 2 when the file cannot be read.

import { readFileSync } from "node:fs";

// pdf.js warns on stdout that it has no canvas (it does not render here);
// keep stdout for the tree.
console.log = (...args) => console.error(...args);
const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");

function quote(s) {
    return JSON.stringify(s);
}

async function main(path) {
    const data = new Uint8Array(readFileSync(path));
    const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
    const trees = [];
    const text = new Map();            // marked-content id -> its text
    for (let i = 1; i <= doc.numPages; i++) {
        const page = await doc.getPage(i);
        trees.push(await page.getStructTree());
        const content = await page.getTextContent({
            includeMarkedContent: true,
            disableNormalization: true,
        });
        // the open marked-content sequences; text belongs to the innermost
        // one with an id (an MCID), none inside an artifact
        const open = [];
        for (const item of content.items) {
            if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") {
                open.push(item.id ?? (item.tag === "Artifact" ? "artifact" : null));
            } else if (item.type === "endMarkedContent") {
                open.pop();
            } else if (typeof item.str === "string") {
                const owner = open.findLast((id) => id !== null);
                if (owner && owner !== "artifact")
                    text.set(owner, (text.get(owner) ?? "") + item.str);
            }
        }
    }
    const out = [];
    function walk(node, depth) {
        const pad = "  ".repeat(depth);
        if (node.type === "content") {
            out.push(`${pad}mc ${node.id} ${quote(text.get(node.id) ?? "")}`);
            return;
        }
        if (node.type === "annotation" || node.type === "object") {
            out.push(`${pad}annot`);
            return;
        }
        let line = pad + node.role;
        if (node.alt !== undefined) line += ` alt=${quote(node.alt)}`;
        if (node.lang !== undefined) line += ` lang=${quote(node.lang)}`;
        out.push(line);
        for (const kid of node.children ?? []) walk(kid, depth + 1);
    }
    trees.forEach((tree, i) => {
        out.push(`page ${i + 1}`);
        for (const top of tree?.children ?? []) walk(top, 0);
    });
    await doc.destroy();
    process.stdout.write(out.join("\n") + "\n");
}

if (process.argv.length !== 3) {
    console.error("usage: node struct.mjs FILE.pdf");
    process.exit(2);
}
main(process.argv[2]).catch((e) => {
    console.error(`struct.mjs: ${process.argv[2]}: ${e?.message ?? e}`);
    process.exit(2);
});
