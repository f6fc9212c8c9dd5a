// A few more documents, so that the library and the board look like a researcher's.
import fs from 'node:fs';
import path from 'node:path';

export const EXTRA_DOCUMENTS: Record<string, string> = {
  'kfor-mandate-review.md': `# KFOR after 25 years: a mandate review

KFOR's mandate under UN Security Council Resolution 1244 has not changed since 1999, yet the mission it describes has.

## Key points

- KFOR remains the security provider of last resort in Kosovo.
- Troop numbers rose again after the 2023 Banjska attack.
- Liaison with EULEX and the Kosovo Police is the mission's daily work.

The review argues that a smaller, more mobile force with better intelligence would deter more than a larger static one. It also notes that the normalization dialogue between Belgrade and Pristina is the only lasting exit strategy.
`,
  'dayton-at-thirty.html': `<!doctype html><html><head><title>Dayton at thirty: what holds Bosnia together</title><meta name="author" content="L. Kovač"><meta name="date" content="2025-11-21"></head>
<body><article><h1>Dayton at thirty: what holds Bosnia together</h1>
<p>Thirty years after the Dayton Peace Agreement, its institutions still frame every political crisis in Bosnia and Herzegovina.</p>
<p>The High Representative's powers remain the backstop of the constitutional order, and EUFOR Althea the visible guarantee of a safe and secure environment.</p>
<p>Critics say the agreement froze the war's divisions; defenders answer that it has kept the peace for a generation.</p>
</article></body></html>`,
  'eu-enlargement-notes.txt': `EU enlargement and the Western Balkans: notes from Brussels
The 2025 enlargement package singles out Montenegro and Albania as front-runners.
Key Takeaways
- Montenegro aims to close negotiating chapters by 2026.
- Serbia's progress depends on the normalization of relations with Kosovo.
- Rule of law remains the decisive benchmark for every candidate.
Diplomats in Brussels describe a new sense of urgency since 2022, driven by the war in Ukraine and by competition for influence in the region.
`,
};

export function writeExtraDocuments(folder: string): string[] {
  return Object.entries(EXTRA_DOCUMENTS).map(([name, text]) => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    return file;
  });
}
