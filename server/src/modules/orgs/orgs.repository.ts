import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB, Org, OrgTable } from '../../db/schema.js';
import { containsPattern } from '../../db/sql.js';
import { aboveScope, inScope, underPath, type Scope } from '../../platform/access.js';
import { ancestorsOf, childPath, nextNodeId, placeInScope, rerootSubtree, scopeRootIds, serializeMoves } from '../../db/tree.js';

export interface OrgRow extends Org {
  child_count: number;
  supervising_org_name: string | null;
}

/** The columns a user sets; the rest (tree place, status) have their own operations. */
export type OrgFields = Pick<OrgTable, 'type' | 'name' | 'code' | 'region_id' | 'supervising_org_id' | 'contact_name' | 'contact_phone'>;

/** What a new org needs; the rest may be left out. */
export type NewOrgFields = Partial<OrgFields> & Pick<OrgFields, 'type' | 'name'>;

type OrgEb = ExpressionBuilder<DB & { o: DB['org'] }, 'o'>;

/** All SQL on the org tree. */
export class OrgsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): OrgsRepository {
    return new OrgsRepository(db);
  }

  /** Orgs with their child counts; closed children count only when closed orgs are listed. */
  private withCounts(includeClosed: boolean) {
    return this.db
      .selectFrom('org as o')
      .selectAll('o')
      .select([
        sql<number>`(SELECT count(*) FROM org c WHERE c.parent_id = o.id AND (${includeClosed} OR c.status = 'active'))`.as('child_count'),
        sql<string | null>`(SELECT s.name FROM org s WHERE s.id = o.supervising_org_id)`.as('supervising_org_name'),
      ]);
  }

  private nodes(includeClosed: boolean) {
    const q = this.withCounts(includeClosed);
    return includeClosed ? q : q.where('o.status', '=', 'active');
  }

  /** One org, open or closed; its count is of active children, as in the default listings. */
  async find(id: number): Promise<OrgRow | undefined> {
    return this.withCounts(false).where('o.id', '=', id).executeTakeFirst();
  }

  async lock(id: number): Promise<Org | undefined> {
    return this.db.selectFrom('org').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async findByCode(code: string): Promise<Org | undefined> {
    return this.db.selectFrom('org').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** Active orgs of this name anywhere, for references by name in a ledger. */
  async findActiveByName(name: string): Promise<Org[]> {
    return this.db.selectFrom('org').selectAll().where('name', '=', name).where('status', '=', 'active').limit(2).execute();
  }

  async roots(scope: Scope, includeClosed: boolean): Promise<OrgRow[]> {
    if (scope.all) return this.nodes(includeClosed).where('o.parent_id', 'is', null).orderBy('o.name').execute();
    const ids = scopeRootIds(scope);
    if (ids.length === 0) return [];
    return this.nodes(includeClosed).where('o.id', 'in', ids).orderBy('o.name').execute();
  }

  async children(parentId: number, scope: Scope, includeClosed: boolean): Promise<OrgRow[]> {
    return this.nodes(includeClosed)
      .where('o.parent_id', '=', parentId)
      .where((eb: OrgEb) => eb.or([inScope(sql.ref('o.path'), scope), aboveScope(sql.ref('o.path'), scope)]))
      .orderBy('o.status')
      .orderBy('o.name')
      .execute();
  }

  ancestors(path: string): Promise<Array<Pick<Org, 'id' | 'type' | 'name'>>> {
    return ancestorsOf(this.db, 'org', path, ['id', 'type', 'name']);
  }

  async search(q: string, scope: Scope, limit: number): Promise<OrgRow[]> {
    return this.nodes(false)
      .where((eb) => eb.or([eb('o.name', 'like', containsPattern(q)), eb('o.code', '=', q)]))
      .where(inScope(sql.ref('o.path'), scope))
      .orderBy(sql`nlevel(o.path)`)
      .orderBy('o.name')
      .limit(limit)
      .execute();
  }

  async names(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('org').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  visible(id: number, scope: Scope): Promise<'inside' | 'above' | null> {
    return placeInScope(this.db, 'org', id, scope);
  }

  async insert(parent: Pick<Org, 'id' | 'path'> | null, fields: NewOrgFields): Promise<number> {
    const id = await nextNodeId(this.db, 'org');
    await this.db
      .insertInto('org')
      .values({ id, parent_id: parent?.id ?? null, path: childPath(parent?.path ?? null, id), ...fields })
      .execute();
    return id;
  }

  async update(id: number, patch: Partial<OrgFields>): Promise<void> {
    await this.db.updateTable('org').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
  }

  /** Queues this transaction behind any other move in the org tree (db/tree.ts); call it before locking rows. */
  async serializeMoves(): Promise<void> {
    await serializeMoves(this.db, 'org');
  }

  async move(node: Org, parent: Org): Promise<void> {
    await this.db.updateTable('org').set({ parent_id: parent.id, updated_at: sql`now()` }).where('id', '=', node.id).execute();
    await rerootSubtree(this.db, 'org', node.path, parent.path);
  }

  async activeChildCount(id: number): Promise<number> {
    const row = await this.db
      .selectFrom('org')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async close(id: number, reason: string): Promise<void> {
    await this.db
      .updateTable('org')
      .set({ status: 'closed', closed_at: sql`now()`, closed_reason: reason, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** The subtree of active orgs in tree order, for the ledger. */
  async subtree(path: string): Promise<Org[]> {
    return this.db
      .selectFrom('org')
      .selectAll()
      .where(underPath(sql.ref('path'), path))
      .where('status', '=', 'active')
      .orderBy(sql`nlevel(path)`)
      .orderBy('name')
      .execute();
  }
}
