import { Empty, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

export const pageSize = 20;

/** A server-paged table of enrolments: the review and the org side show theirs the same way. */
export function PagedTable<T extends { id: number }>({
  rows,
  total,
  loading,
  page,
  onPage,
  columns,
  'data-testid': testId,
}: {
  rows: T[] | undefined;
  total: number;
  loading: boolean;
  page: number;
  onPage: (page: number) => void;
  columns: TableColumnsType<T>;
  'data-testid': string;
}) {
  const { t } = useTranslation();
  return (
    <Table<T>
      data-testid={testId}
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('enrolment.review.empty')} /> }}
      pagination={{ current: page, pageSize, total, onChange: onPage, showSizeChanger: false, showTotal: (n) => t('common.total', { total: n }) }}
      columns={columns}
    />
  );
}
