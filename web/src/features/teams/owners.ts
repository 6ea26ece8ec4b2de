import type { Me } from '@meshwork/contracts';

/** Who may own a team the user keeps: the orgs of their org-admin grants, the places of their region-admin grants. */
export interface TeamOwner {
  key: string;
  name: string;
  ownerOrgId?: number;
  ownerRegionId?: number;
}

export function teamOwners(me: Me): TeamOwner[] {
  const owners = me.grants.flatMap((g): TeamOwner[] => {
    if (g.role === 'org_admin' && g.orgId !== null) return [{ key: `org-${g.orgId}`, name: g.orgName ?? '', ownerOrgId: g.orgId }];
    if (g.role === 'region_admin' && g.regionId !== null) return [{ key: `region-${g.regionId}`, name: g.regionName ?? '', ownerRegionId: g.regionId }];
    return [];
  });
  return owners.filter((o, i) => owners.findIndex((x) => x.key === o.key) === i);
}
