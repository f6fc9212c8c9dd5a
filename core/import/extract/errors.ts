// Errors of the extractors. Their messages are shown to a person as the reason an import failed.

/** The file's extension is not one Pith imports. */
export class UnsupportedFormatError extends Error {
  override name = 'UnsupportedFormatError';
}

/** The file could not be read: damaged, encrypted, empty, or not what its extension says. */
export class ExtractError extends Error {
  override name = 'ExtractError';
}
