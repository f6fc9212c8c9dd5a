// pdfjs-dist ships no types for its worker module; we only import it for its side effect
// (it sets globalThis.pdfjsWorker, which pdf.js's in-process "fake worker" then uses).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
