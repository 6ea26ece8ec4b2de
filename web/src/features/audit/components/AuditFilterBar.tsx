import { Button, DatePicker, Flex, Form, Input, Select } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { auditResult, type AuditFilter, type AuditResult } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { DownloadButton } from '@/components/DownloadButton';

interface Values {
  period?: [Dayjs | null, Dayjs | null] | null;
  username?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  result?: AuditResult;
}

const text = (v: string | undefined) => v?.trim() || undefined;

function toFilter(v: Values): AuditFilter {
  const [from, to] = v.period ?? [];
  return {
    from: from?.toISOString(),
    to: to?.toISOString(),
    username: text(v.username),
    action: text(v.action),
    entity: text(v.entity),
    entityId: text(v.entityId),
    result: v.result,
  };
}

/** The filters; applied on search, and the export takes the applied ones so it matches the table. */
export function AuditFilterBar({ applied, onApply }: { applied: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();

  return (
    <Form<Values> form={form} layout="inline" className="filter-bar" onFinish={(v) => onApply(toFilter(v))}>
      <Form.Item name="period" label={t('audit.period')}>
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} data-testid="audit-period" />
      </Form.Item>
      <Form.Item name="username" label={t('audit.username')}>
        <Input allowClear maxLength={64} data-testid="audit-username" />
      </Form.Item>
      <Form.Item name="action" label={t('audit.action')}>
        <Input allowClear maxLength={64} data-testid="audit-action" />
      </Form.Item>
      <Form.Item name="entity" label={t('audit.entity')}>
        <Input allowClear maxLength={64} />
      </Form.Item>
      <Form.Item name="entityId" label={t('audit.entityId')}>
        <Input allowClear maxLength={64} />
      </Form.Item>
      <Form.Item name="result" label={t('audit.result')}>
        <Select
          allowClear
          style={{ minWidth: 100 }}
          data-testid="audit-result"
          options={auditResult.values.map((v) => ({ value: v, label: auditResult.label(v, locale) }))}
        />
      </Form.Item>
      <Form.Item>
        <Flex wrap gap={8}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onApply({});
            }}
          >
            {t('common.reset')}
          </Button>
          <DownloadButton path="/audit/export.xlsx" query={{ ...applied }} fileName="audit.xlsx" data-testid="audit-export">
            {t('audit.export')}
          </DownloadButton>
        </Flex>
      </Form.Item>
    </Form>
  );
}
