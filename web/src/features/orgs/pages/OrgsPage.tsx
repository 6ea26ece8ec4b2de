import { useState } from 'react';
import { Button, Empty, Flex, Skeleton, Switch, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrgNode } from '@meshwork/contracts';
import { hasPlatformRole, useCan, useCurrentUser } from '@/lib/auth';
import { useLocale } from '@/lib/locale';
import { LazyTree, revealPath } from '@/components/LazyTree';
import { OrgPicker } from '@/components/pickers';
import { DetailPlaceholder, TreeDetailLayout } from '@/components/TreeDetailLayout';
import { fetchOrgChildren, orgKeys, useOrgDetail, useOrgRoots } from '../api';
import { OrgTitle } from '../components/OrgTitle';
import { OrgDetailPanel } from '../components/OrgDetailPanel';
import { OrgLedgerCard } from '../components/OrgLedgerCard';
import { OrgFormDrawer, type OrgFormTarget } from '../components/OrgFormDrawer';

export function OrgsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const can = useCan();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const params = useParams();
  const selectedId = params.id && /^\d+$/.test(params.id) ? Number(params.id) : undefined;
  const [includeClosed, setIncludeClosed] = useState(false);
  const [creating, setCreating] = useState<OrgFormTarget>();

  const roots = useOrgRoots(includeClosed);
  const detail = useOrgDetail(selectedId);
  const org = detail.data?.id === selectedId ? detail.data : undefined;
  const canWrite = can('org.write');
  // Top-level orgs (a province's organization department, say) are set up by the platform admin.
  const canAddRoot = canWrite && hasPlatformRole(me, 'platform_admin');


  return (
    <TreeDetailLayout
      treeTitle={t('nav.orgs')}
      treeExtra={
        <Flex align="center" gap={8}>
          <label className="switch-label">
            <Switch size="small" checked={includeClosed} onChange={setIncludeClosed} data-testid="org-show-closed" />
            <Typography.Text type="secondary">{t('orgs.showClosed')}</Typography.Text>
          </label>
          {canAddRoot && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating({ kind: 'create', parent: null })} data-testid="org-add-root">
              {t('orgs.addRootShort')}
            </Button>
          )}
        </Flex>
      }
      toolbar={
        <OrgPicker value={null} placeholder={t('orgs.search')} onChange={(_, hit) => hit && void navigate(`/orgs/${hit.id}`)} data-testid="org-search" />
      }
      tree={
        roots.isPending ? (
          <Skeleton active />
        ) : roots.data?.length ? (
          <LazyTree<OrgNode>
            data-testid="org-tree"
            roots={roots.data}
            childrenKey={(id) => orgKeys.children(id, includeClosed)}
            fetchChildren={(id, _page, signal) => fetchOrgChildren(id, includeClosed, signal)}
            renderTitle={(node) => <OrgTitle node={node} locale={locale} />}
            selectedId={selectedId}
            onSelect={(node) => void navigate(`/orgs/${node.id}`)}
            reveal={org && revealPath(org.ancestors, org)}
          />
        ) : (
          <Empty description={t('orgs.empty')} />
        )
      }
      detail={
        <>
          {org ? (
            <OrgDetailPanel org={org} canWrite={canWrite} />
          ) : (
            <DetailPlaceholder loading={selectedId !== undefined && detail.isPending} error={selectedId !== undefined ? detail.error : undefined} />
          )}
          <OrgFormDrawer target={creating} onClose={() => setCreating(undefined)} />
        </>
      }
      below={org && <OrgLedgerCard org={org} canImport={canWrite && org.inScope && org.status === 'active'} />}
    />
  );
}
