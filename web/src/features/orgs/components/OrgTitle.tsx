import { Tag, Typography } from 'antd';
import { orgStatus, orgType, type Locale, type OrgNode } from '@meshwork/contracts';

/** A tree row: name, type, code and child count; closed orgs are greyed and say so. */
export function OrgTitle({ node, locale }: { node: OrgNode; locale: Locale }) {
  const closed = node.status === 'closed';
  return (
    <span className={closed ? 'tree-title closed' : 'tree-title'}>
      <span className={node.inScope ? undefined : 'out-of-scope'}>{node.name}</span>
      <Tag color={closed ? undefined : 'red'} variant="filled" className="tree-tag">
        {orgType.label(node.type, locale)}
      </Tag>
      {closed && <Tag className="tree-tag">{orgStatus.label(node.status, locale)}</Tag>}
      {node.code && (
        <Typography.Text type="secondary" className="tree-code">
          {node.code}
        </Typography.Text>
      )}
      {node.childCount > 0 && <span className="tree-count">{node.childCount}</span>}
    </span>
  );
}
