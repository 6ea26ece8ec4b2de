import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  gender,
  IdNumber,
  maskIdNumber,
  memberLedgerColumns,
  MobilePhone,
  partyMemberStatus,
  partyOrgTypes,
  skill,
  type CreateMemberRequest,
  type CreateMemberResponse,
  type Gender,
  type ImportMembersResult,
  type MembersPage,
  type MembersQuery,
  type PartyMemberStatus,
  type PersonView,
  type RevealedPerson,
  type Skill,
  type UpdatePersonRequest,
} from '@meshwork/contracts';
import type { DB, Person } from '../../db/schema.js';
import { covers, type Actor, type Scope } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import type { FieldCipher } from '../../platform/crypto.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { readLedger, refuseRowErrors, writeLedger } from '../../platform/excel.js';
import { maskPhone } from '../../platform/masking.js';
import { PeopleRepository, type IdNumberFields, type OrgRef, type PersonFacetRows } from './people.repository.js';

const outOfScope = () => forbidden('该组织不在您的管辖范围内');

/**
 * People and their facets (party member, in-service member, volunteer). One person per ID
 * number across the platform: the ID number is kept encrypted, found by its hmac, shown masked;
 * only an org admin whose scope holds one of the person's memberships may reveal it, audited.
 */
export class PeopleService {
  private readonly repo: PeopleRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly cipher: FieldCipher,
  ) {
    this.repo = new PeopleRepository(db);
  }

  private idNumberFields(idNumber: string): IdNumberFields {
    return { cipher: this.cipher.encrypt(idNumber), hmac: this.cipher.hmac(idNumber), masked: maskIdNumber(idNumber) };
  }

  /** People as the actor may see them: facets outside the actor's scope are left out. */
  private async views(actor: Actor, people: Person[]): Promise<PersonView[]> {
    const facets = await this.repo.facets(people.map((p) => p.id));
    const read = actor.orgScope('person.read');
    const reveal = actor.orgScope('person.reveal');
    return people.map((p) => toView(p, facets, read, reveal));
  }

  /** A person the actor may act on with `permission`: one of their memberships is in scope. */
  private async visible(actor: Actor, id: number, permission: 'person.read' | 'person.write' | 'person.reveal', repo = this.repo): Promise<Person> {
    actor.require(permission);
    // A write locks the row: its transaction reads, checks and updates one version of it.
    const person = permission === 'person.write' ? await repo.lock(id) : await repo.find(id);
    if (!person) throw notFound('人员');
    const scope = actor.orgScope(permission);
    if (!(await repo.membershipPaths(id)).some((p) => covers(scope, p))) throw forbidden('该人员不在您的管辖范围内');
    return person;
  }

  /** An org whose members the actor may read (or write), at or below its scope. */
  private async org(actor: Actor, id: number, permission: 'person.read' | 'person.write', repo = this.repo): Promise<OrgRef> {
    actor.require(permission);
    const org = await repo.org(id, permission === 'person.write');
    if (!org) throw notFound('组织');
    if (!covers(actor.orgScope(permission), org.path)) throw outOfScope();
    if (permission === 'person.write' && org.status !== 'active') throw new AppError('ORG_CLOSED', `“${org.name}”已撤销`);
    return org;
  }

  async get(ctx: RequestContext, id: number): Promise<PersonView> {
    const { actor } = signedIn(ctx);
    const person = await this.visible(actor, id, 'person.read');
    return (await this.views(actor, [person]))[0]!;
  }

  async members(ctx: RequestContext, orgId: number, query: MembersQuery): Promise<MembersPage> {
    const { actor } = signedIn(ctx);
    const org = await this.org(actor, orgId, 'person.read');
    const { rows, total } = await this.repo.membersUnder(org.path, query.q || undefined, query.limit, query.offset);
    return { items: await this.views(actor, rows), total };
  }

  async update(ctx: RequestContext, id: number, input: UpdatePersonRequest): Promise<PersonView> {
    const { actor } = signedIn(ctx);
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const before = await this.visible(actor, id, 'person.write', repo);
      await repo.updatePerson(id, input);
      const changes: Record<string, [unknown, unknown]> = {};
      for (const [key, value] of Object.entries(input)) {
        const old = before[key as keyof Person];
        if (JSON.stringify(old ?? null) === JSON.stringify(value ?? null)) continue;
        changes[key] = key === 'phone' ? [maskPhone(old as string | null), maskPhone(value as string | null)] : [old ?? null, value];
      }
      await audit(trx, ctx, { action: 'person.update', entity: 'person', entityId: id, changes });
    });
    return this.get(ctx, id);
  }

  /** The ID number and phone in clear; for an org admin holding one of the person's memberships. */
  async reveal(ctx: RequestContext, id: number): Promise<RevealedPerson> {
    const { actor } = signedIn(ctx);
    const person = await this.visible(actor, id, 'person.reveal');
    const idNumber = person.id_number_cipher ? this.cipher.decrypt(person.id_number_cipher) : null;
    await audit(this.db, ctx, { action: 'person.reveal', entity: 'person', entityId: id });
    return { id, idNumber, phone: person.phone };
  }

  /**
   * Adds a member to an org: a new person, or, when the ID number is known, the existing person
   * linked by a facet here. The answer shows only what the actor's scope holds.
   */
  async createMember(ctx: RequestContext, orgId: number, input: CreateMemberRequest): Promise<CreateMemberResponse> {
    const { actor } = signedIn(ctx);
    actor.require('person.write');
    const id = this.idNumberFields(input.idNumber);
    const { personId, created } = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const target = await this.org(actor, orgId, 'person.write', repo);
      const under = new Map((await repo.orgsUnder(target.path)).map((o) => [o.id, o]));
      const pick = (orgIdOf: number | undefined, party: boolean): OrgRef => {
        const org = under.get(orgIdOf ?? target.id);
        if (!org) throw new AppError('PERSON_ORG_INVALID', `所选组织不在“${target.name}”之下或已撤销`);
        if (party && !(partyOrgTypes as readonly string[]).includes(org.type)) {
          throw new AppError('PERSON_ORG_INVALID', `“${org.name}”不是党组织，不能接收党员组织关系`);
        }
        return org;
      };
      const branch = input.party ? pick(input.party.orgId, true) : undefined;
      const workUnit = input.workUnit ? pick(input.workUnit.orgId, false) : undefined;
      const fields = {
        name: input.name,
        phone: input.phone ?? null,
        gender: input.gender ?? null,
        skills: input.skills ?? [],
        availability: input.availability || null,
      };
      const person = await repo.upsertByIdNumber(fields, id);
      const facets = await this.addFacets(repo, person.id, target, branch && { org: branch, status: input.party!.status }, workUnit, input.volunteer ?? false);
      await audit(trx, ctx, {
        action: person.created ? 'person.create' : 'person.link',
        entity: 'person',
        entityId: person.id,
        changes: {
          orgId: target.id,
          ...(person.created ? { ...fields, phone: maskPhone(fields.phone), idNumber: id.masked } : {}),
          ...facets,
        },
      });
      return { personId: person.id, created: person.created };
    });
    const person = (await this.repo.find(personId))!;
    return { ...(await this.views(actor, [person]))[0]!, linked: !created };
  }

  /** Adds facets in the org; refuses a party membership already held by another branch. */
  private async addFacets(
    repo: PeopleRepository,
    personId: number,
    target: OrgRef,
    party: { org: OrgRef; status: PartyMemberStatus } | undefined,
    workUnit: OrgRef | undefined,
    volunteer: boolean,
  ): Promise<Record<string, unknown>> {
    const added: Record<string, unknown> = {};
    if (party) {
      const result = await repo.addParty(personId, party.org.id, party.status);
      // Where the other membership is stays unsaid: the actor may not see that branch.
      if (result.org_id !== party.org.id) throw new AppError('PARTY_MEMBERSHIP_EXISTS', '该人员的党组织关系已在其他党组织，请办理组织关系转接');
      if (result.added) added.partyMembership = { orgId: party.org.id, status: party.status };
    }
    if (workUnit && (await repo.addWorkUnit(personId, workUnit.id))) added.workUnit = { orgId: workUnit.id };
    if (volunteer && (await repo.addVolunteer(personId, target.id))) added.volunteer = { orgId: target.id };
    return added;
  }

  /**
   * The org a person belongs to (组织关系, else the first work unit), for forms that name the
   * person's own org by default (enrolment). Only ever the person's own, so no scope applies.
   */
  /** Skills on record for these people; the caller has placed them (an offer, a roster) already. */
  async skillsOf(ids: readonly number[]): Promise<Map<number, string[]>> {
    return this.repo.skillsOf(ids);
  }

  async ownOrg(personId: number): Promise<{ id: number; name: string } | null> {
    const { party, workUnits } = await this.repo.facets([personId]);
    const org = party[0] ?? workUnits[0];
    return org ? { id: org.org_id, name: org.org_name } : null;
  }

  /**
   * Among these people, those who belong to the org at `orgPath` or below (a party membership or
   * a work unit): who may join the org's teams. The caller has placed the org in its own scope.
   */
  async peopleInOrg(personIds: readonly number[], orgPath: string): Promise<number[]> {
    return this.repo.peopleInOrg(personIds, orgPath);
  }

  // ---- The member ledger ----

  async template(): Promise<Buffer> {
    return writeLedger([
      {
        name: '成员台账',
        columns: ledgerColumns,
        rows: [['张三', gender.label('male'), '11010519491231002X', '13800000000', '示例党支部', partyMemberStatus.label('formal'), '示例单位', '是', `${skill.label('medical')}、${skill.label('driving')}`, '周末全天']],
      },
    ]);
  }

  async export(ctx: RequestContext, orgId: number): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    const org = await this.org(actor, orgId, 'person.read');
    const unmasked = actor.has('person.reveal') && covers(actor.orgScope('person.reveal'), org.path);
    const { rows } = await this.repo.membersUnder(org.path, undefined, null);
    const facets = await this.repo.facets(rows.map((r) => r.id));
    const within = (path: string) => path === org.path || path.startsWith(`${org.path}.`);
    await audit(this.db, ctx, { action: 'member.export', entity: 'org', entityId: orgId, detail: `${rows.length} rows, ${unmasked ? 'unmasked' : 'masked'}` });
    const file = await writeLedger([
      {
        name: '成员台账',
        title: `${org.name} 成员台账`,
        columns: ledgerColumns,
        rows: rows.map((p) => {
          const party = facets.party.find((f) => f.person_id === p.id && within(f.org_path));
          const units = facets.workUnits.filter((f) => f.person_id === p.id && within(f.org_path));
          const vol = facets.volunteers.some((f) => f.person_id === p.id && f.org_path !== null && within(f.org_path));
          return [
            p.name,
            p.gender ? gender.label(p.gender) : '',
            p.id_number_cipher ? (unmasked ? this.cipher.decrypt(p.id_number_cipher) : p.id_number_masked) : '',
            unmasked ? (p.phone ?? '') : (maskPhone(p.phone) ?? ''),
            party?.org_name ?? '',
            party ? partyMemberStatus.label(party.status) : '',
            units.map((u) => u.org_name).join('、'),
            vol ? '是' : '否',
            p.skills.map((s) => (skill.values as readonly string[]).includes(s) ? skill.label(s as Skill) : s).join('、'),
            p.availability ?? '',
          ];
        }),
      },
    ]);
    return { file, name: `${org.name}-成员台账.xlsx` };
  }

  /**
   * Imports members under an org, all rows or none. 党组织 and 工作单位 name active orgs at or
   * below it (blank 工作单位 and 党组织 together is an error); a known ID number links the person.
   */
  async import(ctx: RequestContext, orgId: number, data: Buffer): Promise<ImportMembersResult> {
    const { actor } = signedIn(ctx);
    // Who may import here is answered before anything of the file: an outsider learns nothing of it.
    await this.org(actor, orgId, 'person.write');
    const { rows, errors } = await readLedger(data, memberLedgerColumns, ledgerRow, 5000);
    const ids = rows.map((r) => this.idNumberFields(r.value.idNumber));
    return this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const target = await this.org(actor, orgId, 'person.write', repo);
      const byName = new Map<string, OrgRef | 'ambiguous'>();
      for (const o of await repo.orgsUnder(target.path)) byName.set(o.name, byName.has(o.name) ? 'ambiguous' : o);
      const known = await repo.findByHmacs(ids.map((i) => i.hmac));
      const seen = new Map<string, number>();
      const resolve = (row: number, column: string, name: string | undefined, party: boolean): OrgRef | undefined => {
        if (!name) return undefined;
        const org = byName.get(name);
        if (!org) errors.push({ row, column, message: `“${name}”不在“${target.name}”之下` });
        else if (org === 'ambiguous') errors.push({ row, column, message: `“${name}”有重名，无法确定是哪个组织` });
        else if (party && !(partyOrgTypes as readonly string[]).includes(org.type)) errors.push({ row, column, message: `“${name}”不是党组织` });
        else return org;
        return undefined;
      };
      const plans: Array<{ index: number; branch?: OrgRef; workUnit?: OrgRef }> = [];
      for (const [index, { row, value }] of rows.entries()) {
        const hmac = ids[index]!.hmac;
        const earlier = seen.get(hmac);
        if (earlier !== undefined) errors.push({ row, column: '身份证号', message: `与第 ${earlier} 行的身份证号重复` });
        seen.set(hmac, row);
        if (!value.branch && !value.workUnit) errors.push({ row, column: '党组织', message: '党组织和工作单位至少填写一项' });
        if (value.branch && !value.status) errors.push({ row, column: '党员类别', message: '填写了党组织时，党员类别不能为空' });
        const branch = resolve(row, '党组织', value.branch, true);
        const workUnit = resolve(row, '工作单位', value.workUnit, false);
        const existing = known.get(hmac);
        if (branch && existing !== undefined) {
          const held = await repo.partyOf(existing);
          if (held && held.org_id !== branch.id) errors.push({ row, column: '党组织', message: '该人员的党组织关系已在其他党组织，请办理组织关系转接' });
        }
        plans.push({ index, branch, workUnit });
      }
      refuseRowErrors(errors);
      let created = 0;
      for (const plan of plans) {
        const { value } = rows[plan.index]!;
        const fields = { name: value.name, phone: value.phone ?? null, gender: value.gender ?? null, skills: value.skills, availability: value.availability ?? null };
        const person = await repo.upsertByIdNumber(fields, ids[plan.index]!);
        if (person.created) created++;
        await this.addFacets(repo, person.id, target, plan.branch && { org: plan.branch, status: value.status! }, plan.workUnit, value.volunteer);
      }
      await audit(trx, ctx, { action: 'member.import', entity: 'org', entityId: orgId, changes: { created, linked: rows.length - created } });
      return { created: { person: created, link: rows.length - created }, total: rows.length };
    });
  }
}

