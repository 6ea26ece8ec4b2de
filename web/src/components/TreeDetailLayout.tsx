import type { ReactNode } from 'react';
import { Breadcrumb, Card, Col, Empty, Flex, Result, Row, Skeleton } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-client';

interface TreeDetailLayoutProps {
  treeTitle: ReactNode;
  treeExtra?: ReactNode;
  /** Above the tree: the search box, usually. */
  toolbar?: ReactNode;
  tree: ReactNode;
  detail: ReactNode;
  /** Cards under the detail panel that do not depend on the selection (imports, for instance). */
  below?: ReactNode;
}

/** The two panels of a tree screen: side by side from md up, stacked (tree first) on a phone. */
export function TreeDetailLayout({ treeTitle, treeExtra, toolbar, tree, detail, below }: TreeDetailLayoutProps) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10} xl={8}>
        <Card title={treeTitle} extra={treeExtra} size="small" className="tree-panel">
          <Flex vertical gap={12}>
            {toolbar}
            <div className="tree-panel-scroll">{tree}</div>
          </Flex>
        </Card>
      </Col>
      <Col xs={24} md={14} xl={16}>
        <Flex vertical gap={16}>
          {detail}
          {below}
        </Flex>
      </Col>
    </Row>
  );
}

interface DetailCardProps {
  /** The path from the root to the node's parent, each linking to its own detail. */
  ancestors: readonly { id: number; name: string }[];
  basePath: string;
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  'data-testid'?: string;
}

export function DetailCard({ ancestors, basePath, title, actions, children, 'data-testid': testId }: DetailCardProps) {
  return (
    <Card size="small" data-testid={testId}>
      <Flex vertical gap={12}>
        {ancestors.length > 0 && (
          <Breadcrumb items={ancestors.map((a) => ({ key: a.id, title: <Link to={`${basePath}/${a.id}`}>{a.name}</Link> }))} />
        )}
        <Flex wrap justify="space-between" align="center" gap={8}>
          <div className="detail-title">{title}</div>
          {actions && (
            <Flex wrap gap={8}>
              {actions}
            </Flex>
          )}
        </Flex>
        {children}
      </Flex>
    </Card>
  );
}

/** What the detail panel shows when nothing is selected, while loading, or when the node is gone. */
export function DetailPlaceholder({ loading, error }: { loading?: boolean; error?: unknown }) {
  const { t } = useTranslation();
  return (
    <Card size="small">
      {loading ? (
        <Skeleton active />
      ) : error ? (
        <Result status={isApiError(error) && error.status === 404 ? '404' : 'warning'} subTitle={error instanceof Error ? error.message : undefined} />
      ) : (
        <Empty description={t('tree.selectNode')} />
      )}
    </Card>
  );
}
