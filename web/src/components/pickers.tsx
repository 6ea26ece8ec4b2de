import { Tag } from 'antd';
import { orgType, regionLevel, type OrgSearchHit, type RegionSearchHit } from '@meshwork/contracts';
import { api } from '@/lib/api-client';
import { useLocale } from '@/lib/locale';
import { HitLabel, pathAbove, RemoteSearchSelect, type RemoteSearchSelectProps } from './RemoteSearchSelect';

type PickerProps<T extends { id: number }> = Omit<RemoteSearchSelectProps<T>, 'queryKey' | 'search' | 'renderOption' | 'renderPicked' | 'describe'>;

const describe = (hit: { name: string; pathNames: string[] }) => [...pathAbove(hit.name, hit.pathNames), hit.name].join(' / ');

/**
 * Several features pick nodes of the shared trees (a grant's scope, an org's region, a new parent),
 * so the pickers live here rather than in the regions and orgs features.
 */
export function RegionPicker({ source = 'regions', ...props }: PickerProps<RegionSearchHit> & { source?: 'regions' | 'divisions' }) {
  const locale = useLocale();
  return (
    <RemoteSearchSelect<RegionSearchHit>
      {...props}
      queryKey={[source, 'search']}
      search={(q, signal) => api.get<RegionSearchHit[]>(`/${source}/search`, { q }, signal)}
      renderOption={(hit) => (
        <HitLabel name={hit.name} path={hit.pathNames} tag={<Tag variant="filled">{regionLevel.label(hit.level, locale)}</Tag>} />
      )}
      renderPicked={(hit) => hit.name}
      describe={describe}
    />
  );
}

export function OrgPicker(props: PickerProps<OrgSearchHit>) {
  const locale = useLocale();
  return (
    <RemoteSearchSelect<OrgSearchHit>
      {...props}
      queryKey={['orgs', 'search']}
      search={(q, signal) => api.get<OrgSearchHit[]>('/orgs/search', { q }, signal)}
      renderOption={(hit) => <HitLabel name={hit.name} path={hit.pathNames} tag={<Tag variant="filled">{orgType.label(hit.type, locale)}</Tag>} />}
      renderPicked={(hit) => hit.name}
      describe={describe}
    />
  );
}
