import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { RowError } from '@meshwork/contracts';
import { AppError } from './errors.js';

/**
 * The Excel ledgers (台账) every office keeps: one header row, one record a row. Writing makes
 * the header bold and frozen, with drop-down lists where a column takes fixed values; reading
 * checks the header, then each row against a Zod schema, and reports every bad row at once.
 */

export interface LedgerColumn {
  header: string;
  width?: number;
  /** Fixed values offered as a drop-down list (the labels users see). */
  list?: readonly string[];
}

export interface LedgerSheet {
  name: string;
  columns: readonly LedgerColumn[];
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
  /** A title line above the header (e.g. the office and date); the header then starts at row 2. */
  title?: string;
}

export async function writeLedger(sheets: LedgerSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Meshwork 织网';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    const headerRow = sheet.title ? 2 : 1;
    if (sheet.title) {
      ws.addRow([sheet.title]).font = { bold: true, size: 13 };
      ws.mergeCells(1, 1, 1, Math.max(1, sheet.columns.length));
    }
    ws.addRow(sheet.columns.map((c) => c.header)).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: headerRow }];
    sheet.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? Math.max(10, c.header.length * 2 + 2);
    });
    for (const row of sheet.rows) ws.addRow([...row]);
    // Drop-downs for a generous block of rows, so a template filled by hand gets them too.
    const lastRow = Math.max(headerRow + sheet.rows.length, headerRow + 500);
    sheet.columns.forEach((c, i) => {
      if (!c.list) return;
      for (let r = headerRow + 1; r <= lastRow; r++) {
        ws.getCell(r, i + 1).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${c.list.join(',')}"`],
          showErrorMessage: true,
          errorTitle: '取值无效',
          error: `请从列表中选择：${c.list.join('、')}`,
        };
      }
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface LedgerRow<T> {
  row: number;
  value: T;
}

/**
 * Reads the first sheet: finds the header row (row 1, or row 2 under a title), requires the
 * given headers, and parses every non-empty row with `schema` keyed by header. Throws
 * FILE_INVALID for a file that is not a ledger and IMPORT_INVALID for one without rows. A bad
 * cell does not throw: it is returned in `errors`, so that the caller checks the rows that did
 * parse against the tree too and `refuseRowErrors` reports both kinds on one upload.
 */
export async function readLedger<S extends z.ZodType>(
  data: Buffer,
  headers: readonly string[],
  schema: S,
  maxRows = 20_000,
): Promise<{ rows: Array<LedgerRow<z.infer<S>>>; errors: RowError[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('FILE_INVALID', '无法读取文件：请上传 .xlsx 格式的 Excel 文件');
  }
  const ws = workbook.worksheets[0];
  if (!ws) throw new AppError('FILE_INVALID', 'Excel 文件中没有工作表');
  const textOf = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') {
      if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
      if ('text' in v) return String(v.text).trim();
      if ('result' in v) return String(v.result ?? '').trim();
      if (v instanceof Date) return v.toISOString();
    }
    return String(v).trim();
  };
  const rowTexts = (n: number) => {
    const row = ws.getRow(n);
    return Array.from({ length: Math.max(row.cellCount, headers.length) }, (_, i) => textOf(row.getCell(i + 1).value));
  };
  const headerRowNumber = [1, 2].find((n) => headers.every((h, i) => rowTexts(n)[i] === h));
  if (!headerRowNumber) {
    throw new AppError('FILE_INVALID', `表头不符合模板：应为 ${headers.join('、')}（请先下载模板）`);
  }
  if (ws.rowCount - headerRowNumber > maxRows) throw new AppError('FILE_INVALID', `一次最多导入 ${maxRows} 行`);
  const rows: Array<LedgerRow<z.infer<S>>> = [];
  const errors: RowError[] = [];
  for (let n = headerRowNumber + 1; n <= ws.rowCount; n++) {
    const texts = rowTexts(n);
    if (texts.every((t) => t === '')) continue;
    const record = Object.fromEntries(headers.map((h, i) => [h, texts[i] === '' ? undefined : texts[i]]));
    const parsed = schema.safeParse(record);
    if (parsed.success) rows.push({ row: n, value: parsed.data });
    else for (const issue of parsed.error.issues) errors.push({ row: n, column: String(issue.path[0] ?? ''), message: issue.message });
  }
  if (rows.length === 0 && errors.length === 0) throw new AppError('IMPORT_INVALID', '文件中没有数据行', []);
  return { rows, errors };
}

/** Refuses an import with every row error, cell and tree errors together, in row order. */
export function refuseRowErrors(errors: RowError[]): void {
  if (errors.length) throw importInvalid(errors.toSorted((a, b) => a.row - b.row));
}

export function importInvalid(errors: RowError[]): AppError {
  return new AppError('IMPORT_INVALID', `导入文件有 ${errors.length} 处错误，未导入任何数据`, errors);
}
