import type { Kysely } from 'kysely';
import { childPath } from '../../db/tree.js';
import {
  childLevels,
  divisionLevels,
  householdLedgerColumns,
  householdOccupancy,
  localLevels,
  type CreateRegionRequest,
  type LocalLevel,
  type Location,
  type RegionDetail,
  type RegionLevel,
  type RegionNode,
  type RegionSearchHit,
  type UpdateRegionRequest,
} from '@meshwork/contracts';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { DB, Region } from '../../db/schema.js';
import { covers, type Actor, type Scope } from '../../platform/access.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { audit, changedFields } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { readLedger, refuseRowErrors, writeLedger } from '../../platform/excel.js';
import { RegionsRepository, type RegionRow } from './regions.repository.js';
import { importDivisions, type DivisionSources } from './divisions.import.js';

const isLocal = (level: RegionLevel): level is LocalLevel => (localLevels as readonly RegionLevel[]).includes(level);

export class RegionsService {
  private readonly repo: RegionsRepository;
  private readonly kysely: Kysely<DB>;

  constructor(private readonly db: Database) {
    this.kysely = db.kysely;
    this.repo = new RegionsRepository(db.kysely);
  }

  private toNode(row: RegionRow, inScope: boolean): RegionNode {
    return {
      id: row.id,
      parentId: row.parent_id,
      level: row.level,
      code: row.code,
      name: row.name,
      occupancy: row.occupancy,
      childCount: Number(row.child_count),
      inScope,
    };
  }

  /** The node, if the actor may see it; FORBIDDEN if it exists out of sight. */
  private async readable(actor: Actor, id: number): Promise<{ row: RegionRow; inside: boolean }> {
    actor.require('region.read');
    const scope = actor.regionScope('region.read');
    const [row, visibility] = await Promise.all([this.repo.find(id), this.repo.visible(id, scope)]);
    if (!row) throw notFound('属地节点');
    if (!visibility) throw forbidden('该节点不在您的管辖范围内');
    return { row, inside: visibility === 'inside' };
  }

  /** A node the actor may change: inside the write scope, locked for the transaction. */
  private async writable(repo: RegionsRepository, actor: Actor, id: number, what = '属地节点'): Promise<Region> {
    actor.require('region.write');
    const node = await repo.lock(id);
    if (!node) throw notFound(what);
    if (!covers(actor.regionScope('region.write'), node.path)) throw forbidden('该节点不在您的管辖范围内');
    return node;
  }

  async roots(ctx: RequestContext): Promise<RegionNode[]> {
    const { actor } = signedIn(ctx);
    actor.require('region.read');
    return (await this.repo.roots(actor.regionScope('region.read'))).map((r) => this.toNode(r, true));
  }

  async get(ctx: RequestContext, id: number): Promise<RegionDetail> {
    const { actor } = signedIn(ctx);
    const { row, inside } = await this.readable(actor, id);
    const [ancestors, householdCount] = await Promise.all([
      this.repo.ancestors(row.path),
      inside ? this.repo.householdCount(row.path) : Promise.resolve(0),
    ]);
    return { ...this.toNode(row, inside), ancestors, householdCount, latitude: row.latitude, longitude: row.longitude };
  }

