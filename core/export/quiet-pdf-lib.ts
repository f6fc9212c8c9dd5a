// pdf-lib reports what it repairs while it parses a damaged PDF with console.warn ("Trying to
// parse invalid object: {…})", "Invalid object ref: 77 0 R"): lines that mean nothing to a person
// and landed on the CLI's stderr (and in `pith serve`'s log) in the middle of an export. While
// pdf-lib parses, exactly those notices are held back and counted; any other warning (from
// pdf-lib or from anything else running meanwhile) goes through, and errors are thrown as before.

/** What pdf-lib's parser prints for what it works around (pdf-lib 1.17: PDFParser, BaseParser, PDFDocument). */
const NOTICES = [
  /^Trying to parse invalid object: /,
  /^Invalid object ref: /,
  /^Removing parsed object: 0 0 R$/,
  /^Parsed number that is too large for some PDF readers: /,
  /^Removing XFA form data as pdf-lib does not support/,
];

let depth = 0;
let original: typeof console.warn | null = null;
let held = 0;

/** Is this console.warn call one of pdf-lib's parser notices? */
export function isPdfLibNotice(args: unknown[]): boolean {
  return typeof args[0] === 'string' && NOTICES.some((notice) => notice.test(args[0] as string));
}

/** How many notices were held back since the process started (for tests). */
export function heldPdfLibNotices(): number {
  return held;
}

/** Runs `parse` (a pdf-lib load) with its parser notices held back; calls may overlap. */
export async function quietPdfLib<T>(parse: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    const warn = console.warn;
    original = warn;
    console.warn = (...args: unknown[]) => {
      if (isPdfLibNotice(args)) held += 1;
      else warn.apply(console, args);
    };
  }
  try {
    return await parse();
  } finally {
    if (--depth === 0) {
      console.warn = original!;
      original = null;
    }
  }
}
