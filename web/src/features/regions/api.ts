import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateRegionRequest, Location, RegionAnswerers, RegionDetail, RegionNode, RiskZoneView, UpdateRegionRequest } from '@meshwork/contracts';
import { api } from '@/lib/api-client';
import type { ChildPage } from '@/components/LazyTree';

export const regionKeys = {
  all: ['regions'] as const,
  roots: () => [...regionKeys.all, 'roots'] as const,
  detail: (id: number) => [...regionKeys.all, 'detail', id] as const,
  children: (id: number) => [...regionKeys.all, 'children', id] as const,
  answerers: (id: number) => [...regionKeys.all, 'answerers', id] as const,
  risk: (id: number) => [...regionKeys.all, 'risk', id] as const,
};

/** The risk designations in force at or under a node (the duty module's endpoint). */
export const useRegionRisk = (id: number) =>
  useQuery({
    queryKey: regionKeys.risk(id),
    queryFn: ({ signal }) => api.get<RiskZoneView[]>('/risk-zones', { regionId: id, current: 'true' }, signal),
  });

export const useRegionRoots = () =>
  useQuery({ queryKey: regionKeys.roots(), queryFn: ({ signal }) => api.get<RegionNode[]>('/regions/roots', undefined, signal) });

export const useRegionDetail = (id: number | undefined) =>
  useQuery({
    queryKey: regionKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<RegionDetail>(`/regions/${id}`, undefined, signal),
    enabled: id !== undefined,
    // The detail panel shows the failure (a node deleted or out of reach) in place.
    meta: { handlesErrors: true },
  });

/** Who answers for a grid, building, entrance or household (the duty module's endpoint). */
export const useRegionAnswerers = (id: number, enabled: boolean) =>
  useQuery({
    queryKey: regionKeys.answerers(id),
    queryFn: ({ signal }) => api.get<RegionAnswerers>(`/responsibilities/regions/${id}/answerers`, undefined, signal),
    enabled,
  });

export const fetchRegionChildren = (id: number, page: { limit: number; offset: number }, signal: AbortSignal) =>
  api.get<ChildPage<RegionNode>>(`/regions/${id}/children`, page, signal);

/** Every change can move counts and children anywhere up the tree, so all region data is refreshed. */
function useRegionMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: regionKeys.all }) });
}

export const useCreateRegion = () => useRegionMutation((body: CreateRegionRequest) => api.post<RegionNode>('/regions', body));

export const useUpdateRegion = () =>
  useRegionMutation(({ id, ...body }: UpdateRegionRequest & { id: number }) => api.patch<RegionNode>(`/regions/${id}`, body));

export const useMoveRegion = () =>
  useRegionMutation(({ id, parentId }: { id: number; parentId: number }) => api.post<RegionNode>(`/regions/${id}/move`, { parentId }));

export const useSetRegionLocation = () =>
  useRegionMutation(({ id, ...body }: Location & { id: number }) => api.put<RegionDetail>(`/regions/${id}/location`, body));

export const useDeleteRegion = () => useRegionMutation((id: number) => api.delete<unknown>(`/regions/${id}`));

export const useRefreshRegions = () => {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: regionKeys.all });
};