  /** Places a street, community or local node on the map (any level may hold coordinates, these are the ones allocation uses). */
  async locate(ctx: RequestContext, id: number, input: Location): Promise<RegionDetail> {
    const { actor } = signedIn(ctx);
    await this.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const node = await this.writable(repo, actor, id);
      await repo.locate(id, input.latitude, input.longitude);
      await audit(trx, ctx, {
        action: 'region.locate',
        entity: 'region',
        entityId: id,
        changes: { latitude: [node.latitude, input.latitude], longitude: [node.longitude, input.longitude] },
      });
    });
    return this.get(ctx, id);
  }

  async children(ctx: RequestContext, id: number, paging: { limit: number; offset: number }) {
    const { actor } = signedIn(ctx);
    await this.readable(actor, id);
    const scope = actor.regionScope('region.read');
    const page = await this.repo.children(id, scope, paging.limit, paging.offset);
    return { items: page.items.map((r) => this.toNode(r, covers(scope, r.path))), total: page.total };
  }

  private async hits(rows: RegionRow[], scope: Scope): Promise<RegionSearchHit[]> {
    const names = await this.repo.pathNames(rows.map((r) => r.path));
    return rows.map((r) => ({ ...this.toNode(r, covers(scope, r.path)), pathNames: names.get(r.path) ?? [] }));
  }

  async search(ctx: RequestContext, q: string, limit: number): Promise<RegionSearchHit[]> {
    const { actor } = signedIn(ctx);
    actor.require('region.read');
    const scope = actor.regionScope('region.read');
    return this.hits(await this.repo.search(q, scope, [...divisionLevels, ...localLevels], limit), scope);
  }

  /**
   * Division levels are public reference data (the NBS publishes them); any signed-in user may
   * look one up, e.g. to say where an org sits. Local levels never appear here.
   */
  async searchDivisions(ctx: RequestContext, q: string, limit: number): Promise<RegionSearchHit[]> {
    signedIn(ctx);
    const all: Scope = { all: true };
    const rows = await this.repo.search(q, all, divisionLevels, limit);
    return (await this.hits(rows, all)).map((h) => ({ ...h, inScope: false }));
  }

  // ---- For other modules: where their records sit ----

  /** Names of region nodes, for display beside records that sit in them. */
  namesOf(ids: number[]): Promise<Map<number, string>> {
    return this.repo.names([...new Set(ids)]);
  }

  /** A division node by its NBS code (public reference data). */
  async divisionByCode(code: string): Promise<{ id: number; name: string } | undefined> {
    const row = await this.repo.findByCode(code);
    return row && { id: row.id, name: row.name };
  }

  /** Division codes of region nodes (local nodes have none). */
  codesOf(ids: number[]): Promise<Map<number, string>> {
    return this.repo.codes([...new Set(ids)]);
  }

  async exists(id: number): Promise<boolean> {
    return (await this.repo.names([id])).size === 1;
  }

  async create(ctx: RequestContext, input: CreateRegionRequest): Promise<RegionNode> {
    const { actor } = signedIn(ctx);
    const id = await this.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const parent = await this.writable(repo, actor, input.parentId, '上级节点');
      if (!childLevels[parent.level].includes(input.level)) {
        throw new AppError('REGION_LEVEL_INVALID', `${parent.name}下不能直接建立这一层级`, { allowed: childLevels[parent.level] });
      }
      if (input.occupancy && input.level !== 'household') throw new AppError('REGION_LEVEL_INVALID', '居住状态只适用于户');
      const newId = await repo.insertLocal(parent, input);
      await audit(trx, ctx, { action: 'region.create', entity: 'region', entityId: newId, changes: { ...input } });
      return newId;
    });
    return this.toNode((await this.repo.find(id))!, true);
  }

  async update(ctx: RequestContext, id: number, input: UpdateRegionRequest): Promise<RegionNode> {
    const { actor } = signedIn(ctx);
    await this.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const node = await this.writable(repo, actor, id);
      if (!isLocal(node.level)) throw new AppError('REGION_NOT_LOCAL', '行政区划的名称以国家统计局代码为准，请通过区划导入更新');
      if (input.occupancy !== undefined && node.level !== 'household') throw new AppError('REGION_LEVEL_INVALID', '居住状态只适用于户');
      await repo.update(id, input);
      await audit(trx, ctx, { action: 'region.update', entity: 'region', entityId: id, changes: changedFields(node, input) });
    });
    return this.toNode((await this.repo.find(id))!, true);
  }

  async move(ctx: RequestContext, id: number, parentId: number): Promise<RegionNode> {
    const { actor } = signedIn(ctx);
    await this.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      await repo.serializeMoves();
      const node = await this.writable(repo, actor, id);
      if (!isLocal(node.level)) throw new AppError('REGION_NOT_LOCAL', '行政区划不能移动');
      const parent = await this.writable(repo, actor, parentId, '目标上级节点');
      if (parent.path === node.path || parent.path.startsWith(`${node.path}.`)) {
        throw new AppError('REGION_MOVE_INVALID', '不能移动到自身或其下级节点之下');
      }
      if (!childLevels[parent.level].includes(node.level)) {
        throw new AppError('REGION_MOVE_INVALID', `${parent.name}下不能放置这一层级的节点`);
      }
      if (node.parent_id === parent.id) return;
      await repo.move(node, parent);
      await audit(trx, ctx, { action: 'region.move', entity: 'region', entityId: id, changes: { parentId: [node.parent_id, parent.id] } });
    });
    return this.toNode((await this.repo.find(id))!, true);
  }

  async delete(ctx: RequestContext, id: number): Promise<void> {
    const { actor } = signedIn(ctx);
    await this.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const node = await this.writable(repo, actor, id);
      if (!isLocal(node.level)) throw new AppError('REGION_NOT_LOCAL', '行政区划不能删除');
      try {
        await repo.delete(id);
      } catch (error) {
        // Children, grants, orgs and later every record that names this node hold foreign keys.
        if ((error as { code?: string }).code === '23503') {
          throw new AppError('REGION_HAS_DEPENDENTS', `“${node.name}”下还有下级节点或被其他记录引用，不能删除`);
        }
        throw error;
      }
      await audit(trx, ctx, { action: 'region.delete', entity: 'region', entityId: id, changes: { name: node.name, level: node.level, parentId: node.parent_id } });
    });
  }

  async importDivisions(ctx: RequestContext, sources: DivisionSources, under?: string) {
    const { actor } = signedIn(ctx);
    if (actor.regionScope('region.import').all !== true) throw forbidden('只有系统管理员可以导入行政区划');
    const result = await importDivisions(this.db, sources, { under });
    await audit(this.kysely, ctx, { action: 'region.import-divisions', entity: 'region', changes: { under: under ?? null, ...result.created } });
    return result;
  }

  // ---- The grids → households ledger of one community ----

  async householdTemplate(): Promise<Buffer> {
    return writeLedger([
      {
        name: '网格户籍台账',
        columns: ledgerColumns,
        rows: [
          ['第一网格', '1栋', '1单元', '101', householdOccupancy.label('owner')],
          ['第一网格', '1栋', '1单元', '102', householdOccupancy.label('rented')],
          ['第一网格', '2栋', '', '商铺01', householdOccupancy.label('vacant')],
        ],
      },
    ]);
  }

  async exportHouseholds(ctx: RequestContext, id: number): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    const { row, inside } = await this.readable(actor, id);
    if (!inside) throw forbidden('该节点不在您的管辖范围内');
    if (row.level !== 'community' && row.level !== 'grid') throw new AppError('REGION_LEVEL_INVALID', '请选择社区或网格导出');
    const nodes = await this.repo.localSubtree(row.path);
    const rows = ledgerRows(nodes);
    await audit(this.kysely, ctx, { action: 'region.export-households', entity: 'region', entityId: id, detail: `${rows.length} rows` });
    const file = await writeLedger([{ name: '网格户籍台账', columns: ledgerColumns, rows, title: `${row.name} 网格—楼栋—单元—户台账` }]);
    return { file, name: `${row.name}-网格户台账.xlsx` };
  }

  /** All-or-nothing: every row is checked before anything is written, and one transaction writes. */
  async importHouseholds(ctx: RequestContext, id: number, data: Buffer) {
    const { actor } = signedIn(ctx);
    // Who may import here is answered before anything of the file: an outsider learns nothing of it.
    await this.writable(this.repo, actor, id);
    const { rows, errors } = await readLedger(data, householdLedgerColumns, ledgerRow);
    return this.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      // New nodes take their parents' paths as read here, under no parent's lock: no move may change them meanwhile.
      await repo.serializeMoves();
      const community = await this.writable(repo, actor, id);
      if (community.level !== 'community') throw new AppError('REGION_LEVEL_INVALID', '请在社区节点导入网格户籍台账');
      const existing = new Map<string, { id: number; level: RegionLevel; path: string }>();
      const keyOf = (parts: string[]) => parts.join('\u0000');
      const byId = new Map<number, string[]>([[community.id, []]]);
      for (const n of await repo.localSubtree(community.path)) {
        const parts = [...(byId.get(n.parent_id!) ?? []), n.name];
        byId.set(n.id, parts);
        existing.set(keyOf(parts), { id: n.id, level: n.level, path: n.path });
      }
      const seen = new Map<string, number>();
      for (const { row, value } of rows) {
        const parts = chain(value);
        const key = keyOf(parts);
        if (seen.has(key)) errors.push({ row, message: `与第 ${seen.get(key)} 行重复` });
        // A name that exists at another level is reported below as a level mismatch, not as a household.
        else if (value.household && existing.get(key)?.level === 'household') errors.push({ row, column: '户(门牌号)', message: '该户已存在' });
        seen.set(key, row);
        // Each name on the way must be of its level where it already exists.
        const levels: LocalLevel[] = value.entrance ? ['grid', 'building', 'entrance', 'household'] : ['grid', 'building', 'household'];
        parts.forEach((_, i) => {
          const found = existing.get(keyOf(parts.slice(0, i + 1)));
          if (found && found.level !== levels[i]) errors.push({ row, message: `“${parts[i]}”已作为${found.level}存在，层级不符` });
        });
      }
      refuseRowErrors(errors);
      const created: Record<string, number> = {};
      const ensure = async (parts: string[], levels: LocalLevel[], occupancy: string | undefined) => {
        let parent: Pick<Region, 'id' | 'level' | 'path'> = community;
        for (let i = 0; i < parts.length; i++) {
          const key = keyOf(parts.slice(0, i + 1));
          let node = existing.get(key);
          if (!node) {
            const level = levels[i]!;
            const newId = await repo.insertLocal(parent, {
              level,
              name: parts[i]!,
              occupancy: level === 'household' ? ((occupancy as Region['occupancy']) ?? null) : null,
            });
            node = { id: newId, level, path: childPath(parent.path, newId) };
            existing.set(key, node);
            created[level] = (created[level] ?? 0) + 1;
          }
          parent = node;
        }
      };
      for (const { value } of rows) {
        const levels: LocalLevel[] = value.entrance ? ['grid', 'building', 'entrance', 'household'] : ['grid', 'building', 'household'];
        await ensure(chain(value), levels, value.occupancy);
      }
      const total = Object.values(created).reduce((a, b) => a + b, 0);
      await audit(trx, ctx, { action: 'region.import-households', entity: 'region', entityId: id, changes: created, detail: `${rows.length} rows` });
      return { created, total };
    });
  }
}

