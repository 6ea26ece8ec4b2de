import { beforeAll, describe, expect, it } from 'vitest';
import { memberLedgerColumns, type ImportMembersResult, type MembersPage, type RowError } from '@meshwork/contracts';
import { errorCode, rowCount, useTestApp, userWith, type Client } from '../../../test/helpers.js';
import * as excel from '../../../test/excel.js';
import { nextIdNumber, seedMemberOrgs } from './people.fixtures.js';

/**
 * The member ledger (成员台账): template, export, import — all rows or none, every bad row reported.
 *
 *   市委组织部 (root)
 *   ├─ 甲党委 (a)       ← aAdmin
 *   │  ├─ 甲一支部 (branch)
 *   │  └─ 甲单位 (organ)
 *   └─ 乙党委 (b)       ← bAdmin
 *      └─ 乙支部 (branch)
 */
describe('member ledger', () => {
  const t = useTestApp();
  let admin: Client;
  let aAdmin: Client;
  let bAdmin: Client;
  const ids = { root: 0, a: 0, a1: 0, a2: 0, b: 0, b1: 0 };

  type Header = (typeof memberLedgerColumns)[number];
  type LedgerRecord = Partial<Record<Header, string>>;

  const workbook = (records: LedgerRecord[], headers: readonly string[] = memberLedgerColumns) => excel.workbook(headers, records, '成员台账');
  const sheetRows = (data: Buffer) => excel.sheetRows(data, memberLedgerColumns.length);

  const importInto = (as: Client, id: number, data: Buffer) => as.upload(`/api/orgs/${id}/members/import`, [{ name: '成员台账.xlsx', data }]);
  const counts = async () => ({
    person: await rowCount(t.db, 'person'),
    party: await rowCount(t.db, 'party_membership'),
    work: await rowCount(t.db, 'work_unit_membership'),
    volunteer: await rowCount(t.db, 'volunteer'),
  });

  beforeAll(async () => {
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    Object.assign(ids, await seedMemberOrgs(admin));
    aAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.a }]);
    bAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.b }]);
  });

  it('offers a template with the ledger’s header', async () => {
    const res = await aAdmin.get(`/api/orgs/${ids.a}/members/template.xlsx`);
    expect(res.statusCode).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0]).toEqual([...memberLedgerColumns]);
  });

  it('imports all rows, linking a known ID number, then exports them (audited)', async () => {
    const known = nextIdNumber();
    const linked = await bAdmin.post(`/api/orgs/${ids.b}/members`, { name: '老成员', idNumber: known, party: { orgId: ids.b1, status: 'formal' } });
    expect(linked.statusCode, linked.body).toBe(201);
    const fresh = nextIdNumber();
    const before = await counts();
    const res = await importInto(
      aAdmin,
      ids.a,
      await workbook([
        { 姓名: '新成员', 性别: '女', 身份证号: fresh, 手机号: '13812345678', 党组织: '甲一支部', 党员类别: '预备党员', 工作单位: '甲单位', 志愿者: '是', 技能: '医疗、驾驶', 可服务时间: '工作日晚上' },
        { 姓名: '老成员', 身份证号: known, 工作单位: '甲单位' },
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ImportMembersResult>()).toEqual({ created: { person: 1, link: 1 }, total: 2 });
    const after = await counts();
    expect(after).toEqual({ person: before.person + 1, party: before.party + 1, work: before.work + 2, volunteer: before.volunteer + 1 });

    const page = (await aAdmin.get(`/api/orgs/${ids.a}/members`)).json<MembersPage>();
    expect(page.items.map((p) => p.name).sort()).toEqual(['新成员', '老成员'].sort());
    const old = page.items.find((p) => p.name === '老成员')!;
    expect(old.partyMembership).toBeNull();
    expect(page.items.find((p) => p.name === '新成员')).toMatchObject({ skills: ['medical', 'driving'], gender: 'female', volunteer: true, partyMembership: { status: 'probationary' } });

    const exported = await aAdmin.get(`/api/orgs/${ids.a}/members/export.xlsx`);
    expect(exported.statusCode).toBe(200);
    const rows = await sheetRows(exported.rawPayload);
    expect(rows[0]![0]).toContain('甲党委');
    expect(rows[1]).toEqual([...memberLedgerColumns]);
    const data = rows.slice(2);
    // The exporter may reveal in this scope: ID numbers and phones in clear; the b branch is not named.
    expect(data.find((r) => r[0] === '新成员')).toEqual(['新成员', '女', fresh, '13812345678', '甲一支部', '预备党员', '甲单位', '是', '医疗、驾驶', '工作日晚上']);
    expect(data.find((r) => r[0] === '老成员')).toEqual(['老成员', '', known, '', '', '', '甲单位', '否', '', '']);
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'member.export').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('unmasked');
    expect(await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'member.import').execute()).toHaveLength(1);

    // What the file holds round-trips: importing the export again only re-links.
    const again = await importInto(aAdmin, ids.a, await workbook(data.map((r) => Object.fromEntries(memberLedgerColumns.map((h, i) => [h, r[i] || undefined])) as LedgerRecord)));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<ImportMembersResult>()).toEqual({ created: { person: 0, link: 2 }, total: 2 });
    expect(await counts()).toEqual(after);
  });

  it('reports every bad row and imports nothing', async () => {
    const good = nextIdNumber();
    const dup = nextIdNumber();
    const badCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const before = await counts();
    const schemaErrors = await importInto(
      aAdmin,
      ids.a,
      await workbook([
        { 姓名: '好', 身份证号: good, 工作单位: '甲单位' },
        { 姓名: '校验位错', 身份证号: badCheck, 工作单位: '甲单位' },
        { 姓名: '手机错', 身份证号: nextIdNumber(), 手机号: '12345', 工作单位: '甲单位' },
        { 姓名: '技能错', 身份证号: nextIdNumber(), 技能: '医疗、飞行', 工作单位: '甲单位' },
      ]),
    );
    expect(schemaErrors.statusCode, schemaErrors.body).toBe(422);
    expect(errorCode(schemaErrors)).toBe('IMPORT_INVALID');
    const e1 = schemaErrors.json<{ error: { details: RowError[] } }>().error.details;
    expect(e1.map((e) => [e.row, e.column])).toEqual([
      [3, '身份证号'],
      [4, '手机号'],
      [5, '技能'],
    ]);
    expect(e1[2]!.message).toContain('飞行');

    const refErrors = await importInto(
      aAdmin,
      ids.a,
      await workbook([
        { 姓名: '好', 身份证号: good, 工作单位: '甲单位' },
        { 姓名: '甲', 身份证号: dup, 工作单位: '甲单位' },
        { 姓名: '甲又', 身份证号: dup, 工作单位: '甲单位' },
        { 姓名: '外部支部', 身份证号: nextIdNumber(), 党组织: '乙支部', 党员类别: '正式党员' },
        { 姓名: '非党组织', 身份证号: nextIdNumber(), 党组织: '甲单位', 党员类别: '正式党员' },
        { 姓名: '无关系', 身份证号: nextIdNumber() },
        { 姓名: '缺类别', 身份证号: nextIdNumber(), 党组织: '甲一支部' },
      ]),
    );
    expect(refErrors.statusCode, refErrors.body).toBe(422);
    const e2 = refErrors.json<{ error: { details: RowError[] } }>().error.details;
    expect(e2.map((e) => [e.row, e.column])).toEqual([
      [4, '身份证号'],
      [5, '党组织'],
      [6, '党组织'],
      [7, '党组织'],
      [8, '党员类别'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('reports bad cells and unresolved orgs of one upload together, in row order', async () => {
    const before = await counts();
    const res = await importInto(
      aAdmin,
      ids.a,
      await workbook([
        { 姓名: '外部支部', 身份证号: nextIdNumber(), 党组织: '乙支部', 党员类别: '正式党员' },
        { 姓名: '手机错', 身份证号: nextIdNumber(), 手机号: '12345', 工作单位: '甲单位' },
        { 姓名: '无关系', 身份证号: nextIdNumber() },
      ]),
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json<{ error: { details: RowError[] } }>().error.details.map((e) => [e.row, e.column])).toEqual([
      [2, '党组织'],
      [3, '手机号'],
      [4, '党组织'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses another org’s admin and files that are not the ledger', async () => {
    const before = await counts();
    const res = await importInto(bAdmin, ids.a, await workbook([{ 姓名: '越权', 身份证号: nextIdNumber(), 工作单位: '甲单位' }]));
    expect(res.statusCode).toBe(403);
    // Before anything of the file: a bad one from outside is refused as such, not reported on.
    expect(errorCode(await importInto(bAdmin, ids.a, Buffer.from('not a workbook')))).toBe('FORBIDDEN');
    const wrong = await importInto(aAdmin, ids.a, await workbook([{ 姓名: 'x' }], ['名字', '证件']));
    expect(errorCode(wrong)).toBe('FILE_INVALID');
    const junk = await importInto(aAdmin, ids.a, Buffer.from('not a workbook'));
    expect(errorCode(junk)).toBe('FILE_INVALID');
    expect(await counts()).toEqual(before);
  });
});
