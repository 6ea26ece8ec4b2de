import { useState } from 'react';
import { Card, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { auditResult, type AuditEntry, type AuditFilter, type AuditResult } from '@meshwork/contracts';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/locale';
import { useAuditEntries } from '../api';
import { AuditFilterBar } from '../components/AuditFilterBar';

const resultColor: Record<AuditResult, string> = { ok: 'green', denied: 'orange', failed: 'red' };

export function AuditPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const entries = useAuditEntries(filter, pageSize, (page - 1) * pageSize);

  return (
    <Card size="small" title={t('nav.audit')}>
      <Flex vertical gap={16}>
        <AuditFilterBar
          applied={filter}
          onApply={(f) => {
            setFilter(f);
            setPage(1);
          }}
        />
        <Table<AuditEntry>
          data-testid="audit-table"
          size="small"
          rowKey="id"
          loading={entries.isFetching}
          dataSource={entries.data?.items}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize,
            total: entries.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
          expandable={{
            rowExpandable: (e) => e.changes !== null || !!e.detail,
            expandedRowRender: (e) => (
              <Flex vertical gap={8}>
                {e.detail && <Typography.Text>{e.detail}</Typography.Text>}
                {e.changes !== null && <pre className="json-block">{JSON.stringify(e.changes, null, 2)}</pre>}
              </Flex>
            ),
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
            { title: t('audit.username'), dataIndex: 'username', width: 110, render: (v: string | null) => v ?? '—' },
            { title: t('audit.action'), dataIndex: 'action', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('audit.entity'), dataIndex: 'entity', width: 100, render: (v: string | null) => v ?? '—' },
            { title: t('audit.entityId'), dataIndex: 'entityId', width: 90, render: (v: string | null) => v ?? '—' },
            {
              title: t('audit.result'),
              dataIndex: 'result',
              width: 80,
              render: (v: AuditResult) => <Tag color={resultColor[v]}>{auditResult.label(v, locale)}</Tag>,
            },
            { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Flex>
    </Card>
  );
}
