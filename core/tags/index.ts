// The tag methods of the API, each (db, request) → the JSON shape of core/api.ts.
export { deleteTag, listTags, mergeTags, renameTag, setTagColor, tagDocument } from './tags.ts';
export { defaultTagColor, normalizeTagColor, normalizeTagName } from './names.ts';
