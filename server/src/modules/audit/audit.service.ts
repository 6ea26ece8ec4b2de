import type { Kysely, Selectable } from 'kysely';
import { auditResult, type AuditEntry, type AuditFilter } from '@meshwork/contracts';
import type { AuditLogTable, DB } from '../../db/schema.js';
import { audit } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { writeLedger } from '../../platform/excel.js';
import { AuditRepository } from './audit.repository.js';

const EXPORT_LIMIT = 100_000;

export class AuditService {
  private readonly repo: AuditRepository;

  constructor(private readonly db: Kysely<DB>) {
    this.repo = new AuditRepository(db);
  }

  private toEntry(r: Selectable<AuditLogTable>): AuditEntry {
    return {
      id: r.id,
      at: r.at.toISOString(),
      userId: r.user_id,
      username: r.username,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      changes: r.changes ?? null,
      result: r.result,
      ip: r.ip,
      detail: r.detail,
    };
  }

  async search(ctx: RequestContext, filter: AuditFilter, limit: number, offset: number) {
    const { actor } = signedIn(ctx);
    actor.require('audit.read');
    const page = await this.repo.search(filter, limit, offset);
    return { items: page.items.map((r) => this.toEntry(r)), total: page.total };
  }

  /** The log as an Excel ledger; the export itself is audited. */
  async export(ctx: RequestContext, filter: AuditFilter): Promise<Buffer> {
    const { actor } = signedIn(ctx);
    actor.require('audit.read');
    const page = await this.repo.search(filter, EXPORT_LIMIT, 0);
    if (page.total > EXPORT_LIMIT) throw new AppError('BAD_REQUEST', `一次最多导出 ${EXPORT_LIMIT} 条，请缩小时间范围`);
    await audit(this.db, ctx, { action: 'audit.export', entity: 'audit_log', changes: { ...filter }, detail: `${page.total} rows` });
    return writeLedger([
      {
        name: '审计日志',
        title: `审计日志（导出于 ${new Date().toISOString()}，共 ${page.total} 条）`,
        columns: [
          { header: '编号', width: 10 },
          { header: '时间', width: 24 },
          { header: '用户', width: 16 },
          { header: '操作', width: 28 },
          { header: '对象', width: 12 },
          { header: '对象编号', width: 12 },
          { header: '结果', width: 8 },
          { header: 'IP', width: 16 },
          { header: '变更', width: 60 },
          { header: '说明', width: 30 },
        ],
        rows: page.items.map((r) => [
          r.id,
          r.at.toISOString(),
          r.username,
          r.action,
          r.entity,
          r.entity_id,
          auditResult.label(r.result),
          r.ip,
          r.changes ? JSON.stringify(r.changes) : null,
          r.detail,
        ]),
      },
    ]);
  }
}
