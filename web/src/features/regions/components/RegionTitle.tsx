import { Tag, Typography } from 'antd';
import { regionLevel, type Locale, type RegionNode } from '@meshwork/contracts';

const levelColor: Partial<Record<RegionNode['level'], string>> = {
  community: 'red',
  grid: 'orange',
  building: 'gold',
  entrance: 'lime',
  household: 'green',
};

/** A tree row: name, level, code and how many nodes sit directly under it. */
export function RegionTitle({ node, locale }: { node: RegionNode; locale: Locale }) {
  return (
    <span className="tree-title">
      <span className={node.inScope ? undefined : 'out-of-scope'}>{node.name}</span>
      <Tag color={levelColor[node.level]} variant="filled" className="tree-tag">
        {regionLevel.label(node.level, locale)}
      </Tag>
      {node.code && (
        <Typography.Text type="secondary" className="tree-code">
          {node.code}
        </Typography.Text>
      )}
      {node.childCount > 0 && <span className="tree-count">{node.childCount}</span>}
    </span>
  );
}
