import type { Kysely } from 'kysely';
import type { NotificationsPage } from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { NotificationsRepository, type NewNotification } from './notifications.repository.js';

/** Sends one SMS; throws when the gateway refuses. An adapter for a real gateway implements it. */
export type SmsSender = (recipient: string, body: string) => Promise<void>;

/**
 * In-app notifications to people, and an outbox of SMS for a gateway adapter to drain later.
 * Other modules call `notify` after their own transaction commits: a notification about a
 * change that rolled back would be a lie.
 */
export class NotificationsService {
  private readonly repo: NotificationsRepository;

  constructor(private readonly db: Kysely<DB>) {
    this.repo = new NotificationsRepository(db);
  }

  async notify(items: readonly NewNotification[], options: { sms: boolean }): Promise<void> {
    if (items.length === 0) return;
    await this.db.transaction().execute((trx) => this.repo.with(trx).insert(items, options.sms));
  }

  async mine(ctx: RequestContext, limit: number, offset: number): Promise<NotificationsPage> {
    const personId = this.self(ctx);
    const page = await this.repo.ofPerson(personId, limit, offset);
    return {
      ...page,
      items: page.items.map((n) => ({
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        createdAt: n.created_at.toISOString(),
        readAt: n.read_at?.toISOString() ?? null,
      })),
    };
  }

  async markRead(ctx: RequestContext, ids: readonly number[] | null): Promise<{ updated: number }> {
    return { updated: await this.repo.markRead(this.self(ctx), ids) };
  }

  /** Sends what waits in the outbox through `send`; a failure stays queued for a later try. */
  async drainOutbox(send: SmsSender, limit = 100): Promise<{ sent: number; failed: number }> {
    return this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      let sent = 0;
      let failed = 0;
      for (const m of await repo.claim(limit)) {
        try {
          await send(m.recipient, m.body);
          await repo.markSent(m.id);
          sent++;
        } catch (error) {
          await repo.markFailed(m.id, error instanceof Error ? error.message : String(error));
          failed++;
        }
      }
      return { sent, failed };
    });
  }

  private self(ctx: RequestContext): number {
    const { actor } = signedIn(ctx);
    if (actor.personId === null) throw new AppError('FORBIDDEN', '该账号未关联人员');
    return actor.personId;
  }
}
