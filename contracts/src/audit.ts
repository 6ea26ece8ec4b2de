import { z } from 'zod';
import { AuditResult } from './enums.js';
import { Paging } from './common.js';

export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  changes: z.unknown().nullable(),
  result: AuditResult,
  ip: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditFilter = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    username: z.string().trim().max(64).optional(),
    action: z.string().trim().max(64).optional(),
    entity: z.string().trim().max(64).optional(),
    entityId: z.string().trim().max(64).optional(),
    result: AuditResult.optional(),
  })
  .strict();
export const AuditQuery = AuditFilter.extend(Paging.shape).strict();
export type AuditFilter = z.infer<typeof AuditFilter>;
