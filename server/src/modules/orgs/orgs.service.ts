import type { Kysely } from 'kysely';
import { childPath } from '../../db/tree.js';
import { z } from 'zod';
import {
  orgLedgerColumns,
  orgType,
  type CreateOrgRequest,
  type OrgDetail,
  type OrgNode,
  type OrgSearchHit,
  type OrgType,
  type UpdateOrgRequest,
} from '@meshwork/contracts';
import type { DB, Org } from '../../db/schema.js';
import { covers, type Actor } from '../../platform/access.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { audit, changedFields } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { readLedger, refuseRowErrors, writeLedger } from '../../platform/excel.js';
import type { RegionsService } from '../regions/regions.service.js';
import { OrgsRepository, type NewOrgFields, type OrgFields, type OrgRow } from './orgs.repository.js';

export class OrgsService {
  private readonly repo: OrgsRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly regions: RegionsService,
  ) {
    this.repo = new OrgsRepository(db);
  }

  private async toNodes(rows: OrgRow[], inside: (row: OrgRow) => boolean): Promise<OrgNode[]> {
    const regionNames = await this.regions.namesOf(rows.map((r) => r.region_id).filter((id): id is number => id !== null));
    return rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      type: r.type,
      name: r.name,
      code: r.code,
      regionId: r.region_id,
      regionName: r.region_id ? (regionNames.get(r.region_id) ?? null) : null,
      supervisingOrgId: r.supervising_org_id,
      supervisingOrgName: r.supervising_org_name,
      contactName: r.contact_name,
      contactPhone: r.contact_phone,
      status: r.status,
      closedAt: r.closed_at?.toISOString() ?? null,
      closedReason: r.closed_reason,
      childCount: Number(r.child_count),
      inScope: inside(r),
    }));
  }

  private async readable(actor: Actor, id: number): Promise<{ row: OrgRow; inside: boolean }> {
    actor.require('org.read');
    const [row, visibility] = await Promise.all([this.repo.find(id), this.repo.visible(id, actor.orgScope('org.read'))]);
    if (!row) throw notFound('组织');
    if (!visibility) throw forbidden('该组织不在您的管辖范围内');
    return { row, inside: visibility === 'inside' };
  }

  private async writable(repo: OrgsRepository, actor: Actor, id: number, what = '组织'): Promise<Org> {
    actor.require('org.write');
    const org = await repo.lock(id);
    if (!org) throw notFound(what);
    if (!covers(actor.orgScope('org.write'), org.path)) throw forbidden('该组织不在您的管辖范围内');
    if (org.status !== 'active') throw new AppError('ORG_CLOSED', `“${org.name}”已撤销`);
    return org;
  }

  async roots(ctx: RequestContext, includeClosed: boolean): Promise<OrgNode[]> {
    const { actor } = signedIn(ctx);
    actor.require('org.read');
    return this.toNodes(await this.repo.roots(actor.orgScope('org.read'), includeClosed), () => true);
  }

  async get(ctx: RequestContext, id: number): Promise<OrgDetail> {
    const { actor } = signedIn(ctx);
    const { row, inside } = await this.readable(actor, id);
    const [node] = await this.toNodes([row], () => inside);
    return { ...node!, ancestors: await this.repo.ancestors(row.path) };
  }

  async children(ctx: RequestContext, id: number, includeClosed: boolean): Promise<OrgNode[]> {
    const { actor } = signedIn(ctx);
    await this.readable(actor, id);
    const scope = actor.orgScope('org.read');
    return this.toNodes(await this.repo.children(id, scope, includeClosed), (r) => covers(scope, r.path));
  }

  async search(ctx: RequestContext, q: string, limit: number): Promise<OrgSearchHit[]> {
    const { actor } = signedIn(ctx);
    actor.require('org.read');
    const scope = actor.orgScope('org.read');
    const rows = await this.repo.search(q, scope, limit);
    const names = await this.repo.names([...new Set(rows.flatMap((r) => r.path.split('.').map(Number)))]);
    const nodes = await this.toNodes(rows, () => true);
    return nodes.map((n, i) => ({
      ...n,
      pathNames: rows[i]!.path.split('.').slice(0, -1).map((id) => names.get(Number(id)) ?? ''),
    }));
  }

  /** Checks the references an org's fields make: its region, and its supervising unit. */
  private async checkReferences(fields: Partial<OrgFields>, self?: number): Promise<void> {
    if (fields.region_id != null && !(await this.regions.exists(fields.region_id))) throw notFound('所在属地');
    if (fields.supervising_org_id != null) {
      if (fields.supervising_org_id === self) throw new AppError('CONSTRAINT_VIOLATED', '组织不能是自己的业务主管单位');
      const supervisor = await this.repo.find(fields.supervising_org_id);
      if (!supervisor || supervisor.status !== 'active') throw notFound('业务主管单位');
    }
  }

  async create(ctx: RequestContext, input: CreateOrgRequest): Promise<OrgNode> {
    const { actor } = signedIn(ctx);
    actor.require('org.write');
    const fields = toFields(input);
    await this.checkReferences(fields);
    const id = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      let parent: Org | null = null;
      if (input.parentId === null) {
        if (!actor.orgScope('org.write').all) throw forbidden('只有系统管理员可以建立顶级组织');
      } else {
        parent = await this.writable(repo, actor, input.parentId, '上级组织');
      }
      const newId = await repo.insert(parent, fields);
      await audit(trx, ctx, { action: 'org.create', entity: 'org', entityId: newId, changes: { parentId: parent?.id ?? null, ...fields } });
      return newId;
    });
    return this.get(ctx, id);
  }

  async update(ctx: RequestContext, id: number, input: UpdateOrgRequest): Promise<OrgNode> {
    const { actor } = signedIn(ctx);
    actor.require('org.write');
    const patch = toFields(input);
    await this.checkReferences(patch, id);
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const org = await this.writable(repo, actor, id);
      await repo.update(id, patch);
      await audit(trx, ctx, { action: 'org.update', entity: 'org', entityId: id, changes: changedFields(org, patch) });
    });
    return this.get(ctx, id);
  }

  async move(ctx: RequestContext, id: number, parentId: number): Promise<OrgNode> {
    const { actor } = signedIn(ctx);
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      await repo.serializeMoves();
      const org = await this.writable(repo, actor, id);
      const parent = await this.writable(repo, actor, parentId, '目标上级组织');
      if (parent.path === org.path || parent.path.startsWith(`${org.path}.`)) {
        throw new AppError('ORG_MOVE_INVALID', '不能移动到自身或其下级组织之下');
      }
      if (org.parent_id === parent.id) return;
      await repo.move(org, parent);
      await audit(trx, ctx, { action: 'org.move', entity: 'org', entityId: id, changes: { parentId: [org.parent_id, parent.id] } });
    });
    return this.get(ctx, id);
  }

  /** Closing keeps the org and its history; it only leaves the active tree. */
  async close(ctx: RequestContext, id: number, reason: string): Promise<OrgNode> {
    const { actor } = signedIn(ctx);
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const org = await this.writable(repo, actor, id);
      if ((await repo.activeChildCount(id)) > 0) {
        throw new AppError('ORG_HAS_ACTIVE_CHILDREN', `“${org.name}”下还有未撤销的下级组织，请先撤销或移走`);
      }
      await repo.close(id, reason);
      await audit(trx, ctx, { action: 'org.close', entity: 'org', entityId: id, changes: { reason } });
    });
    return this.get(ctx, id);
  }

  // ---- The org ledger ----

  async template(): Promise<Buffer> {
    return writeLedger([
      {
        name: '组织台账',
        columns: ledgerColumns,
        rows: [
          ['示例单位', orgType.label('organ'), '', 'example-unit', '220102', '', '王联络', '0431-88888888'],
          ['示例单位党支部', orgType.label('branch'), '示例单位', '', '220102', '', '', ''],
        ],
      },
    ]);
  }

  async export(ctx: RequestContext, id: number): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    const { row, inside } = await this.readable(actor, id);
    if (!inside) throw forbidden('该组织不在您的管辖范围内');
    const orgs = await this.repo.subtree(row.path);
    const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
    const supervisors = await this.repo.names(orgs.map((o) => o.supervising_org_id).filter((v): v is number => v !== null));
    const regionCodes = await this.regions.codesOf(orgs.map((o) => o.region_id).filter((v): v is number => v !== null));
    await audit(this.db, ctx, { action: 'org.export', entity: 'org', entityId: id, detail: `${orgs.length} rows` });
    const file = await writeLedger([
      {
        name: '组织台账',
        title: `${row.name} 组织台账`,
        columns: ledgerColumns,
        rows: orgs.map((o) => [
          o.name,
          orgType.label(o.type),
          o.id === row.id ? '' : (orgNames.get(o.parent_id!) ?? ''),
          o.code,
          o.region_id ? (regionCodes.get(o.region_id) ?? '') : '',
          o.supervising_org_id ? (supervisors.get(o.supervising_org_id) ?? '') : '',
          o.contact_name,
          o.contact_phone,
        ]),
      },
    ]);
    return { file, name: `${row.name}-组织台账.xlsx` };
  }

  /**
   * Creates the ledger's orgs under `id`. 上级组织 names the target, an active org below it, or
   * an org of an earlier row; blank means the target itself. All rows or none.
   */
  async import(ctx: RequestContext, id: number, data: Buffer) {
    const { actor } = signedIn(ctx);
    // Who may import here is answered before anything of the file: an outsider learns nothing of it.
    await this.writable(this.repo, actor, id);
    const { rows, errors } = await readLedger(data, orgLedgerColumns, ledgerRow);
    // Region codes are resolved before the transaction: RegionsService queries on its own
    // connection, and on PGlite that one connection is held by the transaction (a deadlock).
    const regionIds = new Map<string, number | undefined>();
    for (const code of new Set(rows.map((r) => r.value.regionCode).filter((c): c is string => c !== undefined))) {
      regionIds.set(code, (await this.regions.divisionByCode(code))?.id);
    }
    return this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      // New orgs take their parents' paths as read here, under no parent's lock: no move may change them meanwhile.
      await repo.serializeMoves();
      const target = await this.writable(repo, actor, id);
      const byName = new Map<string, Pick<Org, 'id' | 'path'> | 'ambiguous'>();
      for (const o of await repo.subtree(target.path)) byName.set(o.name, byName.has(o.name) ? 'ambiguous' : o);
      const resolved: Array<{ row: number; parent: string; fields: OrgFields }> = [];
      const planned = new Set<string>();
      const plannedCodes = new Set<string>();
      for (const { row, value } of rows) {
        const parentName = value.parent ?? target.name;
        // Blank means the target itself, even if an org below happens to share its name.
        const parent = value.parent === undefined ? target : byName.get(parentName);
        if (parentName !== target.name && !planned.has(parentName) && !parent) {
          errors.push({ row, column: '上级组织', message: `上级组织“${parentName}”不在“${target.name}”之下，也不在前面的行中` });
        } else if (parent === 'ambiguous' && !planned.has(parentName)) {
          errors.push({ row, column: '上级组织', message: `“${parentName}”有重名，无法确定上级组织` });
        }
        if (planned.has(value.name) || byName.has(value.name)) errors.push({ row, column: '组织名称', message: `“${value.name}”已存在` });
        planned.add(value.name);
        // Codes are unique across the tree: report a taken one here rather than fail the insert.
        if (value.code) {
          if (plannedCodes.has(value.code) || (await repo.findByCode(value.code))) {
            errors.push({ row, column: '组织代码', message: `组织代码 ${value.code} 已被使用` });
          }
          plannedCodes.add(value.code);
        }
        let region_id: number | null = null;
        if (value.regionCode) {
          const division = regionIds.get(value.regionCode);
          if (division === undefined) errors.push({ row, column: '所在属地代码', message: `区划代码 ${value.regionCode} 不存在` });
          else region_id = division;
        }
        let supervising_org_id: number | null = null;
        if (value.supervisor) {
          // As for the API, a supervising unit must be active, whether named by code or by name.
          const byCode = await repo.findByCode(value.supervisor);
          const list = byCode ? [byCode].filter((o) => o.status === 'active') : await repo.findActiveByName(value.supervisor);
          if (list.length !== 1) errors.push({ row, column: '业务主管单位', message: `找不到唯一的业务主管单位“${value.supervisor}”` });
          else supervising_org_id = list[0]!.id;
        }
        resolved.push({
          row,
          parent: parentName,
          fields: { type: value.type, name: value.name, code: value.code ?? null, region_id, supervising_org_id, contact_name: value.contactName ?? null, contact_phone: value.contactPhone ?? null },
        });
      }
      refuseRowErrors(errors);
      const created = new Map<string, Pick<Org, 'id' | 'path'>>([[target.name, target]]);
      for (const r of resolved) {
        const parent = created.get(r.parent) ?? (byName.get(r.parent) as Pick<Org, 'id' | 'path'>);
        const newId = await repo.insert(parent, r.fields);
        created.set(r.fields.name, { id: newId, path: childPath(parent.path, newId) });
      }
      await audit(trx, ctx, { action: 'org.import', entity: 'org', entityId: id, changes: { created: resolved.length } });
      return { created: { org: resolved.length }, total: resolved.length };
    });
  }
}

