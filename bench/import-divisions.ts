import { createReadStream, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openDatabase, type Database } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrate.js';
import {
  divisionFiles,
  importDivisions,
  type DivisionImportProgress,
  type DivisionSources,
} from '../server/src/modules/regions/divisions.import.js';

/**
 * The national division set through importDivisions() on a fresh PostgreSQL database, against
 * the floor of a plain COPY of the same rows: the ratio says what the checks and the tree
 * building cost. Optionally the same import on an in-memory PGlite (what `npm start` runs).
 *
 *   npm run bench -- import-divisions [--dir ../shared/data/divisions] [--database-url URL] [--pglite]
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default async function importDivisionsBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string', default: path.resolve(repoRoot, '../shared/data/divisions') },
      'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
      pglite: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const dir = path.resolve(repoRoot, values.dir);
  const missing = divisionFiles.filter((f) => !existsSync(path.join(dir, `${f}.csv`)));
  if (missing.length) throw new Error(`${dir} lacks ${missing.map((f) => `${f}.csv`).join(', ')}`);
  const serverUrl = values['database-url'];

  // Timings on a shared machine mean little without its load; the ratio to COPY travels better.
  console.log(`divisions from ${dir}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  const baseline = await baselineRows(dir);
  // For reference: what parsing alone costs in JavaScript (the importer leaves it to COPY).
  console.log(`parse only (csv-parse in JavaScript, no database): ${figure(baseline.rows, baseline.seconds)}`);

  const name = `meshwork_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = withDatabase(serverUrl, name);
    const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
    let imported: Timed;
    try {
      await migrate(db);
      imported = await timedImport(db, dir);
    } finally {
      await db.close();
    }
    if (imported.rows !== baseline.rows) throw new Error(`imported ${imported.rows} rows, the files hold ${baseline.rows}`);
    report('PostgreSQL importDivisions()', imported);

    const copy = await timedCopy(url, baseline.csv, baseline.rows, 'plain');
    const unlogged = await timedCopy(url, baseline.csv, baseline.rows, 'unlogged');
    const floor = await timedCopy(url, await regionRows(url), baseline.rows, 'region');
    console.log(`PostgreSQL plain COPY (code,name,parent_code): ${figure(copy.rows, copy.seconds)}`);
    console.log(`PostgreSQL COPY into an unlogged table: ${figure(unlogged.rows, unlogged.seconds)}`);
    // What the schema costs whoever writes the rows: the finished rows, COPYed into a table with
    // region's indexes and checks (LIKE … INCLUDING ALL copies no foreign key).
    console.log(`PostgreSQL COPY of the imported region rows into a copy of region: ${figure(floor.rows, floor.seconds)}`);
    const importRate = imported.rows / imported.seconds;
    const copyRate = copy.rows / copy.seconds;
    console.log(`ratio importer / plain COPY: ${(importRate / copyRate).toFixed(2)} (COPY is ${(copyRate / importRate).toFixed(1)}× faster)`);
    console.log(`ratio importer / COPY into a copy of region: ${(importRate / (floor.rows / floor.seconds)).toFixed(2)}`);
    console.log(`target ≥ 100,000 rows/s: ${importRate >= 100_000 ? 'met' : 'NOT met'}`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }

  if (values.pglite) {
    const db = await openDatabase({});
    try {
      await migrate(db);
      const imported = await timedImport(db, dir);
      report('PGlite (in memory) importDivisions()', imported);
      console.log(`target under 60 s: ${imported.seconds < 60 ? 'met' : 'NOT met'}`);
    } finally {
      await db.close();
    }
  }
}

interface Timed {
  rows: number;
  seconds: number;
  /** Seconds spent in each phase, in the order the importer reports them. */
  phases: Array<[string, number]>;
}

