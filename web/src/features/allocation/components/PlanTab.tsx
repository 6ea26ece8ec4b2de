import { Alert, Empty, Flex, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanView } from '@meshwork/contracts';
import { usePlan } from '../api';
import { PlanDetail } from './PlanDetail';
import { PlanForm } from './PlanForm';

/** 调配方案: the form that proposes a plan, and the plan at hand (just proposed, re-run or opened from the history). */
export function PlanTab({
  regionId,
  from,
  to,
  planId,
  onPlan,
}: {
  regionId: number;
  from: string;
  to: string;
  planId: number | undefined;
  onPlan: (id: number) => void;
}) {
  const { t } = useTranslation();
  const plan = usePlan(planId);
  const data = plan.data;

  const opened = (next: PlanView) => onPlan(next.id);
  return (
    <Flex vertical gap={16}>
      <PlanForm regionId={regionId} from={from} to={to} onProposed={opened} />
      {planId === undefined ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('allocation.plan.empty')} />
      ) : !data ? (
        plan.isError ? <Alert type="error" showIcon title={plan.error.message} /> : <Skeleton active />
      ) : (
        <PlanDetail key={data.id} plan={data} onPlan={opened} onExpired={() => void plan.refetch()} />
      )}
    </Flex>
  );
}
