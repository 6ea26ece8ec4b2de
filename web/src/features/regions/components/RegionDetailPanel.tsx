import { useState } from 'react';
import { App, Button, Descriptions, Tag, Typography } from 'antd';
import { DeleteOutlined, DragOutlined, EditOutlined, EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { householdOccupancy, regionLevel, type Location, type RegionDetail } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { ignore, showSuccess } from '@/lib/feedback';
import { DetailCard } from '@/components/TreeDetailLayout';
import { FormModal } from '@/components/FormModal';
import { formatLocation, LocationFields, locationOf, type LocationValues } from '@/components/LocationFields';
import { MoveModal } from '@/components/MoveModal';
import { RegionPicker } from '@/components/pickers';
import { useDeleteRegion, useMoveRegion, useSetRegionLocation } from '../api';
import { isLocalLevel, localChildLevels, parentLevelsOf } from '../levels';
import { RegionFormModal, type RegionFormTarget } from './RegionFormModal';
import { RegionAnswerers } from './RegionAnswerers';
import { RegionRisk } from './RegionRisk';

export function RegionDetailPanel({ region, canWrite }: { region: RegionDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const [form, setForm] = useState<RegionFormTarget>();
  const [moving, setMoving] = useState(false);
  const [locating, setLocating] = useState(false);
  const setLocation = useSetRegionLocation();
  const move = useMoveRegion();
  const remove = useDeleteRegion();

  const writable = canWrite && region.inScope;
  const local = isLocalLevel(region.level);
  const parentLevels = parentLevelsOf(region.level);

  const confirmDelete = () =>
    modal.confirm({
      title: t('regions.deleteConfirm', { name: region.name }),
      content: t('regions.deleteHint'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      // A refusal (children, references) is shown by the global handler; the dialog closes either way.
      onOk: () =>
        remove.mutateAsync(region.id).then(() => {
          showSuccess(t('common.deleted'));
          void navigate(region.parentId ? `/regions/${region.parentId}` : '/regions');
        }, ignore),
    });

  const actions = writable && (
    <>
      {localChildLevels(region.level).length > 0 && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: 'create', parent: region })} data-testid="region-add-child">
          {t('regions.addChild')}
        </Button>
      )}
      <Button icon={<EnvironmentOutlined />} onClick={() => setLocating(true)} data-testid="region-location-edit">
        {t('regions.setLocation')}
      </Button>
      {local && (
        <>
          <Button icon={<EditOutlined />} onClick={() => setForm({ kind: 'edit', node: region })} data-testid="region-edit">
            {t('common.edit')}
          </Button>
          <Button icon={<DragOutlined />} onClick={() => setMoving(true)} data-testid="region-move">
            {t('move.action')}
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} data-testid="region-delete">
            {t('common.delete')}
          </Button>
        </>
      )}
    </>
  );

  return (
    <DetailCard
      ancestors={region.ancestors}
      basePath="/regions"
      data-testid="region-detail"
      title={
        <>
          <span className="detail-name">{region.name}</span>
          <Tag variant="filled">{regionLevel.label(region.level, locale)}</Tag>
          {!region.inScope && <Tag>{t('common.readOnly')}</Tag>}
        </>
      }
      actions={actions}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'level', label: t('regions.level'), children: regionLevel.label(region.level, locale) },
          // Only divisions carry a national code; grids and below are named by the community.
          ...(region.code ? [{ key: 'code', label: t('regions.code'), children: region.code }] : []),
          { key: 'children', label: t('regions.childCount'), children: region.childCount },
          { key: 'households', label: t('regions.householdCount'), children: <span data-testid="region-household-count">{region.householdCount}</span> },
          ...(region.level === 'household'
            ? [{ key: 'occupancy', label: t('regions.occupancy'), children: region.occupancy ? householdOccupancy.label(region.occupancy, locale) : '—' }]
            : []),
          { key: 'location', label: t('regions.location'), children: <span data-testid="region-location">{formatLocation(region) ?? t('location.none')}</span> },
        ]}
      />
      <RegionRisk regionId={region.id} />
      <RegionAnswerers region={region} />
      <RegionFormModal target={form} onClose={() => setForm(undefined)} />
      <FormModal<LocationValues, Location & { id: number }>
        // A form per node: its fields start from that node's point, not the last one's.
        key={region.id}
        open={locating}
        title={t('regions.locationTitle', { name: region.name })}
        mutation={setLocation}
        success={t('regions.locationSaved')}
        onClose={() => setLocating(false)}
        before={<Typography.Paragraph type="secondary">{t('regions.locationHint')}</Typography.Paragraph>}
        toRequest={(v) => ({ id: region.id, ...locationOf(v) })}
      >
        <LocationFields testId="region-location" initial={region} />
      </FormModal>
      <MoveModal
        open={moving}
        name={region.name}
        onClose={() => setMoving(false)}
        onMove={async (parentId) => {
          await move.mutateAsync({ id: region.id, parentId });
          showSuccess(t('move.done'));
        }}
        picker={(props) => (
          <RegionPicker
            {...props}
            data-testid="region-move-target"
            // Only levels that may hold this one, and never the node itself or its current parent.
            isAllowed={(hit) => hit.inScope && parentLevels.includes(hit.level) && hit.id !== region.id && hit.id !== region.parentId}
          />
        )}
      />
    </DetailCard>
  );
}
