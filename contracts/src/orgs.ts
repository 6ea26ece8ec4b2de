import { z } from 'zod';
import { OrgStatus, OrgType } from './enums.js';
import { BodyId, Name } from './common.js';

export const OrgNode = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  type: OrgType,
  name: z.string(),
  code: z.string().nullable(),
  regionId: z.number().nullable(),
  regionName: z.string().nullable(),
  supervisingOrgId: z.number().nullable(),
  supervisingOrgName: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: OrgStatus,
  closedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
  childCount: z.number(),
  inScope: z.boolean(),
});
export type OrgNode = z.infer<typeof OrgNode>;

export const OrgDetail = OrgNode.extend({
  ancestors: z.array(z.object({ id: z.number(), type: OrgType, name: z.string() })),
});
export type OrgDetail = z.infer<typeof OrgDetail>;

const OrgCode = z.string().trim().regex(/^[0-9A-Za-z_-]{1,40}$/, '组织代码只能包含字母、数字、- 和 _');
const ContactPhone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/, '联系电话格式不正确');

export const CreateOrgRequest = z
  .object({
    parentId: BodyId.nullable(),
    type: OrgType,
    name: Name(100),
    code: OrgCode.nullable().optional(),
    regionId: BodyId.nullable().optional(),
    supervisingOrgId: BodyId.nullable().optional(),
    contactName: Name(50).nullable().optional(),
    contactPhone: ContactPhone.nullable().optional(),
  })
  .strict();
export type CreateOrgRequest = z.infer<typeof CreateOrgRequest>;

export const UpdateOrgRequest = CreateOrgRequest.omit({ parentId: true })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdateOrgRequest = z.infer<typeof UpdateOrgRequest>;

export const CloseOrgRequest = z.object({ reason: Name(200) }).strict();
export type CloseOrgRequest = z.infer<typeof CloseOrgRequest>;

export const OrgChildrenQuery = z
  .object({ includeClosed: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') })
  .strict();
export const OrgSearchQuery = z
  .object({ q: z.string().trim().min(1).max(50), limit: z.coerce.number().int().min(1).max(100).default(20) })
  .strict();


export const OrgSearchHit = OrgNode.extend({ pathNames: z.array(z.string()) });
export type OrgSearchHit = z.infer<typeof OrgSearchHit>;

/** The columns of the org ledger, in order; also the import template. */
export const orgLedgerColumns = ['组织名称', '组织类型', '上级组织', '组织代码', '所在属地代码', '业务主管单位', '联系人', '联系电话'] as const;
