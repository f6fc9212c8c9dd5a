// The annotation methods of the API, each (db, request) → the JSON shape of core/api.ts, and
// what import calls: suggested takeaways for a new document, re-anchoring for a new version.
export {
  addAnnotation,
  deleteAnnotation,
  dismissAnnotation,
  keepAnnotation,
  listAnnotations,
  updateAnnotation,
  type ListAnnotationsRequest,
} from './annotations.ts';
export { createSuggestedTakeaways } from './suggested.ts';
export { reanchorDocument, type ReanchorCounts } from './reanchor.ts';
export { toAnnotation } from './json.ts';
