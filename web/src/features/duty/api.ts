import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CertifyRequest,
  CertifyResult,
  CheckinRequest,
  CreateNeedRequest,
  CreateRiskZoneRequest,
  CreateSiteRequest,
  EnrolmentPage,
  Gaps,
  MyShift,
  NeedView,
  OpenShift,
  RegionNode,
  RiskZoneView,
  Roster,
  RosterQuery,
  ServiceLedger,
  ShiftView,
  SignupView,
  SiteView,
  TeamsPage,
  TemporaryBranchesPage,
  UpdateShiftRequest,
  UpdateSiteRequest,
} from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export const dutyKeys = {
  all: ['duty'] as const,
  myShifts: ['duty', 'me', 'shifts'] as const,
  openShifts: ['duty', 'me', 'open-shifts'] as const,
  myLedger: ['duty', 'me', 'ledger'] as const,
  regionRoots: ['duty', 'region-roots'] as const,
  sites: (regionId: number) => ['duty', 'sites', regionId] as const,
  needs: (params: NeedsParams) => ['duty', 'needs', params] as const,
  shift: (id: number) => ['duty', 'shift', id] as const,
  roster: (query: RosterQuery) => ['duty', 'roster', query] as const,
  gaps: (query: RosterQuery) => ['duty', 'gaps', query] as const,
  riskZones: (params: RiskZoneParams) => ['duty', 'risk-zones', params] as const,
  members: (regionId: number, q: string) => ['duty', 'members', regionId, q] as const,
  teams: ['duty', 'teams'] as const,
  sealedAreaBranches: ['duty', 'sealed-area-branches'] as const,
  personLedger: (personId: number) => ['duty', 'ledger', personId] as const,
};

/** Every duty write can change what every duty view shows (counts, waitlists, hours): all of it is refetched. */
function useDutyMutation<V, R>(mutationFn: (variables: V) => Promise<R>, meta?: { handlesErrors?: boolean }) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, meta, onSuccess: () => queryClient.invalidateQueries({ queryKey: dutyKeys.all }) });
}

// ---- The member's own ----

export const useMyShifts = () => useQuery({ queryKey: dutyKeys.myShifts, queryFn: ({ signal }) => api.get<MyShift[]>('/me/shifts', undefined, signal) });

/** The page says in place when the member has no confirmed enrolment yet. */
export const useOpenShifts = () =>
  useQuery({ queryKey: dutyKeys.openShifts, queryFn: ({ signal }) => api.get<OpenShift[]>('/me/open-shifts', undefined, signal), meta: { handlesErrors: true } });

export const useMyServiceLedger = () =>
  useQuery({ queryKey: dutyKeys.myLedger, queryFn: ({ signal }) => api.get<ServiceLedger>('/me/service-ledger', undefined, signal) });

export const useSignUp = () => useDutyMutation((shiftId: number) => api.post<MyShift>(`/shifts/${shiftId}/signup`, {}));
export const useCancelSignup = () => useDutyMutation((signupId: number) => api.post<MyShift>(`/me/signups/${signupId}/cancel`, {}));
/** The check-in page shows a refused code in place. */
export const useCheckin = () => useDutyMutation((body: CheckinRequest) => api.post<MyShift>('/me/checkin', body), { handlesErrors: true });

// ---- The community and the street ----

export const useRegionRoots = () =>
  useQuery({ queryKey: dutyKeys.regionRoots, queryFn: ({ signal }) => api.get<RegionNode[]>('/regions/roots', undefined, signal), staleTime: 5 * 60_000 });

export const useSites = (regionId: number | undefined) =>
  useQuery({
    queryKey: dutyKeys.sites(regionId ?? 0),
    queryFn: ({ signal }) => api.get<SiteView[]>('/sites', { regionId }, signal),
    enabled: regionId !== undefined,
  });

export const useCreateSite = () => useDutyMutation((body: CreateSiteRequest) => api.post<SiteView>('/sites', body));
export const useUpdateSite = () => useDutyMutation(({ id, ...body }: UpdateSiteRequest & { id: number }) => api.patch<SiteView>(`/sites/${id}`, body));

export interface NeedsParams {
  regionId: number;
  from?: string;
  limit: number;
  offset: number;
}

export const useNeeds = (params: NeedsParams | undefined) =>
  useQuery({
    queryKey: dutyKeys.needs(params ?? { regionId: 0, limit: 0, offset: 0 }),
    queryFn: ({ signal }) => api.get<{ items: NeedView[]; total: number }>('/needs', { ...params }, signal),
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
  });