function toView(p: Person, facets: PersonFacetRows, read: Scope, reveal: Scope): PersonView {
  const party = facets.party.find((f) => f.person_id === p.id);
  const units = facets.workUnits.filter((f) => f.person_id === p.id);
  const volunteer = facets.volunteers.find((f) => f.person_id === p.id);
  const memberships = [...(party ? [party.org_path] : []), ...units.map((u) => u.org_path)];
  return {
    id: p.id,
    name: p.name,
    gender: p.gender,
    phone: maskPhone(p.phone),
    idNumber: p.id_number_masked,
    skills: p.skills.filter((s): s is Skill => (skill.values as readonly string[]).includes(s)),
    availability: p.availability,
    partyMembership: party && covers(read, party.org_path) ? { orgId: party.org_id, orgName: party.org_name, status: party.status } : null,
    workUnits: units.filter((u) => covers(read, u.org_path)).map((u) => ({ orgId: u.org_id, orgName: u.org_name })),
    volunteer: volunteer !== undefined && volunteer.org_path !== null && covers(read, volunteer.org_path),
    canReveal: memberships.some((path) => covers(reveal, path)),
  };
}

const ledgerColumns = memberLedgerColumns.map((header) => ({
  header,
  width: header === '身份证号' ? 22 : header === '党组织' || header === '工作单位' || header === '技能' || header === '可服务时间' ? 24 : 12,
  list:
    header === '性别'
      ? gender.values.map((v) => gender.label(v))
      : header === '党员类别'
        ? partyMemberStatus.values.map((v) => partyMemberStatus.label(v))
        : header === '志愿者'
          ? ['是', '否']
          : undefined,
}));

