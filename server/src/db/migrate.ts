import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: await readFile(path.join(migrationsDir, file), 'utf8'),
    })),
  );
}

/**
 * Applies the numbered SQL migrations not yet applied, each in its own transaction. Forward only:
 * a released migration is never edited, a new one is added. An advisory lock keeps two app nodes
 * starting at once from racing.
 */
export async function migrate(db: Database, log: (msg: string) => void = () => undefined): Promise<number> {
  const migrations = await loadMigrations();
  let applied = 0;
  await db.raw(async (conn) => {
    await conn.query('SELECT pg_advisory_xact_lock(727274)');
    await conn.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  for (const m of migrations) {
    await db.raw(async (conn) => {
      await conn.query('SELECT pg_advisory_xact_lock(727274)');
      const done = await conn.query('SELECT 1 FROM schema_migration WHERE version = $1', [m.version]);
      if (done.length > 0) return;
      await conn.exec(m.sql);
      await conn.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied += 1;
      log(`migration ${String(m.version).padStart(4, '0')} ${m.name} applied`);
    });
  }
  return applied;
}
