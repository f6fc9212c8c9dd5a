// The layering of DESIGN.md ("Layout"), checked by dependency-cruiser in `npm test`
// (scripts/layers.test.ts): db/ knows nothing of core/, core/ nothing of the shells (cli/,
// electron/) or the UI, the CLI reaches the archive only through core/, and the renderer knows the
// archive only through the contract (types of core/api.ts and core/types.ts) and a few pure
// modules it shares with the core so that both behave alike.
/** Pure modules of core the renderer may import whole: they import nothing but each other. */
const SHARED = [
  'core/search/text-match[.]ts',
  'core/search/unicode61-table[.]ts',
  'core/search/query[.]ts',
  'core/search/unicode61[.]ts',
  // Where a span lies on a PDF page: the reader draws highlights where the exported PDF puts them.
  'core/anchoring/pdf-quads[.]ts',
];
const shared = `^(${SHARED.join('|')})$`;
const TESTS = '([.]test[.]ts|/test-[^/]*[.]ts|/fixtures/|/test-support/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'db-knows-only-itself',
      comment: 'db/ is the archive on disk; it must not reach up into the domain, the shells or the UI.',
      severity: 'error',
      from: { path: '^db/', pathNot: TESTS },
      to: { path: '^(core|cli|electron|renderer)/' },
    },
    {
      name: 'core-knows-no-shell',
      comment: 'core/ runs the same under the CLI, pith serve and Electron: it imports none of them, nor the UI.',
      severity: 'error',
      from: { path: '^core/', pathNot: TESTS },
      to: { path: '^(cli|electron|renderer)/' },
    },
    {
      name: 'cli-through-core',
      comment: 'The CLI and pith serve reach the archive through core/ (its API and errors), never db/ directly.',
      severity: 'error',
      from: { path: '^cli/', pathNot: TESTS },
      to: { path: '^db/' },
    },
    {
      name: 'nothing-imports-electron',
      comment: 'Only the Electron shell knows Electron.',
      severity: 'error',
      from: { path: '^(db|core|cli|renderer)/', pathNot: TESTS },
      to: { path: '^electron/' },
    },
    {
      name: 'renderer-only-the-contract',
      comment: 'The UI knows the archive only through the contract: types from core/api.ts and core/types.ts, and the shared pure modules.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: TESTS },
      to: { path: '^(core|db|cli)/', pathNot: `^(core/api[.]ts|core/types[.]ts)$|${shared}` },
    },
    {
      name: 'renderer-contract-types-only',
      comment: 'From the contract the UI takes types only: its code stays the transport’s.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: TESTS },
      to: { path: '^core/(api|types)[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-modules-stay-pure',
      comment: 'A module the renderer shares with the core imports nothing but the other shared modules (and types).',
      severity: 'error',
      from: { path: shared },
      to: { pathNot: `${shared}|^core/(api|types)[.]ts$`, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|bench/[.]work|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.svelte'] },
  },
};
