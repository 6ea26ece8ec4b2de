import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Switch, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { riskLevel, type RegionLevel, type RiskZoneView } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { useCan } from '@/lib/auth';
import { ignore, showSuccess } from '@/lib/feedback';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/locale';
import { useLift, useRegionRoots, useRiskZones, useSealedAreaBranches, type RiskZoneParams } from '../api';
import { useRegionLevelLabel } from '../names';
import { DesignateModal } from '../components/DesignateModal';
import { RiskTag } from '../components/RiskTag';

/** Designating is a district's or a street's call: the server counts only grants at those levels or above. */
const designatingLevels: readonly RegionLevel[] = ['province', 'city', 'district', 'street'];

/** 风险区域: sealed, controlled and precaution zones in the user's area; districts and streets designate and lift them. */
export function RiskZonesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { modal } = App.useApp();
  const levelOf = useRegionLevelLabel();
  const roots = useRegionRoots();
  const [currentOnly, setCurrentOnly] = useState(true);
  const [designating, setDesignating] = useState(false);
  // The ledger exports under the filters the table shows.
  const filter: RiskZoneParams = currentOnly ? { current: 'true' } : {};
  const zones = useRiskZones(filter);
  const lift = useLift();
  const mayDesignate = (roots.data ?? []).some((r) => r.inScope && designatingLevels.includes(r.level));
  // A sealed area wants a temporary branch (临时党支部); whoever may set one up is told where none is.
  const maySetUpBranch = useCan()('temporary_branch.write');
  const branches = useSealedAreaBranches(maySetUpBranch);
  const withoutBranch = branches.data
    ? (zones.data ?? []).filter((z) => z.current && z.level === 'sealed' && !branches.data.items.some((b) => b.regionId === z.regionId))
    : [];

  const confirmLift = (z: RiskZoneView) =>
    modal.confirm({
      title: t('duty.risk.liftConfirm', { name: z.regionName, level: riskLevel.label(z.level, locale) }),
      okText: t('duty.risk.lift'),
      okButtonProps: { danger: true, 'data-testid': 'risk-lift-confirm' },
      onOk: () => lift.mutateAsync(z.id).then(() => showSuccess(t('duty.risk.lifted')), ignore),
    });

  return (
    <Card
      size="small"
      title={t('duty.risk.title')}
      extra={
        <Flex gap={8}>
          <DownloadButton path="/risk-zones/export.xlsx" query={{ ...filter }} fileName={`${t('duty.risk.ledger')}.xlsx`} data-testid="risk-export">
            {t('duty.risk.export')}
          </DownloadButton>
          {mayDesignate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDesignating(true)} data-testid="risk-designate">
              {t('duty.risk.designate')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        {roots.data && !mayDesignate && <Alert type="info" showIcon title={t('duty.risk.readOnly')} />}
        {withoutBranch.map((z) => (
          <Alert
            key={z.id}
            type="warning"
            showIcon
            data-testid="risk-needs-branch"
            title={t('duty.risk.needsBranch', { name: z.regionName })}
            action={
              <Link to="/temporary-branches">
                <Button size="small">{t('duty.risk.setUpBranch')}</Button>
              </Link>
            }
          />
        ))}
        <label className="switch-label">
          <Switch checked={currentOnly} onChange={setCurrentOnly} data-testid="risk-current" />
          {t('duty.risk.current')}
        </label>
        <Table<RiskZoneView>
          data-testid="risk-table"
          size="small"
          rowKey="id"
          loading={zones.isFetching}
          dataSource={zones.data}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.risk.empty')} /> }}
          columns={[
            { title: t('duty.risk.region'), dataIndex: 'regionName' },
            {
              title: t('duty.gaps.level'),
              dataIndex: 'regionLevel',
              render: (l: string) => levelOf(l),
            },
            { title: t('duty.risk.level'), dataIndex: 'level', render: (l: RiskZoneView['level']) => <RiskTag level={l} /> },
            { title: t('duty.risk.startsAt'), dataIndex: 'startsAt', render: formatDateTime },
            { title: t('duty.risk.endsAt'), dataIndex: 'endsAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
            { title: t('duty.risk.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
            {
              title: t('duty.risk.status'),
              dataIndex: 'current',
              render: (c: boolean) => (c ? <Tag color="red">{t('duty.risk.inForce')}</Tag> : <Tag>{t('duty.risk.ended')}</Tag>),
            },
            ...(mayDesignate
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, z: RiskZoneView) =>
                      z.current && (
                        <Button size="small" danger onClick={() => confirmLift(z)} data-testid="risk-lift">
                          {t('duty.risk.lift')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Flex>
      <DesignateModal open={designating} onClose={() => setDesignating(false)} />
    </Card>
  );
}
