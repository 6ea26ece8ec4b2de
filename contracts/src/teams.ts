import { z } from 'zod';
import { TeamKind, TeamStatus } from './enums.js';
import { BodyId, Id, Name, Paging } from './common.js';

// ---- Views ----

/** One stint of a person in a team: `leftAt` null while they serve. */
export const TeamMemberView = z.object({
  personId: z.number(),
  name: z.string(),
  /** Masked (`138****5678`). */
  phone: z.string().nullable(),
  joinedAt: z.string(),
  leftAt: z.string().nullable(),
});
export type TeamMemberView = z.infer<typeof TeamMemberView>;

export const TeamView = z.object({
  id: z.number(),
  kind: TeamKind,
  name: z.string(),
  /** Exactly one of the two owners is set: an org, or a street or community. */
  ownerOrgId: z.number().nullable(),
  ownerRegionId: z.number().nullable(),
  ownerName: z.string(),
  leaderPersonId: z.number().nullable(),
  leaderName: z.string().nullable(),
  note: z.string().nullable(),
  status: TeamStatus,
  dissolvedAt: z.string().nullable(),
  createdAt: z.string(),
  /** Current members. */
  memberCount: z.number(),
  /** Every stint, current ones first, so who served when stays visible. */
  members: z.array(TeamMemberView),
});
export type TeamView = z.infer<typeof TeamView>;

/** Someone who may join a team: a member of the owner org, or a confirmed enrolled member of the owner place. */
export const TeamCandidate = z.object({
  personId: z.number(),
  /** Set for a place's team: joining goes by the enrolment. */
  enrolmentId: z.number().nullable(),
  name: z.string(),
  /** Masked; absent for enrolled members (the place sees them by enrolment). */
  phone: z.string().nullable(),
});
export type TeamCandidate = z.infer<typeof TeamCandidate>;

// ---- Requests ----

const Note = z.string().trim().max(500);

export const TeamsQuery = Paging.extend({
  ownerOrgId: Id.optional(),
  ownerRegionId: Id.optional(),
  status: TeamStatus.optional(),
  q: z.string().trim().max(50).optional(),
}).strict();
export type TeamsQuery = z.infer<typeof TeamsQuery>;

/** The list's filters without its paging: the ledger takes every team they match. */
export const TeamLedgerQuery = TeamsQuery.omit({ limit: true, offset: true });
export type TeamLedgerQuery = z.infer<typeof TeamLedgerQuery>;

/** The columns of the team ledger (队伍花名册), in order: one row a current member. */
export const teamLedgerColumns = ['队伍名称', '队伍类型', '所属组织/社区', '队长', '姓名', '手机号', '技能', '加入日期', '队伍状态'] as const;

export const TeamsPage = z.object({ items: z.array(TeamView), total: z.number().int() });
export type TeamsPage = z.infer<typeof TeamsPage>;

export const CreateTeamRequest = z
  .object({
    kind: TeamKind,
    name: Name(100),
    ownerOrgId: BodyId.optional(),
    ownerRegionId: BodyId.optional(),
    note: Note.nullable().optional(),
  })
  .strict()
  .refine((v) => (v.ownerOrgId === undefined) !== (v.ownerRegionId === undefined), { message: '队伍须属于一个组织或一个街道/社区' });
export type CreateTeamRequest = z.infer<typeof CreateTeamRequest>;

export const UpdateTeamRequest = z
  .object({
    kind: TeamKind,
    name: Name(100),
    note: Note.nullable(),
    /** A current member, or null for none. */
    leaderPersonId: BodyId.nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdateTeamRequest = z.infer<typeof UpdateTeamRequest>;

/** An org's team takes a person (a member of the org); a place's team takes a confirmed enrolment. */
export const AddTeamMemberRequest = z
  .object({ personId: BodyId.optional(), enrolmentId: BodyId.optional() })
  .strict()
  .refine((v) => (v.personId === undefined) !== (v.enrolmentId === undefined), { message: '请指定人员或报到记录（二选一）' });
export type AddTeamMemberRequest = z.infer<typeof AddTeamMemberRequest>;

export const TeamMemberParams = z.object({ id: Id, personId: Id }).strict();

export const TeamCandidatesQuery = z.object({ q: z.string().trim().max(50).optional() }).strict();
export type TeamCandidatesQuery = z.infer<typeof TeamCandidatesQuery>;
