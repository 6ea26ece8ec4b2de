import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { CreateMemberResponse, MembersPage, PersonView, RevealedPerson } from '@meshwork/contracts';
import { errorCode, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { FieldCipher } from '../../platform/crypto.js';
import { nextIdNumber as nextId, seedMemberOrgs } from './people.fixtures.js';

/**
 * People through the HTTP API: members of orgs, one person per ID number, masking, reveal.
 *
 *   市委组织部 (root)            ← rootAdmin
 *   ├─ 甲党委 (a)                ← aAdmin
 *   │  ├─ 甲一支部 (a1, branch)
 *   │  └─ 甲单位 (a2, organ)
 *   └─ 乙党委 (b)                ← bAdmin
 *      └─ 乙支部 (b1, branch)
 */
describe('people', () => {
  const t = useTestApp();
  let admin: Client;
  let rootAdmin: Client;
  let aAdmin: Client;
  let bAdmin: Client;
  let regionAdmin: Client;
  let regions: SampleTree;
  const ids = { root: 0, a: 0, a1: 0, a2: 0, b: 0, b1: 0 };

  function expectError(res: LightMyRequestResponse, status: number, code: string): void {
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });
  }

  const snapshot = async () => ({
    person: await t.db.kysely.selectFrom('person').selectAll().orderBy('id').execute(),
    party: await t.db.kysely.selectFrom('party_membership').selectAll().orderBy('id').execute(),
    work: await t.db.kysely.selectFrom('work_unit_membership').selectAll().orderBy('id').execute(),
    volunteer: await t.db.kysely.selectFrom('volunteer').selectAll().orderBy('id').execute(),
  });

  async function refused(request: () => Promise<LightMyRequestResponse>, status: number, code: string): Promise<void> {
    const before = await snapshot();
    expectError(await request(), status, code);
    expect(await snapshot()).toEqual(before);
  }

  async function createMember(as: Client, orgId: number, body: Record<string, unknown>, status = 201): Promise<CreateMemberResponse> {
    const res = await as.post(`/api/orgs/${orgId}/members`, body);
    expect(res.statusCode, res.body).toBe(status);
    return res.json<CreateMemberResponse>();
  }

  const auditRows = (action: string, entityId?: number) => {
    let q = t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action);
    if (entityId !== undefined) q = q.where('entity_id', '=', String(entityId));
    return q.orderBy('id').execute();
  };

  beforeAll(async () => {
    regions = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    Object.assign(ids, await seedMemberOrgs(admin));
    rootAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.root }]);
    aAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.a }]);
    bAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.b }]);
    regionAdmin = await userWith(t, [{ role: 'region_admin', regionId: regions.communities[0] }]);
  });

  it('creates a member with facets, showing phone and ID number masked', async () => {
    const idNumber = nextId();
    const p = await createMember(aAdmin, ids.a, {
      name: '王芳',
      gender: 'female',
      phone: '13812345678',
      idNumber: idNumber.toLowerCase(),
      skills: ['medical', 'driving'],
      availability: '周末',
      party: { orgId: ids.a1, status: 'probationary' },
      workUnit: { orgId: ids.a2 },
      volunteer: true,
    });
    expect(p).toMatchObject({
      name: '王芳',
      gender: 'female',
      phone: '138****5678',
      idNumber: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
      skills: ['medical', 'driving'],
      availability: '周末',
      partyMembership: { orgId: ids.a1, orgName: '甲一支部', status: 'probationary' },
      workUnits: [{ orgId: ids.a2, orgName: '甲单位' }],
      volunteer: true,
      canReveal: true,
      linked: false,
    });
    expect(JSON.stringify(p)).not.toContain(idNumber.slice(4, 14));
    const audits = await auditRows('person.create', p.id);
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.changes)).not.toContain(idNumber.slice(4, 14));
    expect(JSON.stringify(audits[0]!.changes)).not.toContain('13812345678');
  });

  it('never stores the ID number in clear', async () => {
    const idNumber = nextId();
    const p = await createMember(aAdmin, ids.a, { name: '李雷', idNumber, workUnit: {} });
    const { rows } = await sql<{ row: string }>`SELECT person::text AS row FROM person WHERE id = ${p.id}`.execute(t.db.kysely);
    expect(rows[0]!.row).not.toContain(idNumber.slice(6, 14));
    const hits = await sql<{ n: string }>`SELECT count(*) AS n FROM person WHERE person::text LIKE ${`%${idNumber.slice(6, 14)}%`}`.execute(t.db.kysely);
    expect(Number(hits.rows[0]!.n)).toBe(0);
    // What is stored is the cipher under the configured key, and its hmac.
    const row = await t.db.kysely.selectFrom('person').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    const cipher = new FieldCipher(t.config.fieldKey!);
    expect(cipher.decrypt(row.id_number_cipher!)).toBe(idNumber);
    expect(row.id_number_hmac).toBe(cipher.hmac(idNumber));
  });

  it('links a known ID number from another org without showing the first org’s facets', async () => {
    const idNumber = nextId();
    const first = await createMember(aAdmin, ids.a, {
      name: '张伟',
      phone: '13900001111',
      idNumber,
      party: { orgId: ids.a1, status: 'formal' },
      volunteer: true,
    });
    const linked = await createMember(bAdmin, ids.b, { name: '张伟（另录）', idNumber, workUnit: {} }, 200);
    expect(linked.id).toBe(first.id);
    expect(linked).toMatchObject({ linked: true, partyMembership: null, workUnits: [{ orgId: ids.b, orgName: '乙党委' }], volunteer: false });
    expect(JSON.stringify(linked)).not.toContain('甲');
    // The same holds when b reads the person later; a sees its own facets only; root sees all.
    const asB = (await bAdmin.get(`/api/people/${first.id}`)).json<PersonView>();
    expect(asB).toMatchObject({ partyMembership: null, volunteer: false, workUnits: [{ orgId: ids.b }] });
    const asA = (await aAdmin.get(`/api/people/${first.id}`)).json<PersonView>();
    expect(asA).toMatchObject({ partyMembership: { orgId: ids.a1 }, volunteer: true, workUnits: [] });
    const asRoot = (await rootAdmin.get(`/api/people/${first.id}`)).json<PersonView>();
    expect(asRoot).toMatchObject({ partyMembership: { orgId: ids.a1 }, volunteer: true, workUnits: [{ orgId: ids.b }] });
    expect(await t.db.kysely.selectFrom('person').select('id').where('id_number_hmac', '=', new FieldCipher(t.config.fieldKey!).hmac(idNumber)).execute()).toHaveLength(1);
    expect(await auditRows('person.link', first.id)).toHaveLength(1);
    // A party membership held by another branch is refused without saying where.
    await refused(() => bAdmin.post(`/api/orgs/${ids.b}/members`, { name: '张伟', idNumber, party: { orgId: ids.b1, status: 'formal' } }), 409, 'PARTY_MEMBERSHIP_EXISTS');
  });

  it('reveals the ID number and phone to an org admin holding a membership, audited; refuses others', async () => {
    const idNumber = nextId();
    const p = await createMember(aAdmin, ids.a, { name: '赵敏', phone: '13700002222', idNumber, party: { orgId: ids.a1, status: 'formal' } });
    const res = await aAdmin.post(`/api/people/${p.id}/reveal`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<RevealedPerson>()).toEqual({ id: p.id, idNumber, phone: '13700002222' });
    const reveals = await auditRows('person.reveal', p.id);
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ result: 'ok', username: (aAdmin as unknown as { username: string }).username });

    expectError(await bAdmin.post(`/api/people/${p.id}/reveal`), 403, 'FORBIDDEN');
    expectError(await regionAdmin.post(`/api/people/${p.id}/reveal`), 403, 'FORBIDDEN');
    expectError(await admin.post(`/api/people/${p.id}/reveal`), 403, 'FORBIDDEN');
    expect(await auditRows('person.reveal', p.id)).toHaveLength(1);
    const denied = await t.db.kysely.selectFrom('audit_log').selectAll().where('result', '=', 'denied').where('action', 'like', '%reveal%').execute();
    expect(denied.length).toBeGreaterThanOrEqual(3);
    // Once b holds a membership too, b may reveal.
    await createMember(bAdmin, ids.b, { name: '赵敏', idNumber, workUnit: {} }, 200);
    expect((await bAdmin.post(`/api/people/${p.id}/reveal`)).statusCode).toBe(200);
  });

  it('keeps another org’s admin out: 403 on its members, people, edits', async () => {
    const p = await createMember(aAdmin, ids.a, { name: '钱进', idNumber: nextId(), workUnit: { orgId: ids.a2 } });
    expectError(await bAdmin.get(`/api/orgs/${ids.a}/members`), 403, 'FORBIDDEN');
    expectError(await bAdmin.get(`/api/people/${p.id}`), 403, 'FORBIDDEN');
    await refused(() => bAdmin.patch(`/api/people/${p.id}`, { name: '改名' }), 403, 'FORBIDDEN');
    await refused(() => bAdmin.post(`/api/orgs/${ids.a}/members`, { name: '钱进', idNumber: nextId(), workUnit: {} }), 403, 'FORBIDDEN');
    expectError(await regionAdmin.get(`/api/people/${p.id}`), 403, 'FORBIDDEN');
    expectError(await bAdmin.get(`/api/orgs/${ids.a}/members/export.xlsx`), 403, 'FORBIDDEN');
    expectError(await bAdmin.get(`/api/people/999999`), 404, 'NOT_FOUND');
  });

  it('lists an org’s members, paged and searched, masked', async () => {
    await createMember(aAdmin, ids.a2, { name: '搜索甲', idNumber: nextId(), phone: '13600003333', workUnit: {} });
    await createMember(aAdmin, ids.a2, { name: '搜索乙', idNumber: nextId(), workUnit: {} });
    const page = (await aAdmin.get(`/api/orgs/${ids.a2}/members?q=搜索&limit=1`)).json<MembersPage>();
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    const all = (await aAdmin.get(`/api/orgs/${ids.a2}/members?q=搜索`)).json<MembersPage>();
    expect(all.items.map((p) => p.name)).toEqual(['搜索乙', '搜索甲'].sort());
    expect(all.items.find((p) => p.name === '搜索甲')!.phone).toBe('136****3333');
    // The b subtree does not list a's members.
    const b = (await bAdmin.get(`/api/orgs/${ids.b}/members?q=搜索`)).json<MembersPage>();
    expect(b.total).toBe(0);
  });

  it('updates a person, audited, phone masked in the audit', async () => {
    const p = await createMember(aAdmin, ids.a, { name: '孙立', idNumber: nextId(), workUnit: {} });
    const res = await aAdmin.patch(`/api/people/${p.id}`, { name: '孙力', phone: '13511112222', skills: ['nursing'], gender: 'male' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<PersonView>()).toMatchObject({ name: '孙力', phone: '135****2222', skills: ['nursing'], gender: 'male' });
    const [row] = await auditRows('person.update', p.id);
    expect(row!.changes).toMatchObject({ name: ['孙立', '孙力'], phone: [null, '135****2222'] });
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const good = nextId();
    const badCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    await refused(() => aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '坏', idNumber: badCheck, workUnit: {} }), 400, 'VALIDATION_FAILED');
    await refused(() => aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '坏', idNumber: good }), 400, 'VALIDATION_FAILED');
    await refused(() => aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '坏', idNumber: good, phone: '12345', workUnit: {} }), 400, 'VALIDATION_FAILED');
    await refused(() => aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '坏', idNumber: good, skills: ['flying'], workUnit: {} }), 400, 'VALIDATION_FAILED');
    await refused(() => aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '坏', idNumber: good, workUnit: {}, extra: 1 }), 400, 'VALIDATION_FAILED');
    await refused(() => aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '坏', idNumber: good, party: { orgId: ids.a2, status: 'formal' } }), 422, 'PERSON_ORG_INVALID');
    await refused(() => aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '坏', idNumber: good, workUnit: { orgId: ids.b1 } }), 422, 'PERSON_ORG_INVALID');
    await refused(() => aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '坏', idNumber: good, availability: 'x'.repeat(201), workUnit: {} }), 400, 'VALIDATION_FAILED');
    await refused(() => aAdmin.patch(`/api/people/1`, {}), 400, 'VALIDATION_FAILED');
    await refused(() => aAdmin.post(`/api/orgs/abc/members`, { name: '坏', idNumber: good, workUnit: {} }), 400, 'VALIDATION_FAILED');
  });

  it('keeps one person per ID number under 20 parallel creates', async () => {
    const idNumber = nextId();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        aAdmin.post(`/api/orgs/${ids.a}/members`, { name: `并发${i}`, idNumber, party: { orgId: ids.a1, status: 'formal' }, workUnit: {} }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses, results.map((r) => r.body).join('\n')).toEqual([...Array<number>(19).fill(200), 201]);
    const hmac = new FieldCipher(t.config.fieldKey!).hmac(idNumber);
    const people = await t.db.kysely.selectFrom('person').select('id').where('id_number_hmac', '=', hmac).execute();
    expect(people).toHaveLength(1);
    expect(await t.db.kysely.selectFrom('party_membership').select('id').where('person_id', '=', people[0]!.id).execute()).toHaveLength(1);
    expect(await t.db.kysely.selectFrom('work_unit_membership').select('id').where('person_id', '=', people[0]!.id).execute()).toHaveLength(1);
    expect(await auditRows('person.create', people[0]!.id)).toHaveLength(1);
  });

  it('keeps residents to households, in the schema itself', async () => {
    const person = await t.db.kysely.insertInto('person').values({ name: '住户' }).returning('id').executeTakeFirstOrThrow();
    await t.db.kysely.insertInto('resident').values({ person_id: person.id, household_id: regions.households[0] }).execute();
    await expect(t.db.kysely.insertInto('resident').values({ person_id: person.id, household_id: regions.communities[0] }).execute()).rejects.toThrow();
    await expect(t.db.kysely.insertInto('resident').values({ person_id: person.id, household_id: regions.households[0] }).execute()).rejects.toThrow();
  });
});
