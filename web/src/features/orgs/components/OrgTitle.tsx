import { orgStatus, orgType, type Locale, type OrgNode } from '@meshwork/contracts';
import { TreeTitle } from '@/components/TreeTitle';

/** A tree row: name, type, code and child count; closed orgs are greyed and say so. */
export function OrgTitle({ node, locale }: { node: OrgNode; locale: Locale }) {
  return (
    <TreeTitle
      node={node}
      kind={orgType.label(node.type, locale)}
      color="red"
      closedLabel={node.status === 'closed' ? orgStatus.label(node.status, locale) : undefined}
    />
  );
}
