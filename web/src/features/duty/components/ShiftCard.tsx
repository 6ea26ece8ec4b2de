import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import type { Post } from '@meshwork/contracts';
import { useShiftName } from '../names';
import { shiftWindow } from '@/lib/china-time';

interface ShiftFacts {
  post: Post;
  title: string | null;
  startsAt: string;
  endsAt: string;
  siteName: string;
  regionName: string;
}

/** A shift as a phone card: its name and tags, when and where, then what the page adds. */
export function ShiftCard({ shift, tags, testId, children }: { shift: ShiftFacts; tags: ReactNode; testId: string; children: ReactNode }) {
  const name = useShiftName();
  return (
    <Card
      size="small"
      data-testid={testId}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{name(shift)}</span>
          {tags}
        </Flex>
      }
    >
      <Flex vertical gap={6}>
        <Typography.Text data-testid="shift-window">
          <ClockCircleOutlined /> {shiftWindow(shift)}
        </Typography.Text>
        <Typography.Text>
          <EnvironmentOutlined /> {shift.siteName} · {shift.regionName}
        </Typography.Text>
        {children}
      </Flex>
    </Card>
  );
}
