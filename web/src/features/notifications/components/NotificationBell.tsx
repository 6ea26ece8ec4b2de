import { useState } from 'react';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { NotificationView } from '@meshwork/contracts';
import { formatDateTime } from '@/lib/format';
import { useIsPhone } from '@/lib/hooks';
import { useMarkRead, useNotifications } from '../api';

const pageSize = 10;

/** The header's bell: the unread count, the latest notifications, and marking them read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  const [limit, setLimit] = useState(pageSize);
  const notifications = useNotifications(limit);
  const markRead = useMarkRead();
  const data = notifications.data;
  if (!data) return null;

  const openItem = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate([n.id]);
    if (n.link) {
      setOpen(false);
      void navigate(n.link);
    }
  };

  const content = (
    <Flex vertical gap={8} style={{ width: isPhone ? 'calc(100vw - 48px)' : 360 }} data-testid="notification-list">
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{t('notifications.unread', { count: data.unread })}</Typography.Text>
        <Button size="small" type="link" disabled={data.unread === 0} onClick={() => markRead.mutate(undefined)} data-testid="notification-read-all">
          {t('notifications.readAll')}
        </Button>
      </Flex>
      <List<NotificationView>
        size="small"
        style={{ maxHeight: 420, overflow: 'auto' }}
        dataSource={data.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
        loadMore={
          data.items.length < data.total && (
            <Flex justify="center">
              <Button size="small" type="link" onClick={() => setLimit(limit + pageSize)}>
                {t('notifications.more')}
              </Button>
            </Flex>
          )
        }
        renderItem={(n) => (
          <List.Item onClick={() => openItem(n)} style={{ cursor: 'pointer' }} data-testid={n.readAt ? 'notification-item' : 'notification-item-unread'}>
            <Flex vertical gap={2} style={{ width: '100%' }}>
              <Flex gap={6} align="center">
                {!n.readAt && <Badge status="error" />}
                <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
              </Flex>
              {n.body && <Typography.Text type="secondary">{n.body}</Typography.Text>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(n.createdAt)}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Flex>
  );

  return (
    <Popover trigger="click" placement="bottomRight" title={t('notifications.title')} content={content} open={open} onOpenChange={setOpen}>
      <Button type="text" aria-label={t('notifications.title')} data-testid="notification-bell">
        <Badge count={data.unread} size="small" data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
