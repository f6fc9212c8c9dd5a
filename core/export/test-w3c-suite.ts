// Test helper: runs the W3C Web Annotation Working Group's own test suite (vendored unmodified in
// fixtures/w3c-web-annotation-tests, see its SOURCE.md) against JSON we export, offline.
// A `.test` file lists assertions; each is a JSON Schema (draft-04) that $refs the shared
// definitions by file name. We judge them as the suite's runner (web-platform-tests'
// annotation-model) does: an assertion whose schema rejects the object fails when its
// `onUnexpectedResult` says "fail…"; "pass…" marks a feature the object need not use.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const SUITE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'w3c-web-annotation-tests');

interface Assertion {
  file: string;
  title: string;
  assertionType: 'must' | 'should' | 'may';
  expectedResult: 'valid' | 'invalid';
  onUnexpectedResult: string;
  validate: (data: unknown) => boolean;
}

export interface AssertionResult {
  file: string;
  title: string;
  assertionType: string;
  /** Whether the schema accepted the object (strictly, whatever the runner makes of a rejection). */
  valid: boolean;
  /** The runner's verdict: a rejection counts against the object only when the assertion says so. */
  passed: boolean;
  errors: string;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export class W3cSuite {
  private readonly ajv: InstanceType<typeof AjvDraft04>;
  private readonly cache = new Map<string, Assertion>();

  constructor(readonly dir = SUITE_DIR) {
    // strict: false because the suite's schemas carry the runner's own keywords (assertionType,
    // expectedResult, errorMessage…) beside draft-04's.
    this.ajv = new AjvDraft04({ strict: false, allErrors: true });
    addFormats(this.ajv);
    for (const name of fs.readdirSync(path.join(dir, 'definitions'))) {
      if (name.endsWith('.json')) this.ajv.addSchema(readJson(path.join(dir, 'definitions', name)));
    }
  }

  /** The assertion files a `.test` lists, relative to the suite. */
  assertionsOf(testFile: string): string[] {
    const test = readJson(path.join(this.dir, testFile)) as { assertions: unknown[] };
    return test.assertions.map((a) => {
      if (typeof a !== 'string') throw new Error(`${testFile}: nested assertion lists are not supported here`);
      return a;
    });
  }

  private assertion(file: string): Assertion {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const schema = readJson(path.join(this.dir, file));
    // Several assertion files share an id (one per folder); the definitions they $ref are what
    // need ids, so each assertion is compiled without its own.
    const { id: _id, ...anonymous } = schema;
    const assertion: Assertion = {
      file,
      title: String(schema.title ?? file),
      assertionType: schema.assertionType as Assertion['assertionType'],
      expectedResult: (schema.expectedResult as Assertion['expectedResult']) ?? 'valid',
      onUnexpectedResult: String(schema.onUnexpectedResult ?? 'failAndContinue'),
      validate: this.ajv.compile(anonymous) as (data: unknown) => boolean,
    };
    this.cache.set(file, assertion);
    return assertion;
  }

  /** Every assertion of the `.test` file, judged on `data`. */
  run(testFile: string, data: unknown): AssertionResult[] {
    return this.assertionsOf(testFile).map((file) => {
      const a = this.assertion(file);
      const valid = a.validate(data);
      const errors = valid ? '' : this.ajv.errorsText((a.validate as unknown as { errors: never }).errors);
      const expected = valid === (a.expectedResult === 'valid');
      const passed = expected || a.onUnexpectedResult.startsWith('pass');
      return { file, title: a.title, assertionType: a.assertionType, valid, passed, errors };
    });
  }
}