const ledgerColumns = householdLedgerColumns.map((header) => ({
  header,
  width: header === '居住状态' ? 12 : 16,
  list: header === '居住状态' ? householdOccupancy.values.map((v) => householdOccupancy.label(v)) : undefined,
}));

const occupancyByLabel = new Map(householdOccupancy.values.map((v) => [householdOccupancy.label(v), v]));
const localName = z.string().max(100, '名称不能超过 100 字');
const ledgerRow = z
  .object({
    网格: localName.min(1, '网格不能为空'),
    楼栋: localName.optional(),
    单元: localName.optional(),
    '户(门牌号)': localName.optional(),
    居住状态: z
      .string()
      .optional()
      .refine((v) => v === undefined || occupancyByLabel.has(v), { message: `居住状态应为：${[...occupancyByLabel.keys()].join('、')}` }),
  })
  .transform((r) => ({ grid: r.网格, building: r.楼栋, entrance: r.单元, household: r['户(门牌号)'], occupancy: r.居住状态 && occupancyByLabel.get(r.居住状态) }))
  .superRefine((r, ctx) => {
    if ((r.entrance || r.household) && !r.building) ctx.addIssue({ code: 'custom', path: ['楼栋'], message: '填写了单元或户，楼栋不能为空' });
    if (r.occupancy && !r.household) ctx.addIssue({ code: 'custom', path: ['居住状态'], message: '居住状态只适用于户' });
  });
type LedgerRowValue = z.infer<typeof ledgerRow>;

function chain(v: LedgerRowValue): string[] {
  return [v.grid, v.building, v.entrance, v.household].filter((p): p is string => !!p);
}

/**
 * One ledger row per household, and one per node that has no household below it, so that an
 * exported ledger imports back into the same tree.
 */
function ledgerRows(nodes: Array<Pick<Region, 'id' | 'parent_id' | 'level' | 'name' | 'occupancy' | 'path'>>): string[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hasChild = new Set(nodes.map((n) => n.parent_id));
  const rows: string[][] = [];
  const columnOf: Record<LocalLevel, number> = { grid: 0, building: 1, entrance: 2, household: 3 };
  for (const n of nodes) {
    if (hasChild.has(n.id)) continue;
    const row = ['', '', '', '', n.occupancy ? householdOccupancy.label(n.occupancy) : ''];
    for (let cur: typeof n | undefined = n; cur; cur = cur.parent_id ? byId.get(cur.parent_id) : undefined) {
      row[columnOf[cur.level as LocalLevel]] = cur.name;
    }
    rows.push(row);
  }
  return rows.sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000'), 'zh-CN', { numeric: true }));
}
