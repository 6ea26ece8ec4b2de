import { Alert, Button, Card, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { post, type Roster, type RosterQuery } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { useLocale } from '@/lib/locale';
import { useRoster } from '../api';
import { chinaDay, clock, inChina } from '@/lib/china-time';
import { ShiftFill } from './ShiftFill';
import '../print.css';

type RosterShift = Roster['shifts'][number];
type Row = RosterShift & { postSpan: number };

/** One day's shifts ordered by post then start, with the post cell spanning its shifts. */
function rowsOf(shifts: RosterShift[]): Row[] {
  const sorted = [...shifts].sort((a, b) => a.post.localeCompare(b.post) || a.startsAt.localeCompare(b.startsAt));
  return sorted.map((s, i) => {
    if (i > 0 && sorted[i - 1]!.post === s.post) return { ...s, postSpan: 0 };
    let span = 1;
    while (sorted[i + span]?.post === s.post) span++;
    return { ...s, postSpan: span };
  });
}

/** 排班表: the shifts of a date range by day and post with who is on them; printable and as Excel. */
export function RosterTab({ query }: { query: RosterQuery }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const roster = useRoster(query);

  if (roster.isPending) return <Skeleton active />;
  if (roster.isError) return <Alert type="error" showIcon title={roster.error.message} />;
  const data = roster.data;
  const days = new Map<string, RosterShift[]>();
  for (const s of data.shifts) days.set(chinaDay(s.startsAt), [...(days.get(chinaDay(s.startsAt)) ?? []), s]);

  return (
    <Flex vertical gap={12} className="duty-roster" data-testid="roster">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {data.regionName} {t('duty.plan.rosterTab')} {data.from} ~ {data.to}
        </Typography.Title>
        <Flex gap={8} className="duty-no-print">
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="roster-print">
            {t('duty.roster.print')}
          </Button>
          <DownloadButton path="/roster/export.xlsx" query={{ ...query }} fileName={`${data.regionName}-排班表.xlsx`} data-testid="roster-export">
            {t('duty.roster.export')}
          </DownloadButton>
        </Flex>
      </Flex>
      {days.size === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.roster.empty')} />
      ) : (
        [...days.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([day, shifts]) => (
            <Card key={day} size="small" title={`${day} ${inChina(shifts[0]!.startsAt).format('ddd')}`} data-testid="roster-day">
              <Table<Row>
                size="small"
                rowKey="id"
                bordered
                pagination={false}
                dataSource={rowsOf(shifts)}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('duty.needs.post'), key: 'post', width: 110, onCell: (r) => ({ rowSpan: r.postSpan }), render: (_, r) => post.label(r.post, locale) },
                  {
                    title: t('duty.roster.shifts'),
                    key: 'shift',
                    width: 220,
                    render: (_, r) => (
                      <Flex vertical>
                        <span>
                          {clock(r.startsAt)}–{clock(r.endsAt)} {r.title}
                        </span>
                        <Typography.Text type="secondary">{r.siteName}</Typography.Text>
                      </Flex>
                    ),
                  },
                  { title: t('duty.shift.headcount'), key: 'fill', width: 120, render: (_, r) => <ShiftFill shift={r} /> },
                  {
                    title: t('duty.roster.people'),
                    key: 'people',
                    render: (_, r) => {
                      const on = r.signups.filter((s) => s.status === 'active').map((s) => s.personName);
                      const waiting = r.signups.filter((s) => s.status === 'waitlisted').map((s) => s.personName);
                      return (
                        <span data-testid="roster-people">
                          {on.join('、') || t('duty.roster.none')}
                          {waiting.length > 0 && <Typography.Text type="secondary">（{t('duty.detail.waitlist')}：{waiting.join('、')}）</Typography.Text>}
                        </span>
                      );
                    },
                  },
                ]}
              />
            </Card>
          ))
      )}
    </Flex>
  );
}
