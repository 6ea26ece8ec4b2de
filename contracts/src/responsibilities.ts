import { z } from 'zod';
import { DutyRole, RegionLevel, ResponsibilityKind } from './enums.js';
import { BodyId } from './common.js';

/** Levels a responsibility may name, by kind: a zone is a grid or building (责任区), care a household (包户). */
export const responsibilityLevels = {
  zone: ['grid', 'building'],
  care: ['household'],
} as const satisfies Record<ResponsibilityKind, readonly RegionLevel[]>;

export const AssignDutyRoleRequest = z.object({ enrolmentId: BodyId, role: DutyRole }).strict();
export type AssignDutyRoleRequest = z.infer<typeof AssignDutyRoleRequest>;

export const AssignResponsibilityRequest = z
  .object({
    enrolmentId: BodyId,
    kind: ResponsibilityKind,
    regionId: BodyId,
    note: z.string().trim().max(200).optional(),
  })
  .strict();
export type AssignResponsibilityRequest = z.infer<typeof AssignResponsibilityRequest>;

export const DutyRoleView = z.object({
  id: z.number(),
  enrolmentId: z.number(),
  role: DutyRole,
  since: z.string(),
});
export type DutyRoleView = z.infer<typeof DutyRoleView>;

export const ResponsibilityView = z.object({
  id: z.number(),
  enrolmentId: z.number(),
  kind: ResponsibilityKind,
  regionId: z.number(),
  regionLevel: RegionLevel,
  /** Names from the grid down to the node itself, e.g. ['第一网格', '1栋', '1单元', '101']. */
  place: z.array(z.string()),
  note: z.string().nullable(),
  since: z.string(),
});
export type ResponsibilityView = z.infer<typeof ResponsibilityView>;

/** A confirmed enrolled member of a community with what they answer for now. */
export const DutyMember = z.object({
  enrolmentId: z.number(),
  personId: z.number(),
  name: z.string(),
  /** Masked: `138****5678`. */
  phone: z.string().nullable(),
  dutyRoles: z.array(DutyRoleView),
  zones: z.array(ResponsibilityView),
  care: z.array(ResponsibilityView),
});
export type DutyMember = z.infer<typeof DutyMember>;

export const CommunityDuty = z.object({
  community: z.object({ id: z.number(), name: z.string() }),
  members: z.array(DutyMember),
});
export type CommunityDuty = z.infer<typeof CommunityDuty>;

/** One grid's households and how many of them someone answers for (by care or by a zone). */
export const GridCoverage = z.object({
  gridId: z.number(),
  gridName: z.string(),
  households: z.number(),
  covered: z.number(),
  uncovered: z.number(),
});
export type GridCoverage = z.infer<typeof GridCoverage>;

export const UncoveredHousehold = z.object({
  id: z.number(),
  /** Names from the grid down to the household. */
  place: z.array(z.string()),
});
export type UncoveredHousehold = z.infer<typeof UncoveredHousehold>;

/** Someone who answers for a node: by caring for it, or by a zone on it or above it. */
export const Answerer = ResponsibilityView.extend({ personName: z.string(), phone: z.string().nullable() });
export type Answerer = z.infer<typeof Answerer>;

export const RegionAnswerers = z.object({ care: z.array(Answerer), zones: z.array(Answerer) });
export type RegionAnswerers = z.infer<typeof RegionAnswerers>;

/** What the signed-in member answers for, in the community where they are enrolled. */
export const MyDuty = z.object({
  community: z.object({ id: z.number(), name: z.string() }).nullable(),
  dutyRoles: z.array(DutyRoleView),
  zones: z.array(ResponsibilityView),
  care: z.array(ResponsibilityView),
});
export type MyDuty = z.infer<typeof MyDuty>;

/** The columns of the 党员责任区/包户台账, in order. */
export const dutyLedgerColumns = ['姓名', '手机号', '职责', '责任区', '包户'] as const;
