import { useState } from 'react';
import { Button, Card, Empty, Flex, Form, Input, Switch, Table, Tag } from 'antd';
import { PlusOutlined, QrcodeOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CreateSiteRequest, SiteView, UpdateSiteRequest } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { formatLocation, LocationFields, locationOf, type LocationValues } from '@/components/LocationFields';
import { RegionPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { useCreateSite, useSites, useUpdateSite } from '../api';
import { SiteQrModal } from './SiteQrModal';

interface SiteValues extends LocationValues {
  name: string;
  address?: string;
  region?: PickedValue | null;
  keySite: boolean;
}

interface SiteSettings extends LocationValues {
  keySite: boolean;
}

const siteLevels = ['street', 'community', 'grid', 'building'];

/** The sites (值守点) under a region, each with its check-in code; key sites and points weigh in allocation. */
export function SitesCard({ region, canPost }: { region: { id: number; name: string }; canPost: boolean }) {
  const { t } = useTranslation();
  const sites = useSites(region.id);
  const create = useCreateSite();
  const update = useUpdateSite();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<SiteView>();
  const [qr, setQr] = useState<SiteView>();

  const keySiteField = (initial?: boolean) => (
    <Form.Item name="keySite" label={t('duty.sites.keySite')} extra={t('duty.sites.keySiteHint')} valuePropName="checked" initialValue={initial ?? false}>
      <Switch data-testid="site-form-key" />
    </Form.Item>
  );

  return (
    <Card
      size="small"
      title={t('duty.sites.title')}
      extra={
        canPost && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="site-create">
            {t('duty.sites.create')}
          </Button>
        )
      }
    >
      <Table<SiteView>
        data-testid="sites-table"
        size="small"
        rowKey="id"
        loading={sites.isFetching}
        dataSource={sites.data}
        pagination={{ pageSize: 5, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.sites.empty')} /> }}
        columns={[
          {
            title: t('duty.sites.name'),
            dataIndex: 'name',
            render: (name: string, s) => (
              <Flex gap={4} align="center">
                <span>{name}</span>
                {s.keySite && (
                  <Tag color="magenta" data-testid="site-key">
                    {t('duty.sites.keySiteTag')}
                  </Tag>
                )}
              </Flex>
            ),
          },
          { title: t('duty.sites.region'), dataIndex: 'regionName' },
          { title: t('duty.sites.address'), dataIndex: 'address', render: (a: string | null) => a ?? '—' },
          { title: t('duty.sites.location'), key: 'location', render: (_, s) => formatLocation(s) ?? '—' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, s) => (
              <Flex gap={8}>
                <Button size="small" icon={<QrcodeOutlined />} onClick={() => setQr(s)} data-testid="site-qr">
                  {t('duty.sites.qr')}
                </Button>
                {canPost && (
                  <Button size="small" icon={<SettingOutlined />} onClick={() => setEditing(s)} data-testid="site-edit">
                    {t('duty.sites.edit')}
                  </Button>
                )}
              </Flex>
            ),
          },
        ]}
      />
      <FormModal<SiteValues, CreateSiteRequest>
        open={creating}
        title={t('duty.sites.create')}
        mutation={create}
        success={t('duty.sites.created')}
        onClose={() => setCreating(false)}
        toRequest={(v) => ({ regionId: v.region?.value ?? region.id, name: v.name, address: v.address || undefined, keySite: v.keySite, ...locationOf(v) })}
      >
        <Form.Item name="name" label={t('duty.sites.name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="site-form-name" />
        </Form.Item>
        <Form.Item name="region" label={t('duty.sites.region')} extra={t('duty.sites.regionHint')}>
          <RegionPicker placeholder={region.name} isAllowed={(hit) => hit.inScope && siteLevels.includes(hit.level)} data-testid="site-form-region" />
        </Form.Item>
        <Form.Item name="address" label={t('duty.sites.address')} rules={[{ max: 200 }]}>
          <Input data-testid="site-form-address" />
        </Form.Item>
        {keySiteField()}
        <LocationFields testId="site-form" />
      </FormModal>
      <FormModal<SiteSettings, UpdateSiteRequest & { id: number }>
        // A form per site: its fields start from that site's values, not the last one's.
        key={editing?.id}
        open={!!editing}
        title={editing && t('duty.sites.editTitle', { name: editing.name })}
        mutation={update}
        success={t('duty.sites.updated')}
        onClose={() => setEditing(undefined)}
        toRequest={(v) => ({ id: editing!.id, keySite: v.keySite, ...locationOf(v) })}
      >
        {editing && (
          <>
            {keySiteField(editing.keySite)}
            <LocationFields testId="site-form" initial={editing} />
          </>
        )}
      </FormModal>
      <SiteQrModal site={qr} onClose={() => setQr(undefined)} />
    </Card>
  );
}
