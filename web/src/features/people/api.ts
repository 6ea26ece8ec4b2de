import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateMemberRequest,
  CreateMemberResponse,
  MembersPage,
  OrgNode,
  PersonView,
  RevealedPerson,
  UpdatePersonRequest,
} from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export interface MemberListParams {
  q?: string;
  limit: number;
  offset: number;
}

export const peopleKeys = {
  all: ['people'] as const,
  members: (orgId: number, params: MemberListParams) => [...peopleKeys.all, 'members', orgId, params] as const,
  // Under the org keys' prefix, so that org changes elsewhere refresh them too.
  roots: ['orgs', 'roots', { includeClosed: false }] as const,
  children: (orgId: number) => ['orgs', 'children', orgId, { includeClosed: false }] as const,
};

/** The user's org roots: the default org of the members screen. */
export const useOrgRoots = () =>
  useQuery({
    queryKey: peopleKeys.roots,
    queryFn: ({ signal }) => api.get<OrgNode[]>('/orgs/roots', { includeClosed: false }, signal),
  });

/** The direct children of an org, for the party branch choice in the member form. */
export const useOrgChildren = (orgId: number | undefined) =>
  useQuery({
    queryKey: peopleKeys.children(orgId ?? 0),
    queryFn: ({ signal }) => api.get<OrgNode[]>(`/orgs/${orgId}/children`, { includeClosed: false }, signal),
    enabled: orgId !== undefined,
  });

export const useMembers = (orgId: number | undefined, params: MemberListParams) =>
  useQuery({
    queryKey: peopleKeys.members(orgId ?? 0, params),
    queryFn: ({ signal }) => api.get<MembersPage>(`/orgs/${orgId}/members`, { ...params }, signal),
    enabled: orgId !== undefined,
    // Paging and searching keep the old rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

function usePeopleMutation<V, R>(mutationFn: (variables: V) => Promise<R>, meta?: { handlesErrors?: boolean }) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, meta, onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all }) });
}

/** The form shows the server's refusal in place. */
export const useCreateMember = () =>
  usePeopleMutation(
    ({ orgId, ...body }: CreateMemberRequest & { orgId: number }) => api.post<CreateMemberResponse>(`/orgs/${orgId}/members`, body),
    { handlesErrors: true },
  );

export const useUpdatePerson = () =>
  usePeopleMutation(({ id, ...body }: UpdatePersonRequest & { id: number }) => api.patch<PersonView>(`/people/${id}`, body), { handlesErrors: true });

export const useRevealPerson = () =>
  useMutation({
    // An empty object rather than no body, as elsewhere.
    mutationFn: (id: number) => api.post<RevealedPerson>(`/people/${id}/reveal`, {}),
    // The modal shows the refusal in place; nothing is cached.
    meta: { handlesErrors: true },
    gcTime: 0,
  });

export const useRefreshMembers = () => {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: peopleKeys.all });
};