export const useCreateNeed = () => useDutyMutation((body: CreateNeedRequest) => api.post<NeedView>('/needs', body));

export type ShiftDetail = { shift: ShiftView; signups: SignupView[] };

export const useShift = (id: number | undefined) =>
  useQuery({
    queryKey: dutyKeys.shift(id ?? 0),
    queryFn: ({ signal }) => api.get<ShiftDetail>(`/shifts/${id}`, undefined, signal),
    enabled: id !== undefined,
  });

export const useUpdateShift = () =>
  useDutyMutation(({ id, ...body }: UpdateShiftRequest & { id: number }) => api.patch<ShiftView>(`/shifts/${id}`, body));
/** Assigns people, or every current member of a team (the server checks both against the shift's rules). */
export const useAssign = () =>
  useDutyMutation(({ shiftId, ...body }: { shiftId: number } & ({ personIds: number[] } | { teamId: number })) =>
    api.post<ShiftDetail>(`/shifts/${shiftId}/assignments`, body),
  );
export const useRemoveSignup = () => useDutyMutation((signupId: number) => api.post<SignupView>(`/signups/${signupId}/remove`, {}));
export const usePresence = () =>
  useDutyMutation(({ signupId, action }: { signupId: number; action: 'in' | 'out' }) => api.post<SignupView>(`/signups/${signupId}/presence`, { action }));
export const useCertify = () => useDutyMutation((body: CertifyRequest) => api.post<CertifyResult>('/signups/certify', body));

/** Members the community may assign: confirmed enrolments in its area (the enrolment module's list). */
export const useConfirmedMembers = (regionId: number, q: string) =>
  useQuery({
    queryKey: dutyKeys.members(regionId, q),
    queryFn: ({ signal }) => api.get<EnrolmentPage>('/enrolments', { regionId, status: 'confirmed', q: q || undefined, limit: 50, offset: 0 }, signal),
    placeholderData: keepPreviousData,
  });

/** The active teams of the user's streets and communities (the teams module's list), for assigning one whole. */
export const useActiveTeams = (enabled: boolean) =>
  useQuery({
    queryKey: dutyKeys.teams,
    queryFn: ({ signal }) => api.get<TeamsPage>('/teams', { status: 'active', limit: 100, offset: 0 }, signal),
    enabled,
  });

export const usePersonLedger = (personId: number | undefined) =>
  useQuery({
    queryKey: dutyKeys.personLedger(personId ?? 0),
    queryFn: ({ signal }) => api.get<ServiceLedger>(`/people/${personId}/service-ledger`, undefined, signal),
    enabled: personId !== undefined,
  });

export const useRoster = (query: RosterQuery | undefined) =>
  useQuery({
    queryKey: dutyKeys.roster(query ?? { regionId: 0, from: '', to: '' }),
    queryFn: ({ signal }) => api.get<Roster>('/roster', { ...query }, signal),
    enabled: query !== undefined,
    placeholderData: keepPreviousData,
  });

export const useGaps = (query: RosterQuery | undefined) =>
  useQuery({
    queryKey: dutyKeys.gaps(query ?? { regionId: 0, from: '', to: '' }),
    queryFn: ({ signal }) => api.get<Gaps>('/gaps', { ...query }, signal),
    enabled: query !== undefined,
    placeholderData: keepPreviousData,
  });

// ---- Risk zones ----

export interface RiskZoneParams {
  regionId?: number;
  current?: 'true';
}

export const useRiskZones = (params: RiskZoneParams) =>
  useQuery({
    queryKey: dutyKeys.riskZones(params),
    queryFn: ({ signal }) => api.get<RiskZoneView[]>('/risk-zones', { ...params }, signal),
    placeholderData: keepPreviousData,
  });

/** Active temporary branches set up for sealed areas (the temporary-branches module's list): which sealed zones have one. */
export const useSealedAreaBranches = (enabled: boolean) =>
  useQuery({
    queryKey: dutyKeys.sealedAreaBranches,
    queryFn: ({ signal }) => api.get<TemporaryBranchesPage>('/temporary-branches', { status: 'active', purpose: 'sealed_area', limit: 100, offset: 0 }, signal),
    enabled,
  });

export const useDesignate = () => useDutyMutation((body: CreateRiskZoneRequest) => api.post<RiskZoneView>('/risk-zones', body));
export const useLift = () => useDutyMutation((id: number) => api.post<RiskZoneView>(`/risk-zones/${id}/lift`, {}));

/** The address a site's QR code encodes: opening it on a phone checks the member in there. */
export const checkinUrl = (token: string) => `${window.location.origin}/checkin/${token}`;
