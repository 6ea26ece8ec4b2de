import { useState } from 'react';
import { Alert, Card, DatePicker, Empty, Flex, Tabs, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { regionLevel, type RegionLevel } from '@meshwork/contracts';
import { RegionPicker } from '@/components/pickers';
import { todayInChina } from '@/lib/china-time';
import { useLocale } from '@/lib/locale';
import { useRegionRoots } from '../api';
import { GapShiftsTab } from '../components/GapShiftsTab';
import { HistoryTab } from '../components/HistoryTab';
import { PlanTab } from '../components/PlanTab';
import { PoolTab } from '../components/PoolTab';

type Region = { id: number; name: string; level: RegionLevel };
type Tab = 'gaps' | 'pool' | 'plan' | 'history';

/** Plans span communities, so they are made for a street or above (the server's rule too). */
const planningLevels: readonly RegionLevel[] = ['street', 'district', 'city'];
/** The server's limit on one plan's dates. */
const maxDays = 31;

/** 力量调配: a street's (district's, city's) gaps and pool, the plan that fills them, and past plans. */
export function AllocationPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const roots = useRegionRoots();
  const [picked, setPicked] = useState<Region>();
  const [tab, setTab] = useState<Tab>('gaps');
  const [planId, setPlanId] = useState<number>();
  // Tomorrow and the six days after: today's shifts are mostly filled or under way.
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const tomorrow = dayjs(todayInChina()).add(1, 'day');
    return [tomorrow, tomorrow.add(6, 'day')];
  });

  // The user's own area until they pick another.
  const first = roots.data?.find((r) => r.inScope);
  const region: Region | undefined = picked ?? (first && { id: first.id, name: first.name, level: first.level });
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const query = region && { regionId: region.id, from, to };

  const openPlan = (id: number) => {
    setPlanId(id);
    setTab('plan');
  };

  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <Card size="small" title={t('allocation.page.title')}>
        <Flex wrap gap={8} align="center">
          <Typography.Text type="secondary">{t('allocation.page.region')}</Typography.Text>
          <RegionPicker
            data-testid="allocation-region"
            placeholder={t('allocation.page.regionHint')}
            allowClear={false}
            style={{ width: '100%', maxWidth: 360 }}
            value={region ? { value: region.id, label: region.name } : null}
            isAllowed={(hit) => hit.inScope && planningLevels.includes(hit.level)}
            onChange={(value, hit) => {
              if (!value || !hit) return;
              setPicked({ id: hit.id, name: hit.name, level: hit.level });
              setPlanId(undefined);
            }}
          />
          <Typography.Text type="secondary">{t('allocation.page.dates')}</Typography.Text>
          <DatePicker.RangePicker
            allowClear={false}
            value={range}
            disabledDate={(day, info) => !!info.from && Math.abs(day.diff(info.from, 'day')) > maxDays}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="allocation-range"
          />
        </Flex>
      </Card>
      {!region || !query ? (
        <Empty description={t('allocation.page.pickRegion')} />
      ) : !planningLevels.includes(region.level) ? (
        <Alert
          type="warning"
          showIcon
          data-testid="allocation-level"
          title={t('allocation.page.levelTooLow')}
          description={t('allocation.page.levelTooLowHint', { name: region.name, level: regionLevel.label(region.level, locale) })}
        />
      ) : (
        <Card size="small">
          <Tabs
            activeKey={tab}
            onChange={(key) => setTab(key as Tab)}
            data-testid="allocation-tabs"
            // Keyed by the node: each tab's paging and the open plan belong to one node.
            key={region.id}
            items={[
              {
                key: 'gaps',
                label: <span data-testid="allocation-tab-gaps">{t('allocation.page.gapsTab')}</span>,
                children: <GapShiftsTab key={`${from}/${to}`} query={query} />,
              },
              {
                key: 'pool',
                label: <span data-testid="allocation-tab-pool">{t('allocation.page.poolTab')}</span>,
                children: <PoolTab key={`${from}/${to}`} query={query} />,
              },
              {
                key: 'plan',
                label: <span data-testid="allocation-tab-plan">{t('allocation.page.planTab')}</span>,
                children: <PlanTab regionId={region.id} from={from} to={to} planId={planId} onPlan={setPlanId} />,
              },
              {
                key: 'history',
                label: <span data-testid="allocation-tab-history">{t('allocation.page.historyTab')}</span>,
                children: <HistoryTab regionId={region.id} onOpen={openPlan} />,
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
