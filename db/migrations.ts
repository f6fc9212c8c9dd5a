// Numbered schema migrations, one file each in db/migrations/. Migration N brings the schema from
// version N-1 to N and runs in one transaction; the version is kept in PRAGMA user_version. Never
// edit a released migration: add the next one (db/migrations.test.ts holds each one's checksum
// and the schema they make together, so an edit fails the tests).

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

import { migration as m1 } from './migrations/001-initial.ts';
import { migration as m2 } from './migrations/002-library-indexes.ts';
import { migration as m3 } from './migrations/003-fts-by-statement.ts';
import { migration as m4 } from './migrations/004-structure.ts';
import { migration as m5 } from './migrations/005-page-labels.ts';
import { migration as m6 } from './migrations/006-compact-page-runs.ts';
import { migration as m7 } from './migrations/007-pdf-annotations.ts';
import { migration as m8 } from './migrations/008-sync.ts';

export const migrations: Migration[] = [m1, m2, m3, m4, m5, m6, m7, m8];
