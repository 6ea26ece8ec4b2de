import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { Kysely, PGliteDialect, PGliteDriver, PostgresDialect, type DatabaseConnection } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { DB } from './schema.js';

/**
 * A connection used outside Kysely, for what the query builder cannot say: COPY, and scripts of
 * several statements. Used inside `Database.raw`, always within one transaction.
 */
export interface RawConnection {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** One statement (INSERT, UPDATE, DELETE …); resolves to the number of rows it touched. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  /** COPY … FROM STDIN with CSV rows from `source`; resolves to the number of rows copied. */
  copyCsv(table: string, columns: string[], source: Readable | Buffer): Promise<number>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly kysely: Kysely<DB>;
  /** Runs `fn` in one transaction on one connection outside Kysely; rolls back if it throws. */
  raw<T>(fn: (conn: RawConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Serializes use of PGlite's single connection between Kysely and `raw`. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    await previous;
    return release;
  }
}

/**
 * Kysely's PGlite driver hands the one connection to every caller at once, so two concurrent
 * requests would interleave inside one transaction. This driver gives it to one caller at a time.
 */
class ExclusivePGliteDriver extends PGliteDriver {
  readonly #mutex: Mutex;
  readonly #releases: Array<() => void> = [];
  constructor(pglite: PGlite, mutex: Mutex) {
    super({ pglite });
    this.#mutex = mutex;
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.acquire();
    this.#releases.push(release);
    return super.acquireConnection();
  }
  override async releaseConnection(): Promise<void> {
    this.#releases.shift()?.();
  }
}

class ExclusivePGliteDialect extends PGliteDialect {
  readonly #pglite: PGlite;
  readonly #mutex: Mutex;
  constructor(pglite: PGlite, mutex: Mutex) {
    super({ pglite });
    this.#pglite = pglite;
    this.#mutex = mutex;
  }
  override createDriver() {
    return new ExclusivePGliteDriver(this.#pglite, this.#mutex);
  }
}

export interface OpenOptions {
  /** PostgreSQL server; when absent, an embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; absent means in memory. */
  dataDir?: string;
  /** PGlite: start from a dump made by `dumpPglite` (tests start every file from a migrated one). */
  loadDataDir?: Blob;
  /** pg pool size. */
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 20) : openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { ltree, btree_gist },
    // int8 → number, as for pg below.
    parsers: { 20: (v: string) => Number(v) },
  });
  const mutex = new Mutex();
  const kysely = new Kysely<DB>({ dialect: new ExclusivePGliteDialect(pglite, mutex) });
  return {
    kind: 'pglite',
    kysely,
    async raw(fn) {
      const release = await mutex.acquire();
      try {
        return await pglite.transaction((tx) =>
          fn({
            async query(sql, params) {
              const result = await tx.query(sql, params as unknown[]);
              return result.rows as never[];
            },
            async run(sql, params) {
              return (await tx.query(sql, params as unknown[])).affectedRows ?? 0;
            },
            async exec(sql) {
              await tx.exec(sql);
            },
            async copyCsv(table, columns, source) {
              const blob = new Blob([new Uint8Array(Buffer.isBuffer(source) ? source : await collect(source))]);
              const result = await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob });
              return result.affectedRows ?? 0;
            },
          }),
        );
      } finally {
        release();
      }
    },
    async close() {
      await kysely.destroy();
    },
  };
}

async function collect(source: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

// int8 → number: ids and counts stay far below 2^53 in this domain, and the web reads numbers.
pg.types.setTypeParser(20, (v) => Number(v));

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server ends (restart, admin) is dropped by the pool; without a
  // listener, pg would crash the process instead.
  pool.on('error', () => undefined);
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    kysely,
    async raw(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          async query(sql, params) {
            return (await client.query(sql, params)).rows;
          },
          async run(sql, params) {
            return (await client.query(sql, params)).rowCount ?? 0;
          },
          async exec(sql) {
            await client.query(sql);
          },
          async copyCsv(table, columns, source) {
            const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
            await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, stream);
            return stream.rowCount;
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await kysely.destroy();
    },
  };
}

/** A PGlite data directory as a tarball, to start other instances from. */
export async function dumpPglite(dataDir?: string): Promise<Blob> {
  const pglite = await PGlite.create({ dataDir, extensions: { ltree, btree_gist } });
  try {
    return await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
}