/** One import of the whole set from file streams, as the CLI does it; phases from onProgress. */
async function timedImport(db: Database, dir: string): Promise<Timed> {
  const sources: DivisionSources = Object.fromEntries(divisionFiles.map((f) => [f, createReadStream(path.join(dir, `${f}.csv`))]));
  // Each mark ends a phase. The rows are checked as they are inserted (a fault sends the importer
  // back to find it, which a valid set never does); what comes before the first insert is the
  // skip of codes already present and, for a bulk load, setting indexes and keys aside.
  const marks: Array<[string, number]> = [];
  const mark = (p: DivisionImportProgress) => {
    if (p.phase === 'parse' && !p.file) marks.push(['COPY to staging', performance.now()]);
    if (p.phase === 'insert') marks.push([p.file === 'provinces' ? 'set aside + insert provinces' : `check + insert ${p.file}`, performance.now()]);
    if (p.phase === 'index') marks.push(['rebuild indexes, check keys', performance.now()]);
  };
  const start = performance.now();
  const result = await importDivisions(db, sources, { onProgress: mark });
  const end = performance.now();
  marks.push(['commit', end]);
  const phases = marks.map(([label, at], i): [string, number] => [label, (at - (marks[i - 1]?.[1] ?? start)) / 1000]);
  return { rows: result.total, seconds: (end - start) / 1000, phases };
}

/** The rows as code,name,parent_code CSV for COPY, built by the same parser the importer uses. */
async function baselineRows(dir: string): Promise<{ csv: Buffer[]; rows: number; seconds: number }> {
  const start = performance.now();
  const csv: Buffer[] = [];
  let rows = 0;
  for (const file of divisionFiles) {
    let header: string[] | undefined;
    let batch = '';
    for await (const record of createReadStream(path.join(dir, `${file}.csv`)).pipe(parse({ bom: true })) as AsyncIterable<string[]>) {
      if (!header) {
        header = record;
        continue;
      }
      // The parent is the column right after name, except in provinces (none).
      batch += `${quote(record[0] ?? '')},${quote(record[1] ?? '')},${header.length > 2 ? quote(record[2] ?? '') : ''}\n`;
      rows += 1;
      if (batch.length > 1 << 16) {
        csv.push(Buffer.from(batch));
        batch = '';
      }
    }
    if (batch) csv.push(Buffer.from(batch));
  }
  return { csv, rows, seconds: (performance.now() - start) / 1000 };
}

const regionColumns = 'id, parent_id, parent_level, level, code, name, path';

const copyTargets = {
  plain: { table: 'bench_copy', create: 'CREATE TABLE bench_copy (code text, name text, parent_code text)', columns: 'code, name, parent_code' },
  unlogged: {
    table: 'bench_copy_unlogged',
    create: 'CREATE UNLOGGED TABLE bench_copy_unlogged (code text, name text, parent_code text)',
    columns: 'code, name, parent_code',
  },
  region: { table: 'bench_region', create: 'CREATE TABLE bench_region (LIKE region INCLUDING ALL)', columns: regionColumns },
};

/** The imported division rows as COPY CSV, to write them again elsewhere. */
async function regionRows(url: string): Promise<Buffer[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(copyTo(`COPY (SELECT ${regionColumns} FROM region ORDER BY id) TO STDOUT WITH (FORMAT csv)`))) {
      chunks.push(chunk as Buffer);
    }
    return chunks;
  } finally {
    await client.end();
  }
}

async function timedCopy(url: string, csv: Buffer[], rows: number, target: keyof typeof copyTargets): Promise<Timed> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { table, create, columns } = copyTargets[target];
    await client.query(create);
    const start = performance.now();
    await pipeline(Readable.from(csv), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN WITH (FORMAT csv)`)));
    const seconds = (performance.now() - start) / 1000;
    const { rows: counted } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    if (counted[0]?.n !== rows) throw new Error(`COPY wrote ${counted[0]?.n} rows of ${rows}`);
    return { rows, seconds, phases: [] };
  } finally {
    await client.end();
  }
}

function report(what: string, t: Timed): void {
  console.log(`${what}: ${figure(t.rows, t.seconds)}`);
  for (const [phase, seconds] of t.phases) console.log(`  ${phase.padEnd(30)} ${seconds.toFixed(2).padStart(7)} s`);
}

function figure(rows: number, seconds: number): string {
  return `${rows.toLocaleString('en')} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s`;
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
