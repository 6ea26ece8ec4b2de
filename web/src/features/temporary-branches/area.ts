import type { TemporaryBranchView } from '@meshwork/contracts';

/** The area under its community (or street): enough to tell 第一网格 of one community from another's. */
export const areaOf = (b: Pick<TemporaryBranchView, 'regionName' | 'regionPathNames'>) => [...b.regionPathNames.slice(-2), b.regionName].join(' / ');
