import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AllocationQuery, GapShiftPage, PlanDefaults, PlanPage, PlanView, PoolPage, ProposePlanRequest, RegionNode } from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export interface PagedQuery extends AllocationQuery {
  limit: number;
  offset: number;
}

export const allocationKeys = {
  all: ['allocation'] as const,
  regionRoots: ['allocation', 'region-roots'] as const,
  shifts: (query: PagedQuery) => ['allocation', 'shifts', query] as const,
  pool: (query: PagedQuery) => ['allocation', 'pool', query] as const,
  defaults: (regionId: number) => ['allocation', 'defaults', regionId] as const,
  plans: (regionId: number, page: { limit: number; offset: number }) => ['allocation', 'plans', regionId, page] as const,
  plan: (id: number) => ['allocation', 'plan', id] as const,
};

export const useRegionRoots = () =>
  useQuery({ queryKey: allocationKeys.regionRoots, queryFn: ({ signal }) => api.get<RegionNode[]>('/regions/roots', undefined, signal), staleTime: 5 * 60_000 });

// The server refuses nodes below a street with a message worth reading where the table would be,
// so the reads show their errors in place.

export const useGapShifts = (query: PagedQuery) =>
  useQuery({
    queryKey: allocationKeys.shifts(query),
    queryFn: ({ signal }) => api.get<GapShiftPage>('/allocation/shifts', { ...query }, signal),
    placeholderData: keepPreviousData,
    meta: { handlesErrors: true },
  });

export const usePool = (query: PagedQuery) =>
  useQuery({
    queryKey: allocationKeys.pool(query),
    queryFn: ({ signal }) => api.get<PoolPage>('/allocation/pool', { ...query }, signal),
    placeholderData: keepPreviousData,
    meta: { handlesErrors: true },
  });

export const usePlanDefaults = (regionId: number) =>
  useQuery({
    queryKey: allocationKeys.defaults(regionId),
    queryFn: ({ signal }) => api.get<PlanDefaults>('/allocation/defaults', { regionId }, signal),
    meta: { handlesErrors: true },
  });

export const usePlans = (regionId: number, page: { limit: number; offset: number }) =>
  useQuery({
    queryKey: allocationKeys.plans(regionId, page),
    queryFn: ({ signal }) => api.get<PlanPage>('/allocation/plans', { regionId, ...page }, signal),
    placeholderData: keepPreviousData,
    meta: { handlesErrors: true },
  });

export const usePlan = (id: number | undefined) =>
  useQuery({
    queryKey: allocationKeys.plan(id ?? 0),
    queryFn: ({ signal }) => api.get<PlanView>(`/allocation/plans/${id}`, undefined, signal),
    enabled: id !== undefined,
    meta: { handlesErrors: true },
  });

/** A new plan supersedes the one it re-runs and changes the node's history and defaults. */
export function useProposePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProposePlanRequest) => api.post<PlanView>('/allocation/plans', body),
    onSuccess: (plan) => {
      queryClient.setQueryData(allocationKeys.plan(plan.id), plan);
      // Everything else may have changed: the history, the defaults, the plan this one supersedes.
      return queryClient.invalidateQueries({ queryKey: allocationKeys.all, predicate: (q) => q.queryKey[1] !== 'plan' || q.queryKey[2] !== plan.id });
    },
  });
}

/**
 * Publishing assigns people through duty's rules (shifts, members' own views, notifications), so
 * everything cached is refetched; a refusal (the plan expired meanwhile) refreshes the plan too.
 */
export function useDecidePlan(decision: 'publish' | 'discard') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<PlanView>(`/allocation/plans/${id}/${decision}`, {}),
    onSettled: () => queryClient.invalidateQueries(),
  });
}
