import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { orgLedgerColumns, orgType, type OrgDetail, type RowError } from '@meshwork/contracts';
import { anonymous, errorCode, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import * as excel from '../../../test/excel.js';

/**
 * The org ledger (组织台账) as offices use it: download the template, export a subtree, import a
 * filled workbook under an org — all rows or none, with a row-by-row report of what is wrong.
 *
 *   市委组织部 (root)
 *   ├─ 某区委 (target)
 *   │  └─ 第一党委 (existing)
 *   ├─ 西城区委 (outside)      ← outsideAdmin's scope
 *   └─ 市民政局 (code mzj)     ← a supervising unit, outside the target
 */
describe('org ledger', () => {
  const t = useTestApp();
  let regions: SampleTree;
  let admin: Client;
  let targetAdmin: Client;
  let outsideAdmin: Client;
  const ids = { root: 0, target: 0, existing: 0, outside: 0, supervisor: 0 };

  type Header = (typeof orgLedgerColumns)[number];
  type LedgerRecord = Partial<Record<Header, string>>;

  // ---- local helpers ----

  async function create(parentId: number | null, name: string, extra: Record<string, unknown> = {}): Promise<OrgDetail> {
    const res = await admin.post('/api/orgs', { parentId, type: 'organ', name, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<OrgDetail>();
  }

  /** A workbook as an office would fill it: one header row, then one org a row. */
  const workbook = (records: LedgerRecord[], headers: readonly string[] = orgLedgerColumns) => excel.workbook(headers, records, '组织台账');

  /** Every non-empty row of the first sheet as trimmed cell texts (blank cells as ''). */
  const sheetRows = (data: Buffer) => excel.sheetRows(data, orgLedgerColumns.length);

  function importInto(as: Client, id: number, data: Buffer, name = '组织台账.xlsx') {
    return as.upload(`/api/orgs/${id}/import`, [{ name, data }]);
  }

  function expectError(res: LightMyRequestResponse, status: number, code: string): void {
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });
  }

  async function orgTable() {
    return t.db.kysely.selectFrom('org').selectAll().orderBy('id').execute();
  }

  /** An import that must be refused as a whole: the answer's code, and an untouched org table. */
  async function refusedImport(as: Client, id: number, data: Buffer, status: number, code: string): Promise<LightMyRequestResponse> {
    const before = await orgTable();
    const res = await importInto(as, id, data);
    expectError(res, status, code);
    expect(await orgTable()).toEqual(before);
    return res;
  }

  /** The row errors of an IMPORT_INVALID answer as "row:column", sorted for comparison. */
  function rowErrors(res: LightMyRequestResponse): string[] {
    const details = res.json<{ error: { details: RowError[] } }>().error.details;
    return details.map((d) => `${d.row}:${d.column ?? ''}`).sort();
  }

  async function activeByName(name: string) {
    return t.db.kysely.selectFrom('org').selectAll().where('name', '=', name).where('status', '=', 'active').executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    regions = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    ids.root = (await create(null, '市委组织部', { type: 'organization_department' })).id;
    ids.target = (await create(ids.root, '某区委', { type: 'party_committee' })).id;
    ids.existing = (await create(ids.target, '第一党委', { type: 'party_committee' })).id;
    ids.outside = (await create(ids.root, '西城区委', { type: 'party_committee' })).id;
    ids.supervisor = (await create(ids.root, '市民政局', { code: 'mzj' })).id;
    targetAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.target }]);
    outsideAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.outside }]);
  });

  it('downloads a template with the ledger header and example rows', async () => {
    const res = await targetAdmin.get('/api/orgs/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('组织台账模板.xlsx'));
    const [header, ...examples] = await sheetRows(res.rawPayload);
    expect(header).toEqual([...orgLedgerColumns]);
    expect(examples.length).toBeGreaterThan(0);
    // The examples use the labels the import accepts.
    const labels = orgType.values.map((v) => orgType.label(v));
    for (const row of examples) expect(labels).toContain(row[1]);
    expectError(await anonymous(t).get('/api/orgs/template.xlsx'), 401, 'UNAUTHENTICATED');
  });

  it('imports rows under the target, below it, and under earlier rows', async () => {
    const res = await importInto(
      targetAdmin,
      ids.target,
      await workbook([
        { 组织名称: '甲单位', 组织类型: '机关', 组织代码: 'jia-01', 所在属地代码: '110101', 联系人: '张三', 联系电话: '010-12345678' },
        { 组织名称: '甲单位党支部', 组织类型: '党支部', 上级组织: '甲单位' },
        { 组织名称: '乙支部', 组织类型: '党支部', 上级组织: '第一党委', 所在属地代码: '110101001' },
        { 组织名称: '丙党小组', 组织类型: '党小组', 上级组织: '甲单位党支部' },
        { 组织名称: '丁协会', 组织类型: '社会团体', 上级组织: '某区委', 业务主管单位: 'mzj' },
        { 组织名称: '戊基金会', 组织类型: '基金会', 业务主管单位: '市民政局' },
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: { org: 6 }, total: 6 });

    const jia = await activeByName('甲单位');
    expect(jia).toMatchObject({ parent_id: ids.target, type: 'organ', code: 'jia-01', region_id: regions.district, contact_name: '张三', contact_phone: '010-12345678' });
    const jiaBranch = await activeByName('甲单位党支部');
    expect(jiaBranch).toMatchObject({ parent_id: jia.id, type: 'branch' });
    expect(await activeByName('乙支部')).toMatchObject({ parent_id: ids.existing, region_id: regions.streets[0] });
    expect(await activeByName('丁协会')).toMatchObject({ parent_id: ids.target, type: 'association', supervising_org_id: ids.supervisor });
    expect(await activeByName('戊基金会')).toMatchObject({ parent_id: ids.target, type: 'foundation', supervising_org_id: ids.supervisor });

    // The deepest row hangs where the API says it does.
    const group = await activeByName('丙党小组');
    const detail = (await targetAdmin.get(`/api/orgs/${group.id}`)).json<OrgDetail>();
    expect(detail.ancestors.map((a) => a.name)).toEqual(['市委组织部', '某区委', '甲单位', '甲单位党支部']);
    expect((await targetAdmin.get(`/api/orgs/${jia.id}`)).json<OrgDetail>()).toMatchObject({ regionName: '东城区', childCount: 1 });
  });

  it('exports one row per active org of a subtree, with parent names', async () => {
    const gone = await create(ids.existing, '已撤销的支部', { type: 'branch' });
    expect((await admin.post(`/api/orgs/${gone.id}/close`, { reason: '撤销' })).statusCode).toBe(200);

    const res = await targetAdmin.get(`/api/orgs/${ids.target}/export.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [title, header, ...rows] = await sheetRows(res.rawPayload);
    expect(title?.[0]).toContain('某区委');
    expect(header).toEqual([...orgLedgerColumns]);

    const parentOf = new Map(rows.map((r) => [r[0], r[2]]));
    expect(rows).toHaveLength(parentOf.size); // one row per org
    expect(Object.fromEntries(parentOf)).toEqual({
      某区委: '', // the exported root: its parent lies outside the ledger
      第一党委: '某区委',
      甲单位: '某区委',
      丁协会: '某区委',
      戊基金会: '某区委',
      乙支部: '第一党委',
      甲单位党支部: '甲单位',
      丙党小组: '甲单位党支部',
    });
    const jia = rows.find((r) => r[0] === '甲单位');
    expect(jia).toEqual(['甲单位', '机关', '某区委', 'jia-01', '110101', '', '张三', '010-12345678']);
    expect(rows.find((r) => r[0] === '丁协会')?.[5]).toBe('市民政局');

    // Readable above the scope is not enough to export: the ledger is the subtree's data.
    expectError(await targetAdmin.get(`/api/orgs/${ids.root}/export.xlsx`), 403, 'FORBIDDEN');
    expectError(await outsideAdmin.get(`/api/orgs/${ids.target}/export.xlsx`), 403, 'FORBIDDEN');
  });

  it('imports an exported ledger into another org', async () => {
    const exported = (await admin.get(`/api/orgs/${ids.existing}/export.xlsx`)).rawPayload;
    const res = await importInto(outsideAdmin, ids.outside, exported);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: { org: 2 }, total: 2 });
    const childrenOf = (id: number) => t.db.kysely.selectFrom('org').select(['id', 'name']).where('parent_id', '=', id).execute();
    const [copy, ...more] = await childrenOf(ids.outside);
    expect([copy?.name, more]).toEqual(['第一党委', []]);
    expect((await childrenOf(copy!.id)).map((c) => c.name)).toEqual(['乙支部']);
  });

  it('reports rows that do not fit the ledger, and writes nothing', async () => {
    const res = await refusedImport(
      targetAdmin,
      ids.target,
      await workbook([
        { 组织名称: '格式正确的单位', 组织类型: '机关' }, // row 2: fine, but not written either
        { 组织名称: '俱乐部', 组织类型: '俱乐部' },
        { 组织名称: '电话错误', 组织类型: '机关', 联系电话: '请拨总机' },
        { 组织名称: '区划格式错误', 组织类型: '机关', 所在属地代码: '东城区' },
        { 组织类型: '机关' },
      ]),
      422,
      'IMPORT_INVALID',
    );
    expect(rowErrors(res)).toEqual(['3:组织类型', '4:联系电话', '5:所在属地代码', '6:组织名称']);
  });

  it('reports rows whose references do not resolve, and writes nothing', async () => {
    const gone = await create(ids.root, '已撤销的主管局', { code: 'gone-01' });
    expect((await admin.post(`/api/orgs/${gone.id}/close`, { reason: '撤销' })).statusCode).toBe(200);

    const res = await refusedImport(
      targetAdmin,
      ids.target,
      await workbook([
        { 组织名称: '新单位', 组织类型: '机关' }, // row 2: fine
        { 组织名称: '无上级', 组织类型: '党支部', 上级组织: '不存在的单位' },
        { 组织名称: '第一党委', 组织类型: '党委' }, // exists below the target
        { 组织名称: '新单位', 组织类型: '机关' }, // repeats row 2
        { 组织名称: '区划不存在', 组织类型: '机关', 所在属地代码: '999999' },
        { 组织名称: '主管不存在', 组织类型: '社会团体', 业务主管单位: '不存在的主管' },
        { 组织名称: '上级在后', 组织类型: '党支部', 上级组织: '后面的单位' }, // a later row is no parent
        { 组织名称: '后面的单位', 组织类型: '机关' },
        { 组织名称: '上级在外', 组织类型: '党支部', 上级组织: '西城区委' }, // outside the target
        { 组织名称: '代码已被占用', 组织类型: '机关', 组织代码: 'mzj' },
        { 组织名称: '代码甲', 组织类型: '机关', 组织代码: 'dup-x' }, // row 12: fine
        { 组织名称: '代码乙', 组织类型: '机关', 组织代码: 'dup-x' }, // repeats row 12's code
        { 组织名称: '主管已撤销', 组织类型: '社会团体', 业务主管单位: 'gone-01' },
      ]),
      422,
      'IMPORT_INVALID',
    );
    expect(rowErrors(res)).toEqual(
      ['3:上级组织', '4:组织名称', '5:组织名称', '6:所在属地代码', '7:业务主管单位', '8:上级组织', '10:上级组织', '11:组织代码', '13:组织代码', '14:业务主管单位'].sort(),
    );
  });

  it('reports bad cells and unresolved references of one upload together', async () => {
    const res = await refusedImport(
      targetAdmin,
      ids.target,
      await workbook([
        { 组织名称: '无上级二', 组织类型: '党支部', 上级组织: '不存在的单位' },
        { 组织名称: '俱乐部二', 组织类型: '俱乐部' },
        { 组织名称: '区划不存在二', 组织类型: '机关', 所在属地代码: '999999' },
      ]),
      422,
      'IMPORT_INVALID',
    );
    expect(rowErrors(res)).toEqual(['2:上级组织', '3:组织类型', '4:所在属地代码']);
  });

  it('puts rows with a blank 上级组织 under the target even when a name below repeats it', async () => {
    // Names need only be unique among siblings: an org below may share the target's name.
    const target = await create(ids.root, '重名目标');
    await create(target.id, '重名目标');
    const res = await importInto(admin, target.id, await workbook([{ 组织名称: '空上级的单位', 组织类型: '机关' }]));
    expect(res.statusCode, res.body).toBe(200);
    expect((await activeByName('空上级的单位')).parent_id).toBe(target.id);
  });

  it('refuses files that are not the ledger', async () => {
    await refusedImport(targetAdmin, ids.target, Buffer.from('组织名称,组织类型\n某单位,机关\n'), 422, 'FILE_INVALID');
    const shuffled = [orgLedgerColumns[1], orgLedgerColumns[0], ...orgLedgerColumns.slice(2)];
    await refusedImport(targetAdmin, ids.target, await workbook([{ 组织名称: '表头错误', 组织类型: '机关' }], shuffled), 422, 'FILE_INVALID');
    await refusedImport(targetAdmin, ids.target, await workbook([{ 组织名称: '缺列' }], orgLedgerColumns.slice(0, 3)), 422, 'FILE_INVALID');
    await refusedImport(targetAdmin, ids.target, await workbook([]), 422, 'IMPORT_INVALID');
  });

  it('refuses an import by someone outside the target, or into a closed org', async () => {
    const data = await workbook([{ 组织名称: '越界导入', 组织类型: '机关' }]);
    await refusedImport(outsideAdmin, ids.target, data, 403, 'FORBIDDEN');
    await refusedImport(targetAdmin, ids.root, data, 403, 'FORBIDDEN');
    // Permission comes before the file: an outsider's unreadable upload is refused as theirs to make, not as a file.
    await refusedImport(outsideAdmin, ids.target, Buffer.from('not a workbook'), 403, 'FORBIDDEN');
    const closed = await create(ids.target, '已撤销的导入目标');
    expect((await admin.post(`/api/orgs/${closed.id}/close`, { reason: '撤销' })).statusCode).toBe(200);
    await refusedImport(targetAdmin, closed.id, data, 409, 'ORG_CLOSED');
  });
});
