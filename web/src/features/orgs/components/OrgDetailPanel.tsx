import { useState } from 'react';
import { Button, Descriptions, Tag } from 'antd';
import { DragOutlined, EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { orgStatus, orgType, type OrgDetail } from '@meshwork/contracts';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/locale';
import { showSuccess } from '@/lib/feedback';
import { DetailCard } from '@/components/TreeDetailLayout';
import { MoveModal } from '@/components/MoveModal';
import { OrgPicker } from '@/components/pickers';
import { useMoveOrg } from '../api';
import { OrgFormDrawer, type OrgFormTarget } from './OrgFormDrawer';
import { CloseOrgModal } from './CloseOrgModal';

export function OrgDetailPanel({ org, canWrite }: { org: OrgDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form, setForm] = useState<OrgFormTarget>();
  const [moving, setMoving] = useState(false);
  const [closing, setClosing] = useState(false);
  const move = useMoveOrg();

  const active = org.status === 'active';
  // A closed org is history: it is shown, not changed.
  const writable = canWrite && org.inScope && active;
  const dash = '—';

  return (
    <DetailCard
      ancestors={org.ancestors}
      basePath="/orgs"
      data-testid="org-detail"
      title={
        <>
          <span className="detail-name">{org.name}</span>
          <Tag color="red" variant="filled">
            {orgType.label(org.type, locale)}
          </Tag>
          {!active && <Tag>{orgStatus.label(org.status, locale)}</Tag>}
          {!org.inScope && <Tag>{t('common.readOnly')}</Tag>}
        </>
      }
      actions={
        writable && (
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: 'create', parent: org })} data-testid="org-add-child">
              {t('orgs.addChild')}
            </Button>
            <Button icon={<EditOutlined />} onClick={() => setForm({ kind: 'edit', node: org })} data-testid="org-edit">
              {t('common.edit')}
            </Button>
            {org.parentId !== null && (
              <Button icon={<DragOutlined />} onClick={() => setMoving(true)} data-testid="org-move">
                {t('move.action')}
              </Button>
            )}
            <Button danger icon={<StopOutlined />} onClick={() => setClosing(true)} data-testid="org-close">
              {t('orgs.close')}
            </Button>
          </>
        )
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'type', label: t('orgs.type'), children: orgType.label(org.type, locale) },
          { key: 'code', label: t('orgs.code'), children: org.code ?? dash },
          { key: 'region', label: t('orgs.region'), children: org.regionName ?? dash },
          {
            key: 'supervising',
            label: t('orgs.supervisingOrg'),
            children: org.supervisingOrgId ? <Link to={`/orgs/${org.supervisingOrgId}`}>{org.supervisingOrgName}</Link> : dash,
          },
          { key: 'contact', label: t('orgs.contactName'), children: org.contactName ?? dash },
          { key: 'phone', label: t('orgs.contactPhone'), children: org.contactPhone ?? dash },
          { key: 'children', label: t('orgs.childCount'), children: org.childCount },
          { key: 'status', label: t('orgs.status'), children: orgStatus.label(org.status, locale) },
          ...(active
            ? []
            : [
                { key: 'closedAt', label: t('orgs.closedAt'), children: formatDateTime(org.closedAt) || dash },
                { key: 'closedReason', label: t('orgs.closeReason'), children: org.closedReason ?? dash },
              ]),
        ]}
      />
      <OrgFormDrawer target={form} onClose={() => setForm(undefined)} />
      <CloseOrgModal org={closing ? org : undefined} onClose={() => setClosing(false)} />
      <MoveModal
        open={moving}
        name={org.name}
        onClose={() => setMoving(false)}
        onMove={async (parentId) => {
          await move.mutateAsync({ id: org.id, parentId });
          showSuccess(t('move.done'));
        }}
        picker={(props) => (
          <OrgPicker
            {...props}
            data-testid="org-move-target"
            isAllowed={(hit) => hit.inScope && hit.status === 'active' && hit.id !== org.id && hit.id !== org.parentId}
          />
        )}
      />
    </DetailCard>
  );
}
