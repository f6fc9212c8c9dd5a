// Test helper: PyMuPDF (Debian's python3-fitz), a PDF reader we did not write, reading the
// highlights of an exported PDF and the text under them.
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';
export const HAVE_FITZ = spawnSync(PYTHON, ['-c', 'import fitz'], { stdio: 'ignore' }).status === 0;

/**
 * PyMuPDF reading an exported PDF: per highlight, its page, contents, author and the text under
 * its quads: the characters whose glyph box has its centre inside a quad, in PyMuPDF's reading order.
 * The highlights are read from the PDF's objects (xref_get_key), not through page.annots():
 * Debian's PyMuPDF 1.21.1 corrupts its memory walking the annotations of some pages that also
 * hold links ("malloc(): unaligned tcache chunk", then every later page fails to load).
 */
export function fitzHighlights(file: string): { page: number; contents: string; author: string; text: string }[] {
  const script = `
import fitz, sys, json, re
d = fitz.open(sys.argv[1])
if d.needs_pass: sys.exit("needs a password")
def value(xref, key):
    kind, v = d.xref_get_key(xref, key)
    if kind == "xref": return d.xref_object(int(v.split()[0]), compressed=True)
    return v if kind != "null" else ""
out = []
for p in d:
    refs = [int(x) for x in re.findall(r"(\\d+) 0 R", value(p.xref, "Annots"))]
    found = [x for x in refs if value(x, "Subtype") == "/Highlight"]
    if not found: continue
    chars = []
    for b in p.get_text("rawdict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                chars.extend(s["chars"])
            chars.append({"c": " ", "bbox": None})
    m = p.transformation_matrix
    for x in found:
        v = [float(n) for n in value(x, "QuadPoints").strip("[] ").split()]
        rects = [fitz.Quad([fitz.Point(v[i + k], v[i + k + 1]) * m for k in (0, 2, 4, 6)]).rect for i in range(0, len(v) - 7, 8)]
        text = ""
        inside = None
        for c in chars:
            if c["bbox"] is None: text += " "; inside = None; continue
            x0, y0, x1, y1 = c["bbox"]
            # MuPDF gives a ligature's glyph box to its first character and the others none (zero
            # width at the glyph's right end): those go with the character before them.
            if x1 - x0 > 0.01 or inside is None:
                inside = any(fitz.Point((x0 + x1) / 2, (y0 + y1) / 2) in r for r in rects)
            text += c["c"] if inside else " "
        out.append({"page": p.number + 1, "contents": value(x, "Contents"), "author": value(x, "T"), "text": text})
print(json.dumps(out))`;
  const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { page: number; contents: string; author: string; text: string }[];
}
