import { useState } from 'react';
import { Button, Card, Empty, Form, Input, Table } from 'antd';
import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CreateSiteRequest, SiteView } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { RegionPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { useCreateSite, useSites } from '../api';
import { SiteQrModal } from './SiteQrModal';

interface SiteValues {
  name: string;
  address?: string;
  region?: PickedValue | null;
}

const siteLevels = ['street', 'community', 'grid', 'building'];

/** The sites (值守点) under a region, each with its check-in code. */
export function SitesCard({ region, canPost }: { region: { id: number; name: string }; canPost: boolean }) {
  const { t } = useTranslation();
  const sites = useSites(region.id);
  const create = useCreateSite();
  const [creating, setCreating] = useState(false);
  const [qr, setQr] = useState<SiteView>();

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
          { title: t('duty.sites.name'), dataIndex: 'name' },
          { title: t('duty.sites.region'), dataIndex: 'regionName' },
          { title: t('duty.sites.address'), dataIndex: 'address', render: (a: string | null) => a ?? '—' },
          {
            title: t('duty.sites.qr'),
            key: 'qr',
            render: (_, s) => (
              <Button size="small" icon={<QrcodeOutlined />} onClick={() => setQr(s)} data-testid="site-qr">
                {t('duty.sites.qr')}
              </Button>
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
        toRequest={(v) => ({ regionId: v.region?.value ?? region.id, name: v.name, address: v.address || undefined })}
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
      </FormModal>
      <SiteQrModal site={qr} onClose={() => setQr(undefined)} />
    </Card>
  );
}
