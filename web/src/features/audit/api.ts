import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditFilter } from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export const auditKeys = {
  all: ['audit'] as const,
  list: (filter: AuditFilter, limit: number, offset: number) => [...auditKeys.all, 'list', filter, limit, offset] as const,
};

export const useAuditEntries = (filter: AuditFilter, limit: number, offset: number) =>
  useQuery({
    queryKey: auditKeys.list(filter, limit, offset),
    queryFn: ({ signal }) => api.get<{ items: AuditEntry[]; total: number }>('/audit', { ...filter, limit, offset }, signal),
    placeholderData: keepPreviousData,
    // The log grows while one reads it; the newest page is fetched again on return.
    staleTime: 0,
  });
