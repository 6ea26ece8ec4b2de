import { z } from 'zod';
import { HouseholdOccupancy, LocalLevel, RegionLevel } from './enums.js';
import { BodyId, Name, Paging } from './common.js';

export const RegionNode = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  level: RegionLevel,
  code: z.string().nullable(),
  name: z.string(),
  occupancy: HouseholdOccupancy.nullable(),
  childCount: z.number(),
  /** Whether the node lies inside the actor's grants (ancestors above them are shown, not opened for writing). */
  inScope: z.boolean(),
});
export type RegionNode = z.infer<typeof RegionNode>;

export const RegionDetail = RegionNode.extend({
  ancestors: z.array(z.object({ id: z.number(), level: RegionLevel, name: z.string(), code: z.string().nullable() })),
  householdCount: z.number(),
  /** Where the place is (WGS-84), when known: allocation refines travel by it. */
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export type RegionDetail = z.infer<typeof RegionDetail>;

export const RegionChildrenQuery = Paging.extend({ limit: z.coerce.number().int().min(1).max(1000).default(200) }).strict();
export const RegionSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(50),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const CreateRegionRequest = z
  .object({
    parentId: BodyId,
    level: LocalLevel,
    name: Name(100),
    occupancy: HouseholdOccupancy.optional(),
  })
  .strict();
export type CreateRegionRequest = z.infer<typeof CreateRegionRequest>;

export const UpdateRegionRequest = z
  .object({
    name: Name(100).optional(),
    occupancy: HouseholdOccupancy.nullable().optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.occupancy !== undefined, { message: '没有要修改的字段' });
export type UpdateRegionRequest = z.infer<typeof UpdateRegionRequest>;

export const MoveRequest = z.object({ parentId: BodyId }).strict();
export type MoveRequest = z.infer<typeof MoveRequest>;

export const ImportSummary = z.object({
  /** Records created, by kind (region level, or 'org'). */
  created: z.record(z.string(), z.number()),
  /** All records created. */
  total: z.number(),
  /** Rows that were already present and left as they were (division import). */
  skipped: z.number().optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const DivisionImportQuery = z
  .object({ under: z.string().regex(/^\d{2,12}$/, '区划代码应为 2–12 位数字').optional() })
  .strict();

export const RegionSearchHit = RegionNode.extend({ pathNames: z.array(z.string()) });
export type RegionSearchHit = z.infer<typeof RegionSearchHit>;

/** The columns of the grids → households ledger, in order; also the import template. */
export const householdLedgerColumns = ['网格', '楼栋', '单元', '户(门牌号)', '居住状态'] as const;
