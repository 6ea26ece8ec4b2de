import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreatePairingRequest,
  OrgNode,
  PairingSide,
  PairingsPage,
  PairingStatus,
  PairingView,
  TeamsPage,
  UpdatePairingRequest,
} from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export interface PairingListParams {
  status?: PairingStatus;
  regionId?: number;
  limit: number;
  offset: number;
}

export const pairingKeys = {
  all: ['pairings'] as const,
  list: (side: PairingSide, params: PairingListParams) => [...pairingKeys.all, side, params] as const,
  // Under the teams' and orgs' prefixes, so that changes made on those screens refresh them.
  unitTeams: (unitId: number) => ['teams', 'offerable', unitId] as const,
  roots: ['orgs', 'roots', { includeClosed: false }] as const,
};

export const usePairings = (side: PairingSide, params: PairingListParams) =>
  useQuery({
    queryKey: pairingKeys.list(side, params),
    queryFn: ({ signal }) => api.get<PairingsPage>('/pairings', { side, ...params }, signal),
    placeholderData: keepPreviousData,
  });

/** The user's org roots: the unit the pairing form starts with. */
export const useOrgRoots = () =>
  useQuery({
    queryKey: pairingKeys.roots,
    queryFn: ({ signal }) => api.get<OrgNode[]>('/orgs/roots', { includeClosed: false }, signal),
  });

/** The unit's active teams: what it may offer. */
export const useUnitTeams = (unitId: number | undefined) =>
  useQuery({
    queryKey: pairingKeys.unitTeams(unitId ?? 0),
    queryFn: ({ signal }) => api.get<TeamsPage>('/teams', { ownerOrgId: unitId, status: 'active', limit: 100 }, signal),
    enabled: unitId !== undefined,
  });

function usePairingMutation<V>(mutationFn: (variables: V) => Promise<PairingView>, meta?: { handlesErrors?: boolean }) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, meta, onSuccess: () => queryClient.invalidateQueries({ queryKey: pairingKeys.all }) });
}

/** The forms show the server's refusal in place. */
export const useCreatePairing = () => usePairingMutation((body: CreatePairingRequest) => api.post<PairingView>('/pairings', body), { handlesErrors: true });

export const useUpdatePairing = () =>
  usePairingMutation(({ id, ...body }: UpdatePairingRequest & { id: number }) => api.patch<PairingView>(`/pairings/${id}`, body), { handlesErrors: true });

export const useDeclinePairing = () =>
  usePairingMutation(({ id, reason }: { id: number; reason: string }) => api.post<PairingView>(`/pairings/${id}/decline`, { reason }));

/** Confirm (the place), withdraw (the unit), end (either side). */
export const usePairingStep = (step: 'confirm' | 'withdraw' | 'end') => usePairingMutation((id: number) => api.post<PairingView>(`/pairings/${id}/${step}`, {}));
