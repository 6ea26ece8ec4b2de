import { z } from 'zod';
import { OrgType, PairingStatus, RegionLevel } from './enums.js';
import { BodyId, Id, MobilePhone, Name, Paging } from './common.js';
import { TeamView } from './teams.js';

/**
 * Who may pair (单位报到): a work unit itself (organ, enterprise, institution, social org), or the
 * party org of a unit (committee, general branch, branch), since the notices have a unit's party
 * org report to the community on the unit's behalf. Organization departments and working
 * committees direct the reporting rather than report; party groups are too small to offer
 * anything; temporary branches are set up by the community itself.
 */
export const pairingUnitTypes = [
  'organ',
  'state_enterprise',
  'institution',
  'non_public_enterprise',
  'association',
  'foundation',
  'social_service_org',
  'community_social_org',
  'party_committee',
  'general_branch',
  'branch',
] as const satisfies OrgType[];

/** A unit pairs with a street or a community, never a district or a grid. */
export const pairingPlaceLevels = ['street', 'community'] as const satisfies RegionLevel[];

// ---- Views ----

export const PairingView = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  unitType: OrgType,
  regionId: z.number(),
  regionName: z.string(),
  regionLevel: RegionLevel,
  /** Named to be contacted: shown in clear to both sides. */
  liaisonName: z.string(),
  liaisonPhone: z.string(),
  offerPeople: z.number(),
  /** Yuan. */
  offerFunds: z.number(),
  offerMaterials: z.string().nullable(),
  note: z.string().nullable(),
  status: PairingStatus,
  declineReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The unit's teams offered to the place, with their members (phones masked). */
  teams: z.array(TeamView),
});
export type PairingView = z.infer<typeof PairingView>;

export const PairingsPage = z.object({ items: z.array(PairingView), total: z.number().int() });
export type PairingsPage = z.infer<typeof PairingsPage>;

// ---- Requests ----

const Funds = z
  .number()
  .min(0)
  .max(999_999_999_999.99)
  .refine((v) => Number(v.toFixed(2)) === v, { message: '金额最多保留两位小数' });

const Offer = {
  liaisonName: Name(50),
  liaisonPhone: MobilePhone,
  offerPeople: z.number().int().min(0).max(100_000),
  offerFunds: Funds,
  offerMaterials: z.string().trim().max(500).nullable(),
  note: z.string().trim().max(500).nullable(),
  /** The unit's own active teams. */
  teamIds: z.array(BodyId).max(20).refine((ids) => new Set(ids).size === ids.length, { message: '队伍重复' }),
};

export const CreatePairingRequest = z
  .object({
    unitId: BodyId,
    regionId: BodyId,
    ...Offer,
    offerPeople: Offer.offerPeople.default(0),
    offerFunds: Offer.offerFunds.default(0),
    offerMaterials: Offer.offerMaterials.optional(),
    note: Offer.note.optional(),
    teamIds: Offer.teamIds.default([]),
  })
  .strict();
export type CreatePairingRequest = z.infer<typeof CreatePairingRequest>;

export const UpdatePairingRequest = z
  .object(Offer)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdatePairingRequest = z.infer<typeof UpdatePairingRequest>;

export const DeclinePairingRequest = z.object({ reason: Name(200) }).strict();
export type DeclinePairingRequest = z.infer<typeof DeclinePairingRequest>;

/** `unit`: pairings of the units in the actor's org scope; `place`: pairings at places in the actor's region scope. */
export const PairingSide = z.enum(['unit', 'place']);
export type PairingSide = z.infer<typeof PairingSide>;

const PairingFilter = {
  side: PairingSide,
  status: PairingStatus.optional(),
  regionId: Id.optional(),
  unitId: Id.optional(),
};

export const PairingsQuery = Paging.extend(PairingFilter).strict();
export type PairingsQuery = z.infer<typeof PairingsQuery>;

export const PairingLedgerQuery = z.object(PairingFilter).strict();
export type PairingLedgerQuery = z.infer<typeof PairingLedgerQuery>;

/** The columns of the pairing ledger (单位报到台账), in order. */
export const pairingLedgerColumns = [
  '报到单位', '单位类型', '报到街道/社区', '联络员', '联络员电话', '投入人数', '投入资金(元)', '投入物资', '投入队伍', '状态', '退回原因', '报到时间', '确认/退回时间', '结束时间', '备注',
] as const;
