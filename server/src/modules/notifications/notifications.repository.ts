import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface NewNotification {
  personId: number;
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
}

export interface OutboxMessage {
  id: number;
  recipient: string;
  body: string;
  attempts: number;
}

/** All SQL on notifications and the SMS outbox; reads person.phone to address a message. */
export class NotificationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): NotificationsRepository {
    return new NotificationsRepository(db);
  }

  /** Inserts the notifications and, for people with a phone, their SMS in the outbox. */
  async insert(items: readonly NewNotification[], sms: boolean): Promise<number[]> {
    if (items.length === 0) return [];
    const rows = await this.db
      .insertInto('notification')
      .values(items.map((n) => ({ person_id: n.personId, kind: n.kind, title: n.title, body: n.body ?? null, link: n.link ?? null })))
      .returning(['id', 'person_id', 'title', 'body'])
      .execute();
    if (sms) {
      await this.db
        .insertInto('outbox')
        .columns(['channel', 'recipient', 'body', 'notification_id'])
        .expression(
          this.db
            .selectFrom('notification as n')
            .innerJoin('person as p', 'p.id', 'n.person_id')
            .select([sql`'sms'`.as('channel'), 'p.phone', sql`left('【织网】' || n.title || coalesce('：' || n.body, ''), 500)`.as('body'), 'n.id'])
            .where('n.id', 'in', rows.map((r) => r.id))
            .where('p.phone', 'is not', null),
        )
        .execute();
    }
    return rows.map((r) => r.id);
  }

  async ofPerson(personId: number, limit: number, offset: number) {
    const [items, counts] = await Promise.all([
      this.db
        .selectFrom('notification')
        .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
        .where('person_id', '=', personId)
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      this.db
        .selectFrom('notification')
        .select((eb) => [eb.fn.countAll<number>().as('total'), sql<number>`count(*) FILTER (WHERE read_at IS NULL)`.as('unread')])
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(counts.total), unread: Number(counts.unread) };
  }

  /** Marks read the person's notifications (all of them, or these ids). */
  async markRead(personId: number, ids: readonly number[] | null): Promise<number> {
    const res = await this.db
      .updateTable('notification')
      .set({ read_at: sql`now()` })
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .$if(ids !== null, (q) => q.where('id', 'in', [...ids!]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** Claims up to `limit` unsent messages; concurrent drainers skip each other's rows. */
  async claim(limit: number): Promise<OutboxMessage[]> {
    return this.db
      .selectFrom('outbox')
      .select(['id', 'recipient', 'body', 'attempts'])
      .where('sent_at', 'is', null)
      .where('attempts', '<', 5)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  async markSent(id: number): Promise<void> {
    await this.db.updateTable('outbox').set({ sent_at: sql`now()`, attempts: sql`attempts + 1` }).where('id', '=', id).execute();
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ attempts: sql`attempts + 1`, last_error: error.slice(0, 500) })
      .where('id', '=', id)
      .execute();
  }
}
