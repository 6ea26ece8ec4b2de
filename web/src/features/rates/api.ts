import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { OrgRates, RateRoots, RegionRates } from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export type RateTree = 'org' | 'region';

export const ratesKeys = {
  all: ['rates'] as const,
  roots: ['rates', 'roots'] as const,
  node: (tree: RateTree, id: number) => [...ratesKeys.all, tree, id] as const,
};

/** Where the user's rates start in each tree; a tree without roots gets no tab. */
export const useRateRoots = () =>
  useQuery({ queryKey: ratesKeys.roots, queryFn: ({ signal }) => api.get<RateRoots>('/rates/roots', undefined, signal) });

const paths = { org: 'orgs', region: 'regions' } as const;

export const ratesPath = (tree: RateTree, id: number) => `/rates/${paths[tree]}/${id}`;

/** A node's counts, its own and its children's; the old table stays while a drill-down loads. */
export function useRates<T extends RateTree>(tree: T, id: number | undefined) {
  return useQuery({
    queryKey: ratesKeys.node(tree, id ?? 0),
    queryFn: ({ signal }) => api.get<T extends 'org' ? OrgRates : RegionRates>(ratesPath(tree, id!), undefined, signal),
    enabled: id !== undefined,
    placeholderData: keepPreviousData,
  });
}
