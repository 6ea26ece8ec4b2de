import { Tag, Typography } from 'antd';

/**
 * A tree row: name (muted when out of scope), a coloured kind tag, an optional status tag that
 * greys the row, the code and the child count.
 */
export function TreeTitle({
  node,
  kind,
  color,
  closedLabel,
}: {
  node: { name: string; inScope: boolean; code?: string | null; childCount: number };
  kind: string;
  color?: string;
  /** Set for a closed node: the row is greyed and shows this tag. */
  closedLabel?: string;
}) {
  const closed = closedLabel !== undefined;
  return (
    <span className={closed ? 'tree-title closed' : 'tree-title'}>
      <span className={node.inScope ? undefined : 'out-of-scope'}>{node.name}</span>
      <Tag color={closed ? undefined : color} variant="filled" className="tree-tag">
        {kind}
      </Tag>
      {closed && <Tag className="tree-tag">{closedLabel}</Tag>}
      {node.code && (
        <Typography.Text type="secondary" className="tree-code">
          {node.code}
        </Typography.Text>
      )}
      {node.childCount > 0 && <span className="tree-count">{node.childCount}</span>}
    </span>
  );
}
