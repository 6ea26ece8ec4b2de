import { Alert, Card, Empty, Flex, Skeleton, Tabs, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useRateRoots, type RateTree } from '../api';
import { RatesPanel } from '../components/RatesPanel';

const trees: readonly RateTree[] = ['org', 'region'];

/**
 * 报到情况: a tab per tree the user's grants reach, each opening at the user's scope root. The tab
 * and the node of each tree live in the address (`?tab=region&region=12`), so the browser's Back
 * goes back up a drill-down.
 */
export function RatesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const roots = useRateRoots();

  if (roots.isPending) return <Skeleton active />;
  if (!roots.data) return <Alert type="error" showIcon title={roots.error?.message} />;

  const available = trees
    .map((tree) => ({ tree, roots: tree === 'org' ? roots.data.orgs : roots.data.regions }))
    .filter((x) => x.roots.length > 0);
  const tab = available.find((x) => x.tree === params.get('tab')) ?? available[0];
  if (!tab) {
    return (
      <Card size="small" title={t('rates.title')}>
        <Empty description={t('rates.noScope')} />
      </Card>
    );
  }

  const open = (tree: RateTree, id?: number) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('tab', tree);
      if (id !== undefined) next.set(tree, String(id));
      return next;
    });

  return (
    <Card size="small" title={t('rates.title')}>
      <Tabs
        data-testid="rates-tabs"
        activeKey={tab.tree}
        onChange={(key) => open(key as RateTree)}
        items={available.map(({ tree, roots }) => {
          const picked = Number(params.get(tree));
          const nodeId = Number.isSafeInteger(picked) && picked > 0 ? picked : roots[0]!.id;
          return {
            key: tree,
            label: <span data-testid={`rates-tab-${tree}`}>{t(tree === 'org' ? 'rates.orgTab' : 'rates.regionTab')}</span>,
            children: (
              <RatesPanel
                tree={tree}
                nodeId={nodeId}
                onOpen={(id) => open(tree, id)}
                roots={
                  roots.length > 1 && (
                    <Flex wrap gap={4}>
                      {roots.map((r) => (
                        <Tag.CheckableTag key={r.id} checked={r.id === nodeId} onChange={() => open(tree, r.id)}>
                          {r.name}
                        </Tag.CheckableTag>
                      ))}
                    </Flex>
                  )
                }
              />
            ),
          };
        })}
      />
    </Card>
  );
}
