import { Card, Col, Descriptions, Empty, Flex, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/lib/auth';
import { GrantTag } from '@/components/GrantTag';
import { visibleNav } from '../layout/nav';

export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const shortcuts = visibleNav(me.permissions).filter((item) => item.path !== '/');

  return (
    <Flex vertical gap={16}>
      <Card size="small" data-testid="home-me">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.name })}
        </Typography.Title>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'username', label: t('users.username'), children: me.username },
            {
              key: 'grants',
              label: t('home.grants'),
              children: me.grants.length ? (
                <Flex wrap gap={4}>
                  {me.grants.map((g) => (
                    <GrantTag key={g.id} grant={g} />
                  ))}
                </Flex>
              ) : (
                t('home.noGrants')
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('home.shortcuts')}>
        {shortcuts.length === 0 ? (
          <Empty description={t('home.noShortcuts')} />
        ) : (
          <Row gutter={[12, 12]}>
            {shortcuts.map((item) => (
              <Col key={item.path} xs={12} sm={8} lg={6}>
                <Link to={item.path} data-testid={`shortcut-${item.label}`}>
                  <Card hoverable size="small" className="shortcut-card">
                    <Flex vertical align="center" gap={8}>
                      <span className="shortcut-icon">{item.icon}</span>
                      <Typography.Text strong>{t(`nav.${item.label}`)}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
                        {t(`home.describe.${item.label}`)}
                      </Typography.Text>
                    </Flex>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>
    </Flex>
  );
}