function toFields<T extends Partial<Omit<CreateOrgRequest, 'parentId'>>>(input: T): T extends CreateOrgRequest ? NewOrgFields : Partial<OrgFields> {
  const fields: Partial<OrgFields> = {
    type: input.type,
    name: input.name,
    code: input.code,
    region_id: input.regionId,
    supervising_org_id: input.supervisingOrgId,
    contact_name: input.contactName,
    contact_phone: input.contactPhone,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as never;
}

const ledgerColumns = orgLedgerColumns.map((header) => ({
  header,
  width: header === '组织名称' || header === '上级组织' || header === '业务主管单位' ? 28 : 16,
  list: header === '组织类型' ? orgType.values.map((v) => orgType.label(v)) : undefined,
}));

const typeByLabel = new Map(orgType.values.map((v) => [orgType.label(v), v]));
const ledgerRow = z
  .object({
    组织名称: z.string().min(1, '组织名称不能为空').max(100),
    组织类型: z.string().refine((v) => typeByLabel.has(v), { message: '组织类型不在列表中' }),
    上级组织: z.string().max(100).optional(),
    组织代码: z.string().regex(/^[0-9A-Za-z_-]{1,40}$/, '组织代码只能包含字母、数字、- 和 _').optional(),
    所在属地代码: z.string().regex(/^\d{2,12}$/, '区划代码应为 2–12 位数字').optional(),
    业务主管单位: z.string().max(100).optional(),
    联系人: z.string().max(50).optional(),
    联系电话: z.string().regex(/^[0-9+\- ]{5,20}$/, '联系电话格式不正确').optional(),
  })
  .transform((r) => ({
    name: r.组织名称,
    type: typeByLabel.get(r.组织类型) as OrgType,
    parent: r.上级组织,
    code: r.组织代码,
    regionCode: r.所在属地代码,
    supervisor: r.业务主管单位,
    contactName: r.联系人,
    contactPhone: r.联系电话,
  }));
