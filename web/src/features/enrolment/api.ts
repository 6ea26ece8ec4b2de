import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AvailabilityRequest,
  CreateInvitationRequest,
  EnrolmentPage,
  EnrolmentStatus,
  EnrolmentView,
  EnrolRequest,
  InvitationView,
  MyEnrolments,
  OrgEnrolmentPage,
  OrgName,
  PlaceNode,
  PublicInvitation,
  RegisterRequest,
} from '@meshwork/contracts';
import { api } from '@/lib/api-client';
import { meQuery } from '@/lib/auth';

export interface EnrolmentListParams {
  regionId?: number;
  orgId?: number;
  status?: EnrolmentStatus;
  q?: string;
  limit: number;
  offset: number;
}

export const enrolmentKeys = {
  all: ['enrolment'] as const,
  mine: ['enrolment', 'mine'] as const,
  places: (parentId: number) => ['enrolment', 'places', parentId] as const,
  orgNames: ['enrolment', 'org-names'] as const,
  review: (params: EnrolmentListParams) => ['enrolment', 'review', params] as const,
  orgSide: (params: EnrolmentListParams) => ['enrolment', 'org-side', params] as const,
  invitations: ['enrolment', 'invitations'] as const,
  invitation: (token: string) => ['enrolment', 'invitation', token] as const,
};

// ---- The member's own ----

export const useMyEnrolments = () =>
  useQuery({ queryKey: enrolmentKeys.mine, queryFn: ({ signal }) => api.get<MyEnrolments>('/me/enrolments', undefined, signal) });

/** The children of a place: one level of the member's cascading picker. */
export const usePlaces = (parentId: number | undefined) =>
  useQuery({
    queryKey: enrolmentKeys.places(parentId ?? 0),
    queryFn: ({ signal }) => api.get<PlaceNode[]>('/me/places', { parentId }, signal),
    enabled: parentId !== undefined,
    staleTime: 5 * 60_000,
  });

export const searchOrgNames = (q: string, signal: AbortSignal) => api.get<OrgName[]>('/me/orgs', { q }, signal);

function useEnrolmentMutation<V, R>(mutationFn: (variables: V) => Promise<R>, meta?: { handlesErrors?: boolean }) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, meta, onSuccess: () => queryClient.invalidateQueries({ queryKey: enrolmentKeys.all }) });
}

/** The form shows the server's refusal in place. */
export const useEnrol = () => useEnrolmentMutation((body: EnrolRequest) => api.post<EnrolmentView>('/me/enrolments', body), { handlesErrors: true });

export const useSetAvailability = () =>
  useEnrolmentMutation(({ id, ...body }: AvailabilityRequest & { id: number }) => api.put<EnrolmentView>(`/me/enrolments/${id}/availability`, body));

export const useWithdraw = () => useEnrolmentMutation((id: number) => api.post<EnrolmentView>(`/me/enrolments/${id}/withdraw`, {}));

// ---- The community and the org ----

export const useReviewList = (params: EnrolmentListParams) =>
  useQuery({
    queryKey: enrolmentKeys.review(params),
    queryFn: ({ signal }) => api.get<EnrolmentPage>('/enrolments', { ...params }, signal),
    placeholderData: keepPreviousData,
  });

export const useOrgEnrolments = (params: EnrolmentListParams) =>
  useQuery({
    queryKey: enrolmentKeys.orgSide(params),
    queryFn: ({ signal }) => api.get<OrgEnrolmentPage>('/org-enrolments', { ...params }, signal),
    placeholderData: keepPreviousData,
  });

export const useConfirm = () => useEnrolmentMutation((id: number) => api.post<EnrolmentView>(`/enrolments/${id}/confirm`, {}));
export const useReject = () =>
  useEnrolmentMutation(({ id, reason }: { id: number; reason: string }) => api.post<EnrolmentView>(`/enrolments/${id}/reject`, { reason }));
export const useEnd = () => useEnrolmentMutation((id: number) => api.post<EnrolmentView>(`/enrolments/${id}/end`, {}));

// ---- Invitations ----

export const useInvitations = () =>
  useQuery({ queryKey: enrolmentKeys.invitations, queryFn: ({ signal }) => api.get<InvitationView[]>('/invitations', undefined, signal) });

export const useCreateInvitation = () => useEnrolmentMutation((body: CreateInvitationRequest) => api.post<InvitationView>('/invitations', body), { handlesErrors: true });
export const useRevokeInvitation = () => useEnrolmentMutation((id: number) => api.post<InvitationView>(`/invitations/${id}/revoke`, {}));

/** What a link says about itself (public). */
export const usePublicInvitation = (token: string | undefined) =>
  useQuery({
    queryKey: enrolmentKeys.invitation(token ?? ''),
    queryFn: ({ signal }) => api.get<PublicInvitation>(`/invitations/${token}`, undefined, signal),
    enabled: !!token,
    meta: { handlesErrors: true },
  });

/** Registration signs the new member in: the user is fetched afresh, and the guard lets them through. */
export function useRegister() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ token, ...body }: RegisterRequest & { token: string }) => api.post<unknown>(`/invitations/${token}/register`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQuery.queryKey }),
    meta: { handlesErrors: true },
  });
}

/** The link a member opens, as shown and encoded in the QR code. */
export const inviteUrl = (token: string) => `${window.location.origin}/invite/${token}`;
