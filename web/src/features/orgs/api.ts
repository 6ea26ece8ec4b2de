import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CloseOrgRequest, CreateOrgRequest, OrgDetail, OrgNode, UpdateOrgRequest } from '@meshwork/contracts';
import { api } from '@/lib/api-client';
import type { ChildPage } from '@/components/LazyTree';

export const orgKeys = {
  all: ['orgs'] as const,
  roots: (includeClosed: boolean) => [...orgKeys.all, 'roots', { includeClosed }] as const,
  detail: (id: number) => [...orgKeys.all, 'detail', id] as const,
  children: (id: number, includeClosed: boolean) => [...orgKeys.all, 'children', id, { includeClosed }] as const,
};

export const useOrgRoots = (includeClosed: boolean) =>
  useQuery({
    queryKey: orgKeys.roots(includeClosed),
    queryFn: ({ signal }) => api.get<OrgNode[]>('/orgs/roots', { includeClosed }, signal),
  });

export const useOrgDetail = (id: number | undefined) =>
  useQuery({
    queryKey: orgKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<OrgDetail>(`/orgs/${id}`, undefined, signal),
    enabled: id !== undefined,
    // The detail panel shows the failure in place.
    meta: { handlesErrors: true },
  });

/** The org API lists all children at once; the tree takes them as a single page. */
export const fetchOrgChildren = async (id: number, includeClosed: boolean, signal: AbortSignal): Promise<ChildPage<OrgNode>> => {
  const items = await api.get<OrgNode[]>(`/orgs/${id}/children`, { includeClosed }, signal);
  return { items, total: items.length };
};

/** Names and counts show in many places of the tree, so every change refreshes all org data. */
function useOrgMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.all }) });
}

export const useCreateOrg = () => useOrgMutation((body: CreateOrgRequest) => api.post<OrgNode>('/orgs', body));

export const useUpdateOrg = () =>
  useOrgMutation(({ id, ...body }: UpdateOrgRequest & { id: number }) => api.patch<OrgNode>(`/orgs/${id}`, body));

export const useMoveOrg = () =>
  useOrgMutation(({ id, parentId }: { id: number; parentId: number }) => api.post<OrgNode>(`/orgs/${id}/move`, { parentId }));

export const useCloseOrg = () =>
  useOrgMutation(({ id, ...body }: CloseOrgRequest & { id: number }) => api.post<OrgNode>(`/orgs/${id}/close`, body));

export const useRefreshOrgs = () => {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: orgKeys.all });
};
