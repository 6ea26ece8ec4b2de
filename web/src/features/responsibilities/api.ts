import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssignDutyRoleRequest,
  AssignResponsibilityRequest,
  CommunityDuty,
  DutyRoleView,
  GridCoverage,
  MyDuty,
  RegionNode,
  ResponsibilityView,
  UncoveredHousehold,
} from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export const dutyKeys = {
  all: ['responsibilities'] as const,
  community: (id: number) => [...dutyKeys.all, 'community', id] as const,
  coverage: (id: number) => [...dutyKeys.all, 'coverage', id] as const,
  uncovered: (gridId: number) => [...dutyKeys.all, 'uncovered', gridId] as const,
  mine: () => [...dutyKeys.all, 'mine'] as const,
  // Under the regions' prefix, so that region changes elsewhere refresh them too.
  regionRoots: ['regions', 'roots'] as const,
  regionChildren: (id: number) => ['regions', 'children', id, 'responsibilities'] as const,
};

/** The user's region roots: a community admin's own community is the screen's default. */
export const useRegionRoots = () =>
  useQuery({ queryKey: dutyKeys.regionRoots, queryFn: ({ signal }) => api.get<RegionNode[]>('/regions/roots', undefined, signal) });

export const fetchRegionChildren = (id: number) => api.get<{ items: RegionNode[] }>(`/regions/${id}/children`, { limit: 1000 });

export const useCommunityDuty = (communityId: number | undefined) =>
  useQuery({
    queryKey: dutyKeys.community(communityId ?? 0),
    queryFn: ({ signal }) => api.get<CommunityDuty>(`/responsibilities/communities/${communityId}`, undefined, signal),
    enabled: communityId !== undefined,
  });

export const useCoverage = (communityId: number | undefined) =>
  useQuery({
    queryKey: dutyKeys.coverage(communityId ?? 0),
    queryFn: ({ signal }) => api.get<GridCoverage[]>(`/responsibilities/communities/${communityId}/coverage`, undefined, signal),
    enabled: communityId !== undefined,
  });

export const useUncovered = (gridId: number | undefined) =>
  useQuery({
    queryKey: dutyKeys.uncovered(gridId ?? 0),
    queryFn: ({ signal }) => api.get<UncoveredHousehold[]>(`/responsibilities/grids/${gridId}/uncovered`, undefined, signal),
    enabled: gridId !== undefined,
  });

export const useMyDuty = () => useQuery({ queryKey: dutyKeys.mine(), queryFn: ({ signal }) => api.get<MyDuty>('/me/responsibilities', undefined, signal) });

/** An assignment moves members, coverage and the region pages' answerers: all of them are refreshed. */
function useDutyMutation<V, R>(mutationFn: (variables: V) => Promise<R>, meta?: { handlesErrors?: boolean }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: dutyKeys.all }), queryClient.invalidateQueries({ queryKey: ['regions', 'answerers'] })]),
  });
}

/** The drawers show the server's refusal in place. */
export const useAssignDutyRole = () => useDutyMutation((body: AssignDutyRoleRequest) => api.post<DutyRoleView>('/responsibilities/duty-roles', body), { handlesErrors: true });

export const useAssignResponsibility = () =>
  useDutyMutation((body: AssignResponsibilityRequest) => api.post<ResponsibilityView>('/responsibilities', body), { handlesErrors: true });

export const useEndDutyRole = () => useDutyMutation((id: number) => api.post<void>(`/responsibilities/duty-roles/${id}/end`, {}));

export const useEndResponsibility = () => useDutyMutation((id: number) => api.post<void>(`/responsibilities/${id}/end`, {}));
