import { useState } from 'react';
import { Button, Card, DatePicker, Empty, Flex, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RegionLevel } from '@meshwork/contracts';
import { RegionPicker } from '@/components/pickers';
import { useCan } from '@/lib/auth';
import { useRegionRoots } from '../api';
import { GapsTab } from '../components/GapsTab';
import { NeedFormDrawer } from '../components/NeedFormDrawer';
import { NeedsList } from '../components/NeedsList';
import { RosterTab } from '../components/RosterTab';
import { ShiftDrawer } from '../components/ShiftDrawer';
import { SitesCard } from '../components/SitesCard';
import { todayInChina } from '@/lib/china-time';

type Region = { id: number; name: string; level: RegionLevel };
type Tab = 'needs' | 'roster' | 'gaps';

/** Needs are a street's or a community's to post (the server's rule too). */
const postingLevels: readonly RegionLevel[] = ['street', 'community'];

/** 值守安排: a community's or street's sites, needs and shifts, roster and gaps. */
export function DutyPage() {
  const { t } = useTranslation();
  const can = useCan();
  const roots = useRegionRoots();
  const [picked, setPicked] = useState<Region>();
  const [tab, setTab] = useState<Tab>('needs');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(todayInChina()), dayjs(todayInChina()).add(6, 'day')]);
  const [posting, setPosting] = useState(false);
  const [shiftId, setShiftId] = useState<number>();

  // The user's own area until they pick another.
  const first = roots.data?.find((r) => r.inScope);
  const region: Region | undefined = picked ?? (first && { id: first.id, name: first.name, level: first.level });
  const canPost = can('duty.post');
  const mayPostNeeds = canPost && !!region && postingLevels.includes(region.level);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');

  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <Card size="small" title={t('duty.plan.title')} className="duty-no-print">
        <Flex wrap gap={8} align="center">
          <Typography.Text type="secondary">{t('duty.plan.region')}</Typography.Text>
          <RegionPicker
            data-testid="duty-region"
            placeholder={t('duty.plan.regionHint')}
            allowClear={false}
            style={{ width: '100%', maxWidth: 360 }}
            value={region ? { value: region.id, label: region.name } : null}
            isAllowed={(hit) => hit.inScope}
            onChange={(value, hit) => value && hit && setPicked({ id: hit.id, name: hit.name, level: hit.level })}
          />
          <Typography.Text type="secondary">{t('duty.plan.dates')}</Typography.Text>
          <DatePicker.RangePicker
            allowClear={false}
            value={range}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="duty-dates"
          />
        </Flex>
      </Card>
      {!region ? (
        <Empty description={t('duty.plan.pickRegion')} />
      ) : (
        <Card size="small">
          <Tabs
            activeKey={tab}
            onChange={(key) => setTab(key as Tab)}
            data-testid="duty-tabs"
            items={[
              {
                key: 'needs',
                label: <span data-testid="duty-tab-needs">{t('duty.plan.needsTab')}</span>,
                children: (
                  <Flex vertical gap={16}>
                    <SitesCard region={region} canPost={canPost} />
                    <Flex justify="flex-end">
                      {mayPostNeeds && (
                        <Button type="primary" icon={<PlusOutlined />} onClick={() => setPosting(true)} data-testid="need-create">
                          {t('duty.needs.create')}
                        </Button>
                      )}
                    </Flex>
                    <NeedsList regionId={region.id} from={from} onOpen={setShiftId} />
                  </Flex>
                ),
              },
              {
                key: 'roster',
                label: <span data-testid="duty-tab-roster">{t('duty.plan.rosterTab')}</span>,
                children: <RosterTab query={{ regionId: region.id, from, to }} />,
              },
              {
                key: 'gaps',
                label: <span data-testid="duty-tab-gaps">{t('duty.plan.gapsTab')}</span>,
                children: <GapsTab key={region.id} root={region} from={from} to={to} />,
              },
            ]}
          />
        </Card>
      )}
      {region && <NeedFormDrawer region={region} open={posting} onClose={() => setPosting(false)} />}
      <ShiftDrawer shiftId={shiftId} canPost={canPost} onClose={() => setShiftId(undefined)} />
    </Flex>
  );
}
