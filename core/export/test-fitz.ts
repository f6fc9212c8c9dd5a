// Test helper: PyMuPDF (Debian's python3-fitz), a PDF reader we did not write, reading the
// highlights of an exported PDF and the text under them.
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';
export const HAVE_FITZ = spawnSync(PYTHON, ['-c', 'import fitz'], { stdio: 'ignore' }).status === 0;

/**
 * PyMuPDF reading an exported PDF: per highlight, its page, contents, author and the text under
 * its quads: the characters whose centre lies inside a quad, in PyMuPDF's reading order.
 */
export function fitzHighlights(file: string): { page: number; contents: string; author: string; text: string }[] {
  const script = `
import fitz, sys, json
d = fitz.open(sys.argv[1])
if d.needs_pass: sys.exit("needs a password")
out = []
for p in d:
    chars = []
    for b in p.get_text("rawdict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                chars.extend(s["chars"])
            chars.append({"c": " ", "bbox": None})
    for a in p.annots():
        if a.type[1] != "Highlight": continue
        v = a.vertices
        rects = [fitz.Quad(v[i:i+4]).rect for i in range(0, len(v), 4)]
        text = ""
        for c in chars:
            if c["bbox"] is None: text += " "; continue
            x0, y0, x1, y1 = c["bbox"]
            centre = fitz.Point((x0 + x1) / 2, (y0 + y1) / 2)
            text += c["c"] if any(centre in r for r in rects) else " "
        out.append({"page": p.number + 1, "contents": a.info["content"], "author": a.info["title"], "text": text})
print(json.dumps(out))`;
  const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { page: number; contents: string; author: string; text: string }[];
}

