import type { Kysely } from 'kysely';
import type { AuditResult } from '@meshwork/contracts';
import type { DB } from '../db/schema.js';
import type { RequestContext } from './context.js';

export interface AuditEvent {
  action: string;
  entity?: string;
  entityId?: string | number | null;
  /** For a create, the new values; for an update, `{ field: [before, after] }`. */
  changes?: Record<string, unknown> | null;
  result?: AuditResult;
  detail?: string;
  /** Who, when there is no signed-in actor (a failed login names the account tried). */
  userId?: number | null;
  username?: string | null;
}

/**
 * Writes one audit row. Writes pass their transaction, so that the row commits with the change
 * or not at all; denials and logins pass the database itself.
 */
export async function audit(db: Kysely<DB>, ctx: RequestContext, event: AuditEvent): Promise<void> {
  await auditMany(db, ctx, [event]);
}

/** Writes audit rows in one statement: a batch change records one row per entity it touched. */
export async function auditMany(db: Kysely<DB>, ctx: RequestContext, events: readonly AuditEvent[]): Promise<void> {
  // Nine parameters a row: chunks stay far below PostgreSQL's 65,535 per statement.
  for (let i = 0; i < events.length; i += AUDIT_ROWS_PER_STATEMENT) await insertAudit(db, ctx, events.slice(i, i + AUDIT_ROWS_PER_STATEMENT));
}

const AUDIT_ROWS_PER_STATEMENT = 1000;

async function insertAudit(db: Kysely<DB>, ctx: RequestContext, events: readonly AuditEvent[]): Promise<void> {
  await db
    .insertInto('audit_log')
    .values(
      events.map((event) => ({
        user_id: event.userId ?? ctx.actor?.userId ?? null,
        username: event.username ?? ctx.actor?.username ?? null,
        action: event.action,
        entity: event.entity ?? null,
        entity_id: event.entityId == null ? null : String(event.entityId),
        changes: event.changes ? JSON.stringify(event.changes) : null,
        result: event.result ?? 'ok',
        ip: ctx.ip,
        detail: event.detail?.slice(0, 500) ?? null,
      })),
    )
    .execute();
}

/** The fields that changed, as `{ field: [before, after] }`; undefined in `after` means untouched. */
export function changedFields<T extends object>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = (before as Record<string, unknown>)[key];
    if (old !== value) out[key] = [old ?? null, value];
  }
  return out;
}
