import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Gender, OrgStatus, OrgType, PartyMemberStatus } from '@meshwork/contracts';
import { containsPattern } from '../../db/sql.js';
import type { DB, Person } from '../../db/schema.js';
import { underPath } from '../../platform/access.js';

export interface PersonFields {
  name: string;
  phone: string | null;
  gender?: Gender | null;
  skills?: string[];
  availability?: string | null;
}

export interface IdNumberFields {
  cipher: Buffer;
  hmac: string;
  masked: string;
}

export interface OrgRef {
  id: number;
  name: string;
  type: OrgType;
  path: string;
  status: OrgStatus;
}

export interface PersonFacetRows {
  party: Array<{ person_id: number; org_id: number; org_name: string; org_path: string; status: PartyMemberStatus }>;
  workUnits: Array<{ person_id: number; org_id: number; org_name: string; org_path: string }>;
  volunteers: Array<{ person_id: number; org_path: string | null }>;
}

/**
 * All SQL on people: the person table and its facets. Facets read their org's path and name to
 * place a person in the org tree (the access model's read, as accounts do for grants).
 */
export class PeopleRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): PeopleRepository {
    return new PeopleRepository(db);
  }

  /** A person without an ID number (an account's holder). */
  async insertPerson(fields: PersonFields): Promise<number> {
    const row = await this.db.insertInto('person').values(personValues(fields)).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * The person with this ID number: inserted, or the existing one when the hmac is known (also
   * when a concurrent transaction inserts it first: ON CONFLICT waits for it, then yields).
   */
  async upsertByIdNumber(fields: PersonFields, id: IdNumberFields): Promise<{ id: number; created: boolean }> {
    const inserted = await this.db
      .insertInto('person')
      .values({ ...personValues(fields), id_number_cipher: id.cipher, id_number_hmac: id.hmac, id_number_masked: id.masked })
      .onConflict((oc) => oc.column('id_number_hmac').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true };
    const existing = await this.db.selectFrom('person').select('id').where('id_number_hmac', '=', id.hmac).forUpdate().executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  async updatePerson(id: number, patch: Partial<PersonFields>): Promise<void> {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length === 0) return;
    await this.db
      .updateTable('person')
      .set({ ...set, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  async find(id: number): Promise<Person | undefined> {
    return this.db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async lock(id: number): Promise<Person | undefined> {
    return this.db.selectFrom('person').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async findByHmacs(hmacs: string[]): Promise<Map<string, number>> {
    if (hmacs.length === 0) return new Map();
    const rows = await this.db.selectFrom('person').select(['id', 'id_number_hmac']).where('id_number_hmac', 'in', hmacs).execute();
    return new Map(rows.map((r) => [r.id_number_hmac!, r.id]));
  }

  /** The orgs placing a person in the org tree: their party branch and work units. */
  async membershipPaths(personId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('org as o')
      .select('o.path')
      .where((eb) =>
        eb.or([
          eb('o.id', 'in', eb.selectFrom('party_membership').select('org_id').where('person_id', '=', personId)),
          eb('o.id', 'in', eb.selectFrom('work_unit_membership').select('org_id').where('person_id', '=', personId)),
        ]),
      )
      .execute();
    return rows.map((r) => r.path);
  }

  async facets(personIds: number[]): Promise<PersonFacetRows> {
    if (personIds.length === 0) return { party: [], workUnits: [], volunteers: [] };
    const [party, workUnits, volunteers] = await Promise.all([
      this.db
        .selectFrom('party_membership as m')
        .innerJoin('org as o', 'o.id', 'm.org_id')
        .select(['m.person_id', 'm.org_id', 'o.name as org_name', 'o.path as org_path', 'm.status'])
        .where('m.person_id', 'in', personIds)
        .execute(),
      this.db
        .selectFrom('work_unit_membership as m')
        .innerJoin('org as o', 'o.id', 'm.org_id')
        .select(['m.person_id', 'm.org_id', 'o.name as org_name', 'o.path as org_path'])
        .where('m.person_id', 'in', personIds)
        .orderBy('m.id')
        .execute(),
      this.db
        .selectFrom('volunteer as v')
        .leftJoin('org as o', 'o.id', 'v.org_id')
        .select(['v.person_id', 'o.path as org_path'])
        .where('v.person_id', 'in', personIds)
        .execute(),
    ]);
    return { party, workUnits, volunteers };
  }

  async partyOf(personId: number): Promise<{ org_id: number; status: PartyMemberStatus } | undefined> {
    return this.db.selectFrom('party_membership').select(['org_id', 'status']).where('person_id', '=', personId).executeTakeFirst();
  }

  /** Adds the party membership unless the person has one; returns the one they end up with. */
  async addParty(personId: number, orgId: number, status: PartyMemberStatus): Promise<{ org_id: number; added: boolean }> {
    const row = await this.db
      .insertInto('party_membership')
      .values({ person_id: personId, org_id: orgId, status })
      .onConflict((oc) => oc.column('person_id').doNothing())
      .returning('org_id')
      .executeTakeFirst();
    if (row) return { org_id: row.org_id, added: true };
    const existing = await this.partyOf(personId);
    return { org_id: existing!.org_id, added: false };
  }

  async addWorkUnit(personId: number, orgId: number): Promise<boolean> {
    const row = await this.db
      .insertInto('work_unit_membership')
      .values({ person_id: personId, org_id: orgId })
      .onConflict((oc) => oc.columns(['person_id', 'org_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async addVolunteer(personId: number, orgId: number): Promise<boolean> {
    const row = await this.db
      .insertInto('volunteer')
      .values({ person_id: personId, org_id: orgId })
      .onConflict((oc) => oc.column('person_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  // ---- The org tree, as far as people need it ----

  async org(id: number, lock = false): Promise<OrgRef | undefined> {
    const q = this.db.selectFrom('org').select(['id', 'name', 'type', 'path', 'status']).where('id', '=', id);
    return (lock ? q.forShare() : q).executeTakeFirst();
  }

  /** Active orgs at or below a path, for references by id or name. */
  async orgsUnder(path: string): Promise<OrgRef[]> {
    return this.db
      .selectFrom('org')
      .select(['id', 'name', 'type', 'path', 'status'])
      .where(underPath(sql.ref('path'), path))
      .where('status', '=', 'active')
      .orderBy(sql`nlevel(path)`)
      .orderBy('name')
      .execute();
  }

  /** People with a party or work-unit membership in an org at or below `path`. */
  async membersUnder(path: string, q: string | undefined, limit: number | null, offset = 0): Promise<{ rows: Person[]; total: number }> {
    let base = this.db.selectFrom('person as p').where(membershipUnder(path));
    if (q) base = base.where('p.name', 'like', containsPattern(q));
    const [{ count }] = await base.select((eb) => eb.fn.countAll<string>().as('count')).execute() as [{ count: string }];
    let rowsQuery = base.selectAll('p').orderBy('p.name').orderBy('p.id').offset(offset);
    if (limit !== null) rowsQuery = rowsQuery.limit(limit);
    return { rows: await rowsQuery.execute(), total: Number(count) };
  }

  /** Among these people, those with a party or work-unit membership in an org at or below `path`. */
  async peopleInOrg(personIds: readonly number[], path: string): Promise<number[]> {
    if (personIds.length === 0) return [];
    const rows = await this.db.selectFrom('person as p').select('p.id').where('p.id', 'in', [...personIds]).where(membershipUnder(path)).execute();
    return rows.map((r) => r.id);
  }

  /** Skills on record per person (what a unit stated for its staff). */
  async skillsOf(ids: readonly number[]): Promise<Map<number, string[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('person').select(['id', 'skills']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.id, r.skills]));
  }
}

/** Either membership places a person (`p`) under the org: a party branch or a work unit. */
function membershipUnder(path: string) {
  return (eb: ExpressionBuilder<DB & { p: Person }, 'p'>) =>
    eb.or(
      (['party_membership', 'work_unit_membership'] as const).map((table) =>
        eb.exists(
          sql`(SELECT 1 FROM ${sql.table(table)} m JOIN org o ON o.id = m.org_id
               WHERE m.person_id = p.id AND ${underPath(sql.ref('o.path'), path)})`,
        ),
      ),
    );
}

function personValues(fields: PersonFields) {
  return {
    name: fields.name,
    phone: fields.phone,
    gender: fields.gender ?? null,
    skills: fields.skills ?? [],
    availability: fields.availability ?? null,
  };
}
