import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { AuditFilter } from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { containsPattern, prefixPattern } from '../../db/sql.js';

/** Reads of the audit log; rows are written by platform/audit.ts and never changed. */
export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(f: AuditFilter): SelectQueryBuilder<DB, 'audit_log', object> {
    let q = this.db.selectFrom('audit_log');
    if (f.from) q = q.where('at', '>=', new Date(f.from));
    if (f.to) q = q.where('at', '<', new Date(f.to));
    if (f.username) q = q.where('username', 'like', containsPattern(f.username));
    if (f.action) q = q.where('action', 'like', prefixPattern(f.action));
    if (f.entity) q = q.where('entity', '=', f.entity);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    if (f.result) q = q.where('result', '=', f.result);
    return q;
  }

  async search(f: AuditFilter, limit: number, offset: number) {
    const q = this.filtered(f);
    const [items, count] = await Promise.all([
      q.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }
}
