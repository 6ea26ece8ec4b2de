import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AddTeamMemberRequest, CreateTeamRequest, TeamCandidate, TeamsPage, TeamStatus, TeamView, UpdateTeamRequest } from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export interface TeamListParams {
  ownerOrgId?: number;
  ownerRegionId?: number;
  status?: TeamStatus;
  q?: string;
  limit: number;
  offset: number;
}

export const teamKeys = {
  all: ['teams'] as const,
  list: (params: TeamListParams) => [...teamKeys.all, 'list', params] as const,
  one: (id: number) => [...teamKeys.all, 'one', id] as const,
  candidates: (id: number, q: string) => [...teamKeys.all, 'candidates', id, q] as const,
};

export const useTeams = (params: TeamListParams) =>
  useQuery({
    queryKey: teamKeys.list(params),
    queryFn: ({ signal }) => api.get<TeamsPage>('/teams', { ...params }, signal),
    placeholderData: keepPreviousData,
  });

export const useTeam = (id: number | undefined) =>
  useQuery({
    queryKey: teamKeys.one(id ?? 0),
    queryFn: ({ signal }) => api.get<TeamView>(`/teams/${id}`, undefined, signal),
    enabled: id !== undefined,
  });

/** People who may join: the owner org's members, or the place's confirmed enrolled members. */
export const useTeamCandidates = (id: number | undefined, q: string, enabled: boolean) =>
  useQuery({
    queryKey: teamKeys.candidates(id ?? 0, q),
    queryFn: ({ signal }) => api.get<TeamCandidate[]>(`/teams/${id}/candidates`, { q }, signal),
    enabled: enabled && id !== undefined,
    // The picker keeps its options while the next search runs.
    placeholderData: keepPreviousData,
  });

function useTeamMutation<V>(mutationFn: (variables: V) => Promise<TeamView>, meta?: { handlesErrors?: boolean }) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, meta, onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }) });
}

/** The form shows the server's refusal in place. */
export const useCreateTeam = () => useTeamMutation((body: CreateTeamRequest) => api.post<TeamView>('/teams', body), { handlesErrors: true });

export const useUpdateTeam = () =>
  useTeamMutation(({ id, ...body }: UpdateTeamRequest & { id: number }) => api.patch<TeamView>(`/teams/${id}`, body), { handlesErrors: true });

export const useSetLeader = () => useTeamMutation(({ id, personId }: { id: number; personId: number }) => api.patch<TeamView>(`/teams/${id}`, { leaderPersonId: personId }));

export const useAddTeamMember = () =>
  useTeamMutation(({ id, ...body }: AddTeamMemberRequest & { id: number }) => api.post<TeamView>(`/teams/${id}/members`, body));

export const useRemoveTeamMember = () =>
  useTeamMutation(({ id, personId }: { id: number; personId: number }) => api.delete<TeamView>(`/teams/${id}/members/${personId}`));

export const useDissolveTeam = () => useTeamMutation((id: number) => api.post<TeamView>(`/teams/${id}/dissolve`, {}));
