import ExcelJS from 'exceljs';

/** One row of a test workbook: cells in header order, or a record keyed by header. Blank cells as '' or absent. */
export type SheetRow = ReadonlyArray<string | null | undefined> | Readonly<Partial<Record<string, string>>>;

/** A workbook as an office fills it: one sheet, a header row, then the rows; blank cells stay empty. */
export async function workbook(headers: readonly string[], rows: readonly SheetRow[], sheetName = '台账'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([...headers]);
  for (const row of rows) {
    const cells = Array.isArray(row) ? row : headers.map((h) => (row as Partial<Record<string, string>>)[h]);
    ws.addRow(cells.map((v) => (v === undefined || v === '' ? null : v)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every non-empty row of the first sheet as trimmed cell texts of `width` columns (blank cells as ''). */
export async function sheetRows(data: Buffer, width: number): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  for (let n = 1; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    rows.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1).text.trim()));
  }
  // Drop-down lists reach hundreds of rows below the data; those rows hold nothing.
  return rows.filter((r) => r.some((c) => c !== ''));
}
