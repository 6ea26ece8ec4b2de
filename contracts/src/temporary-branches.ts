import { z } from 'zod';
import { BodyId, Id, Name, Page, Paging } from './common.js';
import { OrgType, RegionLevel, TemporaryBranchPurpose, TemporaryBranchRole } from './enums.js';

/** Temporary party branches (临时党支部): set up by a street or community, dissolved afterwards. */

export const temporaryBranchStatus = ['active', 'dissolved'] as const;
export const TemporaryBranchStatus = z.enum(temporaryBranchStatus);
export type TemporaryBranchStatus = z.infer<typeof TemporaryBranchStatus>;

/** The region levels a branch's area may be, by purpose: a sealed area is a community, grid or building. */
export const temporaryBranchAreaLevels: Record<TemporaryBranchPurpose, readonly RegionLevel[]> = {
  sealed_area: ['community', 'grid', 'building'],
  quarantine_site: ['street', 'community', 'grid', 'building'],
  task: ['street', 'community', 'grid', 'building'],
};

// ---- Views ----

export const TemporaryBranchMember = z.object({
  /** The membership row: one per stint, so a change of secretary shows as a closed row and a new one. */
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  role: TemporaryBranchRole,
  joinedAt: z.string(),
  leftAt: z.string().nullable(),
});
export type TemporaryBranchMember = z.infer<typeof TemporaryBranchMember>;

export const TemporaryBranchView = z.object({
  /** The branch's org id. */
  id: z.number(),
  name: z.string(),
  purpose: TemporaryBranchPurpose,
  regionId: z.number(),
  regionName: z.string(),
  /** Names of the area's ancestors, top first. */
  regionPathNames: z.array(z.string()),
  task: z.string().nullable(),
  parentOrgId: z.number().nullable(),
  parentOrgName: z.string().nullable(),
  secretary: z.object({ personId: z.number(), name: z.string() }).nullable(),
  memberCount: z.number().int(),
  status: TemporaryBranchStatus,
  setUpAt: z.string(),
  dissolvedAt: z.string().nullable(),
  dissolvedReason: z.string().nullable(),
});
export type TemporaryBranchView = z.infer<typeof TemporaryBranchView>;

export const TemporaryBranchDetail = TemporaryBranchView.extend({
  /** Every membership row, current and past, oldest first. */
  members: z.array(TemporaryBranchMember),
});
export type TemporaryBranchDetail = z.infer<typeof TemporaryBranchDetail>;

export const TemporaryBranchesPage = Page(TemporaryBranchView);
export type TemporaryBranchesPage = z.infer<typeof TemporaryBranchesPage>;

/** A party org a branch may be set up under: active, sitting in the actor's region scope. */
export const TemporaryBranchParent = z.object({ id: z.number(), name: z.string(), type: OrgType, regionName: z.string() });
export type TemporaryBranchParent = z.infer<typeof TemporaryBranchParent>;

/** A confirmed enrolment that may join the branch. */
export const TemporaryBranchCandidate = z.object({
  enrolmentId: z.number(),
  personId: z.number(),
  name: z.string(),
  communityId: z.number(),
  communityName: z.string(),
  /** Already a current member of this branch. */
  member: z.boolean(),
});
export type TemporaryBranchCandidate = z.infer<typeof TemporaryBranchCandidate>;

// ---- Requests ----

export const TemporaryBranchesQuery = Paging.extend({
  status: TemporaryBranchStatus.optional(),
  purpose: TemporaryBranchPurpose.optional(),
  q: z.string().trim().max(50).optional(),
}).strict();
export type TemporaryBranchesQuery = z.infer<typeof TemporaryBranchesQuery>;

export const TemporaryBranchLedgerQuery = TemporaryBranchesQuery.omit({ limit: true, offset: true });
export type TemporaryBranchLedgerQuery = z.infer<typeof TemporaryBranchLedgerQuery>;

export const CreateTemporaryBranchRequest = z
  .object({
    name: Name(100),
    purpose: TemporaryBranchPurpose,
    /** The sealed area or site (a region node), or where the task is carried out. */
    regionId: BodyId,
    parentOrgId: BodyId,
    /** The quarantine site's name, or what the task is. */
    task: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((v) => v.purpose === 'sealed_area' || (v.task !== undefined && v.task.length > 0), {
    message: '隔离点须填写隔离点名称，专项任务须填写任务内容',
    path: ['task'],
  });
export type CreateTemporaryBranchRequest = z.infer<typeof CreateTemporaryBranchRequest>;

export const AddTemporaryBranchMembersRequest = z.object({ enrolmentIds: z.array(BodyId).min(1).max(200) }).strict();
export type AddTemporaryBranchMembersRequest = z.infer<typeof AddTemporaryBranchMembersRequest>;

export const NameSecretaryRequest = z.object({ personId: BodyId }).strict();
export type NameSecretaryRequest = z.infer<typeof NameSecretaryRequest>;

export const DissolveTemporaryBranchRequest = z.object({ reason: Name(200) }).strict();
export type DissolveTemporaryBranchRequest = z.infer<typeof DissolveTemporaryBranchRequest>;

export const TemporaryBranchMemberParams = z.object({ id: Id, personId: Id }).strict();

/** The ledger's two sheets (临时党支部台账). */
export const temporaryBranchLedgerColumns = ['临时党支部', '设立目的', '所在区域', '隔离点/任务', '上级党组织', '书记', '现有党员数', '设立日期', '撤销日期', '撤销原因'] as const;
export const temporaryBranchMemberLedgerColumns = ['临时党支部', '姓名', '身份', '加入时间', '离开时间'] as const;
