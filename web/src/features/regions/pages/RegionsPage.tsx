import { Empty, Flex, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { RegionNode } from '@meshwork/contracts';
import { useCan } from '@/lib/auth';
import { useLocale } from '@/lib/locale';
import { LazyTree, revealPath } from '@/components/LazyTree';
import { RegionPicker } from '@/components/pickers';
import { DetailPlaceholder, TreeDetailLayout } from '@/components/TreeDetailLayout';
import { fetchRegionChildren, regionKeys, useRegionDetail, useRegionRoots } from '../api';
import { keepsHouseholdLedger } from '../levels';
import { RegionTitle } from '../components/RegionTitle';
import { RegionDetailPanel } from '../components/RegionDetailPanel';
import { HouseholdLedgerCard } from '../components/HouseholdLedgerCard';
import { DivisionImportCard } from '../components/DivisionImportCard';

export function RegionsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const can = useCan();
  const navigate = useNavigate();
  const params = useParams();
  const selectedId = params.id && /^\d+$/.test(params.id) ? Number(params.id) : undefined;

  const roots = useRegionRoots();
  const detail = useRegionDetail(selectedId);
  const region = detail.data?.id === selectedId ? detail.data : undefined;

  const canWrite = can('region.write');

  return (
    <TreeDetailLayout
      treeTitle={t('nav.regions')}
      toolbar={
        <RegionPicker
          value={null}
          placeholder={t('regions.search')}
          onChange={(_, hit) => hit && void navigate(`/regions/${hit.id}`)}
          data-testid="region-search"
        />
      }
      tree={
        roots.isPending ? (
          <Skeleton active />
        ) : roots.data?.length ? (
          <LazyTree<RegionNode>
            data-testid="region-tree"
            roots={roots.data}
            childrenKey={regionKeys.children}
            fetchChildren={fetchRegionChildren}
            renderTitle={(node) => <RegionTitle node={node} locale={locale} />}
            selectedId={selectedId}
            onSelect={(node) => void navigate(`/regions/${node.id}`)}
            reveal={region && revealPath(region.ancestors, region)}
          />
        ) : (
          <Empty description={t('regions.empty')} />
        )
      }
      detail={
        region ? (
          <RegionDetailPanel region={region} canWrite={canWrite} />
        ) : (
          <DetailPlaceholder loading={selectedId !== undefined && detail.isPending} error={selectedId !== undefined ? detail.error : undefined} />
        )
      }
      below={
        (region && keepsHouseholdLedger(region.level)) || can('region.import') ? (
          <Flex vertical gap={16}>
            {region && keepsHouseholdLedger(region.level) && <HouseholdLedgerCard node={region} canImport={canWrite && region.inScope} />}
            {can('region.import') && <DivisionImportCard />}
          </Flex>
        ) : undefined
      }
    />
  );
}
