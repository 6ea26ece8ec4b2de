import { Empty, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

export const pageSize = 20;

/** A server-paged list: one page of rows, the total, and the page to ask for next. */
export function PagedTable<T extends { id: number }>({
  rows,
  total,
  loading,
  page,
  onPage,
  columns,
  emptyText,
  'data-testid': testId,
}: {
  rows: T[] | undefined;
  total: number;
  loading: boolean;
  page: number;
  onPage: (page: number) => void;
  columns: TableColumnsType<T>;
  emptyText: string;
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
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      pagination={{ current: page, pageSize, total, onChange: onPage, showSizeChanger: false, showTotal: (n) => t('common.total', { total: n }) }}
      columns={columns}
    />
  );
}
