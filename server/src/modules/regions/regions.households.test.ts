import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { householdLedgerColumns, type RowError } from '@meshwork/contracts';
import { anonymous, errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import * as excel from '../../../test/excel.js';

/**
 * The grids → households ledger (网格户籍台账) of a community: template, import of a filled
 * workbook (all rows or none, with a row-by-row report), export, and the round trip.
 */
describe('regions: households ledger', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let admin: Client;
  /** Keeps communities[1], which starts empty. */
  let keeper: Client;

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    keeper = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[1] }]);
  });

  // ---- local helpers ----

  type Row = readonly [grid: string, building: string, entrance: string, household: string, occupancy: string];

  /** A workbook as an office fills it: a header row, then one row per household. */
  const workbook = (rows: readonly Row[], headers: readonly string[] = householdLedgerColumns) => excel.workbook(headers, rows, '台账');

  /** Every non-empty row of the first sheet as cell texts. */
  const sheetRows = (data: Buffer) => excel.sheetRows(data, householdLedgerColumns.length);

  const importInto = (as: Client, id: number, data: Buffer, name = '台账.xlsx') => as.upload(`/api/regions/${id}/households/import`, [{ name, data }]);

  const regionCount = () => rowCount(t.db, 'region');

  /** The import is refused with `code` and no region row is written. */
  async function refused(code: string, send: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
    const before = await regionCount();
    const res = await send();
    expect(errorCode(res), res.body).toBe(code);
    expect(await regionCount()).toBe(before);
    return res;
  }

  async function exported(as: Client, id: number): Promise<string[][]> {
    const res = await as.get(`/api/regions/${id}/households.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return sheetRows(res.rawPayload);
  }

  const ledger: Row[] = [
    ['东区网格', '1栋', '1单元', '101', '自住'],
    ['东区网格', '1栋', '1单元', '102', '出租'],
    ['东区网格', '1栋', '2单元', '201', ''],
    ['东区网格', '2栋', '', '商铺01', '空置'],
    ['西区网格', '3栋', '', '', ''],
    ['南区网格', '', '', '', ''],
  ];

  // ---- tests ----

  it('offers a template with the ledger header and example rows', async () => {
    const res = await keeper.get('/api/regions/households-template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('网格户台账模板.xlsx'));
    const [header, ...examples] = await sheetRows(res.rawPayload);
    expect(header).toEqual([...householdLedgerColumns]);
    expect(examples.length).toBeGreaterThan(0);
    expect(errorCode(await anonymous(t).get('/api/regions/households-template.xlsx'))).toBe('UNAUTHENTICATED');
  });

  it('imports a workbook into a community and counts what it created', async () => {
    const res = await importInto(keeper, tree.communities[1], await workbook(ledger));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: { grid: 3, building: 3, entrance: 2, household: 4 }, total: 12 });
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'region.import-households').execute();
    expect(audit).toEqual([expect.objectContaining({ entity_id: String(tree.communities[1]), result: 'ok', detail: '6 rows' })]);
  });

  it('exports the same rows back, and the export imports into another community as it was', async () => {
    const [title, header, ...rows] = await exported(keeper, tree.communities[1]);
    expect(title![0]).toContain('银闸社区居委会');
    expect(header).toEqual([...householdLedgerColumns]);
    const sorted = (rs: ReadonlyArray<readonly string[]>) => rs.map((r) => [...r]).sort((a, b) => a.join('|').localeCompare(b.join('|')));
    expect(sorted(rows)).toEqual(sorted(ledger));

    const file = (await keeper.get(`/api/regions/${tree.communities[1]}/households.xlsx`)).rawPayload;
    const res = await importInto(admin, tree.communities[2], file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ total: number }>().total).toBe(12);
    expect(sorted((await exported(admin, tree.communities[2])).slice(2))).toEqual(sorted(ledger));
  });

  it('adds to what exists and exports one grid alone', async () => {
    const res = await importInto(admin, tree.communities[0], await workbook([['第一网格', '1栋', '1单元', '103', '出租']]));
    expect(res.json()).toEqual({ created: { household: 1 }, total: 1 });
    const rows = (await exported(admin, tree.grid)).slice(2);
    expect(rows).toEqual([
      ['第一网格', '1栋', '1单元', '101', '自住'],
      ['第一网格', '1栋', '1单元', '102', '出租'],
      ['第一网格', '1栋', '1单元', '103', '出租'],
    ]);
  });

  it('reports every bad row of the form at once and writes nothing', async () => {
    const rows: Row[] = [
      ['北区网格', '9栋', '1单元', '901', '自住'], // fine, but must not be written
      ['', '1栋', '', '101', ''],
      ['北区网格', '', '1单元', '', ''],
      ['北区网格', '9栋', '1单元', '902', '借住'],
      ['北区网格', '', '', '', '自住'],
      ['北区网格', `${'楼'.repeat(101)}`, '', '', ''],
    ];
    const res = await refused('IMPORT_INVALID', async () => importInto(keeper, tree.communities[1], await workbook(rows)));
    expect(res.statusCode).toBe(422);
    const details = res.json<{ error: { details: RowError[] } }>().error.details;
    expect(details.map((d) => [d.row, d.column])).toEqual([
      [3, '网格'],
      [4, '楼栋'],
      [5, '居住状态'],
      [6, '居住状态'],
      [7, '楼栋'],
    ]);
    expect(await t.db.kysely.selectFrom('region').select('id').where('name', '=', '北区网格').execute()).toEqual([]);
  });

  it('reports duplicates, households that exist and names at the wrong level, and writes nothing', async () => {
    const rows: Row[] = [
      ['第一网格', '5栋', '', '501', ''], // fine, but must not be written
      ['第一网格', '1栋', '1单元', '101', '自住'], // exists since the seed
      ['第一网格', '5栋', '', '502', ''],
      ['第一网格', '5栋', '', '502', '出租'], // the row above again
      ['第一网格', '1栋', '', '1单元', ''], // 1单元 is an entrance, not a household
    ];
    const res = await refused('IMPORT_INVALID', async () => importInto(admin, tree.communities[0], await workbook(rows)));
    const details = res.json<{ error: { details: RowError[] } }>().error.details;
    expect(details).toEqual([
      expect.objectContaining({ row: 3, column: '户(门牌号)', message: expect.stringContaining('已存在') }),
      expect.objectContaining({ row: 5, message: expect.stringContaining('第 4 行') }),
      expect.objectContaining({ row: 6, message: expect.stringContaining('层级') }),
    ]);
  });

  it('reports bad cells and tree conflicts of one upload together, in row order', async () => {
    const rows: Row[] = [
      ['第一网格', '1栋', '1单元', '101', '自住'], // exists since the seed
      ['第一网格', '5栋', '', '503', '借住'], // no such occupancy
      ['第一网格', '1栋', '', '1单元', ''], // 1单元 is an entrance, not a household
    ];
    const res = await refused('IMPORT_INVALID', async () => importInto(admin, tree.communities[0], await workbook(rows)));
    expect(res.json<{ error: { details: RowError[] } }>().error.details).toEqual([
      expect.objectContaining({ row: 2, column: '户(门牌号)', message: expect.stringContaining('已存在') }),
      expect.objectContaining({ row: 3, column: '居住状态' }),
      expect.objectContaining({ row: 4, message: expect.stringContaining('层级') }),
    ]);
  });

  it.each([
    ['a text file', '台账.xlsx', Buffer.from('网格,楼栋,单元,户(门牌号),居住状态\n第一网格,1栋,1单元,101,自住\n')],
    ['an empty file', '台账.xlsx', Buffer.alloc(0)],
    ['a zip that is no workbook', '台账.xlsx', Buffer.from('504b0506000000000000000000000000000000000000', 'hex')],
  ])('refuses %s as FILE_INVALID', async (_, name, data) => {
    await refused('FILE_INVALID', () => importInto(keeper, tree.communities[1], data, name));
  });

  it('refuses a workbook whose header is not the template’s', async () => {
    const data = await workbook([['北区网格', '1栋', '', '', '']], ['网格', '楼', '单元', '户', '状态']);
    await refused('FILE_INVALID', () => importInto(keeper, tree.communities[1], data));
    await refused('FILE_INVALID', () => importInto(keeper, tree.communities[1], Buffer.alloc(0)));
  });

  it('refuses a workbook with a header and no rows', async () => {
    await refused('IMPORT_INVALID', async () => importInto(keeper, tree.communities[1], await workbook([])));
  });

  it('imports only into a community', async () => {
    const data = await workbook([['北区网格', '1栋', '', '', '']]);
    await refused('REGION_LEVEL_INVALID', () => importInto(admin, tree.grid, data));
    await refused('REGION_LEVEL_INVALID', () => importInto(admin, tree.streets[0], data));
    const res = await admin.get(`/api/regions/${tree.streets[0]}/households.xlsx`);
    expect(errorCode(res)).toBe('REGION_LEVEL_INVALID');
  });

  it('refuses import and export to someone outside the community', async () => {
    const data = await workbook([['北区网格', '1栋', '', '', '']]);
    const res = await refused('FORBIDDEN', () => importInto(keeper, tree.communities[0], data));
    expect(res.statusCode).toBe(403);
    // Permission comes before the file: an outsider's unreadable upload is refused as theirs to make, not as a file.
    await refused('FORBIDDEN', () => importInto(keeper, tree.communities[0], Buffer.from('not a workbook')));
    expect(errorCode(await keeper.get(`/api/regions/${tree.communities[0]}/households.xlsx`))).toBe('FORBIDDEN');
    // Above the scope the community is visible as the way down, but its ledger is not.
    expect(errorCode(await keeper.get(`/api/regions/${tree.streets[0]}/households.xlsx`))).toBe('FORBIDDEN');
  });

  it('an import racing a move of the building it adds to leaves every node under its parent’s path', async () => {
    const community = tree.communities[3];
    const nodeId = async (parentId: number, name: string) =>
      (await t.db.kysely.selectFrom('region').select('id').where('parent_id', '=', parentId).where('name', '=', name).executeTakeFirstOrThrow()).id;
    expect((await importInto(admin, community, await workbook([['接收网格', '', '', '', '']]))).statusCode).toBe(200);
    const receiving = await nodeId(community, '接收网格');
    for (let round = 0; round < 4; round++) {
      const building = `${round + 1}号楼`;
      expect((await importInto(admin, community, await workbook([['迁出网格', building, '1单元', '101', '']]))).statusCode).toBe(200);
      const moving = await nodeId(await nodeId(community, '迁出网格'), building);
      const added = await workbook(Array.from({ length: 5 }, (_, i): Row => ['迁出网格', building, '1单元', String(102 + i), '']));
      const [imported, moved] = await Promise.all([importInto(admin, community, added), admin.post(`/api/regions/${moving}/move`, { parentId: receiving })]);
      expect([imported.statusCode, moved.statusCode], `${imported.body} ${moved.body}`).toEqual([200, 200]);
    }
    const wrong = await t.db.kysely
      .selectFrom('region as c')
      .leftJoin('region as p', 'p.id', 'c.parent_id')
      .select(['c.id', 'c.name'])
      .where(sql<boolean>`c.path::text <> coalesce(p.path::text || '.', '') || c.id::text`)
      .execute();
    expect(wrong).toEqual([]);
  });
});
