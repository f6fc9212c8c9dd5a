// Archives made before documents had a structure (or with an older one, see STRUCTURE_VERSION):
// each HTML/Markdown document's structure is derived again from its stored original. Should the
// text come out different, the new text replaces the old and every annotation is found again by
// the re-anchoring of `import --update`; what cannot be found is kept, flagged orphaned.
// One document per transaction, so an interrupted upgrade loses nothing and the next run goes on
// where it stopped.
import fs from 'node:fs/promises';
import { blobPath } from '../../db/blobs.ts';
import type { Db } from '../../db/open.ts';
import { addDocumentImage, documentsNeedingStructure, replaceDocumentBody, setDocumentStructure } from '../../db/structure.ts';
import { reanchorDocument, type ReanchorCounts } from '../annotate/reanchor.ts';
import { STRUCTURE_VERSION } from '../import/extract/structure.ts';
import { storeLocalImages } from '../import/images.ts';
import { now } from '../time.ts';

export interface StructureUpgradeReport {
  /** Documents given their structure. */
  documents: number;
  /** Of those, documents whose text changed (their annotations were re-anchored). */
  textChanged: number;
  /** Annotations re-anchored, by how they were found. */
  annotations: ReanchorCounts;
  /** Documents left as they were: the original is missing or no longer reads. */
  skipped: { id: string; reason: string }[];
}

const KINDS = ['html', 'md'] as const;
const BATCH = 50;

export async function upgradeStructures(db: Db, archiveDir: string, signal?: AbortSignal): Promise<StructureUpgradeReport> {
  const report: StructureUpgradeReport = { documents: 0, textChanged: 0, annotations: { exact: 0, fuzzy: 0, orphaned: 0 }, skipped: [] };
  let after = 0;
  for (;;) {
    if (signal?.aborted || !db.open) return report;
    const rows = documentsNeedingStructure(db, KINDS, STRUCTURE_VERSION, after, BATCH);
    if (rows.length === 0) return report;
    // Loaded only when there is work: most archives open with nothing to upgrade.
    const { extract } = await import('../import/extract/index.ts');
    for (const row of rows) {
      after = row.id;
      if (signal?.aborted || !db.open) return report;
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await fs.readFile(blobPath(archiveDir, row.sha256)));
      } catch {
        report.skipped.push({ id: row.uuid, reason: 'the original is missing from the archive' });
        continue;
      }
      let extracted;
      try {
        extracted = await extract(row.kind === 'md' ? 'original.md' : 'original.html', bytes);
      } catch (error) {
        report.skipped.push({ id: row.uuid, reason: (error as Error).message });
        continue;
      }
      if (!extracted.structure) continue;
      const images = await storeLocalImages(archiveDir, row.source_path, extracted.structure);
      if (signal?.aborted || !db.open) return report;
      const structure = JSON.stringify(extracted.structure);
      db.transaction(() => {
        if (extracted.text !== row.body) {
          replaceDocumentBody(db, row.id, extracted.text, now());
          const counts = reanchorDocument(db, row.id, extracted.text);
          report.annotations.exact += counts.exact;
          report.annotations.fuzzy += counts.fuzzy;
          report.annotations.orphaned += counts.orphaned;
          report.textChanged += 1;
        }
        setDocumentStructure(db, row.id, STRUCTURE_VERSION, structure);
        for (const image of images) addDocumentImage(db, row.id, image.sha256, image.mime);
      })();
      report.documents += 1;
      // Let calls in (the reader, a search) between documents.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
