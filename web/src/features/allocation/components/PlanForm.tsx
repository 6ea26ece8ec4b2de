import { Alert, Button, Card, Col, Form, InputNumber, Row, Skeleton, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PlanDefaults, PlanView, PriorityWeights } from '@meshwork/contracts';
import { showSuccess } from '@/lib/feedback';
import { usePlanDefaults, useProposePlan } from '../api';

const weightKeys = ['sealed', 'controlled', 'precaution', 'none', 'weakCommunity', 'keySite'] as const satisfies readonly (keyof PriorityWeights)[];

/** The weights and the per-person limit a plan is solved with, starting from the node's last plan's. */
export function PlanForm({ regionId, from, to, onProposed }: { regionId: number; from: string; to: string; onProposed: (plan: PlanView) => void }) {
  const { t } = useTranslation();
  const defaults = usePlanDefaults(regionId);
  const propose = useProposePlan();

  const submit = (values: PlanDefaults) =>
    propose.mutate(
      { regionId, from, to, weights: values.weights, shiftLimit: values.shiftLimit, excludePersonIds: [], excludeShiftIds: [] },
      {
        onSuccess: (plan) => {
          showSuccess(t('allocation.form.proposed'));
          onProposed(plan);
        },
      },
    );

  return (
    <Card size="small" title={t('allocation.form.title')}>
      {defaults.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : defaults.isError ? (
        <Alert type="error" showIcon title={defaults.error.message} data-testid="plan-defaults-error" />
      ) : (
        <Form<PlanDefaults> layout="vertical" requiredMark={false} initialValues={defaults.data} onFinish={submit}>
          <Typography.Text strong>{t('allocation.form.weights')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('allocation.form.weightsHint')}
          </Typography.Paragraph>
          <Row gutter={16}>
            {weightKeys.map((key) => (
              <Col key={key} xs={12} sm={8} lg={4}>
                <Form.Item name={['weights', key]} label={t(`allocation.form.${key}`)} rules={[{ required: true }]}>
                  <InputNumber min={key === 'none' ? 1 : 0} max={100} precision={0} style={{ width: '100%' }} data-testid={`plan-weight-${key}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Row gutter={16} align="bottom">
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="shiftLimit" label={t('allocation.form.shiftLimit')} extra={t('allocation.form.shiftLimitHint')} rules={[{ required: true }]}>
                <InputNumber min={1} max={62} precision={0} style={{ width: '100%' }} data-testid="plan-shift-limit" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item>
                <Button type="primary" htmlType="submit" icon={<ThunderboltOutlined />} loading={propose.isPending} data-testid="plan-propose">
                  {t('allocation.form.propose')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      )}
    </Card>
  );
}