/** A label in any locale, or the value itself, names the value. */
function byLabel<K extends string>(e: { values: readonly K[]; labels: Record<K, Record<string, string>> }): Map<string, K> {
  const map = new Map<string, K>();
  for (const v of e.values) {
    map.set(v, v);
    for (const l of Object.values(e.labels[v])) map.set(l.toLowerCase(), v);
  }
  return map;
}
const genderByLabel = byLabel(gender);
const statusByLabel = byLabel(partyMemberStatus);
const skillByLabel = byLabel(skill);

const ledgerRow = z
  .object({
    姓名: z.string().min(1, '姓名不能为空').max(50, '姓名不能超过 50 个字'),
    性别: z.string().refine((v) => genderByLabel.has(v.toLowerCase()), { message: '性别应为“男”或“女”' }).optional(),
    身份证号: IdNumber,
    手机号: MobilePhone.optional(),
    党组织: z.string().max(100).optional(),
    党员类别: z.string().refine((v) => statusByLabel.has(v.toLowerCase()), { message: '党员类别应为“正式党员”或“预备党员”' }).optional(),
    工作单位: z.string().max(100).optional(),
    志愿者: z.enum(['是', '否'], { message: '志愿者应填“是”或“否”' }).optional(),
    技能: z
      .string()
      .transform((v) => v.split(/[、,，;；\s]+/).filter(Boolean))
      .superRefine((list, ctx) => {
        const unknown = list.filter((s) => !skillByLabel.has(s.toLowerCase()));
        if (unknown.length) ctx.addIssue({ code: 'custom', message: `技能“${unknown.join('、')}”不在列表中（可选：${skill.values.map((v) => skill.label(v)).join('、')}）` });
      })
      .optional(),
    可服务时间: z.string().max(200, '可服务时间不能超过 200 个字').optional(),
  })
  .transform((r) => ({
    name: r.姓名,
    gender: r.性别 ? (genderByLabel.get(r.性别.toLowerCase()) as Gender) : undefined,
    idNumber: r.身份证号,
    phone: r.手机号,
    branch: r.党组织,
    status: r.党员类别 ? (statusByLabel.get(r.党员类别.toLowerCase()) as PartyMemberStatus) : undefined,
    workUnit: r.工作单位,
    volunteer: r.志愿者 === '是',
    skills: [...new Set((r.技能 ?? []).map((s) => skillByLabel.get(s.toLowerCase())!))],
    availability: r.可服务时间,
  }));
