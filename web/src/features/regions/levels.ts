import { childLevels, localLevels, regionLevel, type Locale, type LocalLevel, type RegionLevel } from '@meshwork/contracts';

/**
 * Division levels come from the national code import and are not edited by hand; only the levels
 * a community keeps (grid and below) can be added, renamed, moved or deleted.
 */
export const isLocalLevel = (level: RegionLevel): level is LocalLevel => (localLevels as readonly RegionLevel[]).includes(level);

export const localChildLevels = (level: RegionLevel): LocalLevel[] => childLevels[level].filter(isLocalLevel);

/** The levels under which a node of `level` may be placed. */
export const parentLevelsOf = (level: RegionLevel): RegionLevel[] =>
  (Object.keys(childLevels) as RegionLevel[]).filter((parent) => childLevels[parent].includes(level));

/** Communities and grids keep the household ledger (网格 → 楼栋 → 单元 → 户). */
export const keepsHouseholdLedger = (level: RegionLevel) => level === 'community' || level === 'grid';

/** Labels an import summary's keys, which are level names. */
export const levelLabel = (key: string, locale: Locale) => (key in regionLevel.labels ? regionLevel.label(key as RegionLevel, locale) : key);
