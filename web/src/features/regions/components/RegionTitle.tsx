import { regionLevel, type Locale, type RegionNode } from '@meshwork/contracts';
import { TreeTitle } from '@/components/TreeTitle';

const levelColor: Partial<Record<RegionNode['level'], string>> = {
  community: 'red',
  grid: 'orange',
  building: 'gold',
  entrance: 'lime',
  household: 'green',
};

/** A tree row: name, level, code and how many nodes sit directly under it. */
export function RegionTitle({ node, locale }: { node: RegionNode; locale: Locale }) {
  return <TreeTitle node={node} kind={regionLevel.label(node.level, locale)} color={levelColor[node.level]} />;
}
