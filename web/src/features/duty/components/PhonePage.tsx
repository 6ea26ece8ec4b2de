import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** A member's page: one narrow column under its title, centred on wider screens. */
export function PhonePage({ title, intro, testId, children }: { title: ReactNode; intro?: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <Flex vertical gap={12} style={{ maxWidth: 640, margin: '0 auto' }} data-testid={testId}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {intro && <Typography.Text type="secondary">{intro}</Typography.Text>}
      {children}
    </Flex>
  );
}
