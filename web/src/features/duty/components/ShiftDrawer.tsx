import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Flex, Popconfirm, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignupView } from '@meshwork/contracts';
import { ignore, showSuccess } from '@/lib/feedback';
import { useIsPhone } from '@/lib/hooks';
import { usePresence, useRemoveSignup, useShift, useUpdateShift } from '../api';
import { useShiftName, useSkillList } from '../names';
import { clock, shiftWindow } from '@/lib/china-time';
import { AssignModal } from './AssignModal';
import { CertifyModal } from './CertifyModal';
import { EditShiftModal } from './EditShiftModal';
import { PersonLedgerModal } from './PersonLedgerModal';
import { ShiftFill } from './ShiftFill';
import { SignupStatusTag } from './SignupStatusTag';

const order: Record<SignupView['status'], number> = { active: 0, waitlisted: 1, cancelled: 2, removed: 3 };

/** A shift as the community runs it: who is on it and waiting, assignment, presence, removal, certified hours. */
export function ShiftDrawer({ shiftId, canPost, onClose }: { shiftId: number | undefined; canPost: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const name = useShiftName();
  const skills = useSkillList();
  const detail = useShift(shiftId);
  const presence = usePresence();
  const remove = useRemoveSignup();
  const update = useUpdateShift();
  const [selected, setSelected] = useState<number[]>([]);
  const [certifying, setCertifying] = useState<SignupView[]>([]);
  const [assigning, setAssigning] = useState(false);
  const [editing, setEditing] = useState(false);
  const [ledgerOf, setLedgerOf] = useState<{ id: number; name: string }>();

  const data = detail.data;
  const shift = data?.shift;
  const signups = [...(data?.signups ?? [])].sort((a, b) => order[a.status] - order[b.status] || (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const started = !!shift && Date.parse(shift.startsAt) <= Date.now();
  const open = shift?.status === 'open';

  const close = () => {
    setSelected([]);
    onClose();
  };

  return (
    <Drawer open={shiftId !== undefined} onClose={close} size={isPhone ? '100%' : 860} title={shift ? `${name(shift)} · ${shiftWindow(shift)}` : t('duty.detail.title')} destroyOnHidden>
      {detail.isPending ? (
        <Skeleton active />
      ) : !data || !shift ? (
        <Alert type="error" showIcon title={detail.error?.message} />
      ) : (
        <Flex vertical gap={16} data-testid="shift-drawer">
          <Descriptions
            size="small"
            column={isPhone ? 1 : 2}
            items={[
              { key: 'window', label: t('duty.shift.window'), children: shiftWindow(shift) },
              { key: 'site', label: t('duty.shift.site'), children: `${shift.siteName} · ${shift.regionName}` },
              { key: 'fill', label: t('duty.shift.headcount'), children: <ShiftFill shift={shift} /> },
              { key: 'skills', label: t('duty.shift.skills'), children: skills(shift.requiredSkills) || '—' },
            ]}
          />
          {canPost && open && (
            <Flex gap={8} wrap>
              {!started && (
                <Button type="primary" onClick={() => setAssigning(true)} data-testid="shift-assign">
                  {t('duty.detail.assign')}
                </Button>
              )}
              <Button disabled={selected.length === 0} onClick={() => setCertifying(signups.filter((s) => selected.includes(s.id)))} data-testid="shift-certify">
                {t('duty.detail.certify')}
                {selected.length > 0 && ` (${selected.length})`}
              </Button>
              {!started && (
                <>
                  <Button onClick={() => setEditing(true)} data-testid="shift-edit">
                    {t('duty.detail.edit')}
                  </Button>
                  <Popconfirm
                    title={t('duty.detail.cancelShiftConfirm')}
                    okButtonProps={{ danger: true, 'data-testid': 'shift-cancel-confirm' }}
                    onConfirm={() => update.mutateAsync({ id: shift.id, cancelled: true }).then(() => showSuccess(t('duty.detail.shiftCancelled')), ignore)}
                  >
                    <Button danger data-testid="shift-cancel">
                      {t('duty.detail.cancelShift')}
                    </Button>
                  </Popconfirm>
                </>
              )}
            </Flex>
          )}
          <Table<SignupView>
            data-testid="shift-signups"
            size="small"
            rowKey="id"
            dataSource={signups}
            pagination={false}
            scroll={{ x: 'max-content' }}
            loading={detail.isFetching}
            locale={{ emptyText: t('duty.detail.empty') }}
            rowSelection={
              canPost
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys as number[]),
                    getCheckboxProps: (s) => ({ disabled: s.status !== 'active' || !!s.certifiedAt, 'data-testid': 'signup-select' }),
                  }
                : undefined
            }
            columns={[
              {
                title: t('duty.detail.name'),
                dataIndex: 'personName',
                render: (n: string, s) => (
                  <Typography.Link onClick={() => setLedgerOf({ id: s.personId, name: n })} data-testid="signup-name">
                    {n}
                  </Typography.Link>
                ),
              },
              { title: t('duty.detail.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
              { title: t('duty.detail.status'), key: 'status', render: (_, s) => <SignupStatusTag status={s.status} waitlistPosition={s.waitlistPosition} /> },
              { title: t('duty.detail.source'), dataIndex: 'source', render: (v: SignupView['source']) => t(v === 'self' ? 'duty.detail.self' : 'duty.detail.assigned') },
              { title: t('duty.detail.checkin'), dataIndex: 'checkedInAt', render: (v: string | null, s) => (v ? clock(v) : s.noShow ? <Tag color="red">{t('duty.mine.noShow')}</Tag> : '—') },
              { title: t('duty.detail.checkout'), dataIndex: 'checkedOutAt', render: (v: string | null) => (v ? clock(v) : '—') },
              { title: t('duty.detail.hours'), dataIndex: 'hours', render: (v: number | null) => v ?? '—' },
              { title: t('duty.detail.certified'), dataIndex: 'certifiedAt', render: (v: string | null) => (v ? <Tag color="green" data-testid="signup-certified">{t('duty.mine.certified')}</Tag> : '—') },
              ...(canPost
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      render: (_: unknown, s: SignupView) =>
                        s.status === 'active' && (
                          <Flex gap={4} wrap>
                            {!s.checkedInAt && (
                              <Button size="small" onClick={() => presence.mutate({ signupId: s.id, action: 'in' })} data-testid="signup-mark-in">
                                {t('duty.detail.markIn')}
                              </Button>
                            )}
                            {s.checkedInAt && !s.checkedOutAt && (
                              <Button size="small" onClick={() => presence.mutate({ signupId: s.id, action: 'out' })} data-testid="signup-mark-out">
                                {t('duty.detail.markOut')}
                              </Button>
                            )}
                            {!started && (
                              <Popconfirm
                                title={t('duty.detail.removeConfirm', { name: s.personName })}
                                okButtonProps={{ danger: true, 'data-testid': 'signup-remove-confirm' }}
                                onConfirm={() => remove.mutateAsync(s.id).then(() => showSuccess(t('duty.detail.removed')), ignore)}
                              >
                                <Button size="small" danger data-testid="signup-remove">
                                  {t('duty.detail.remove')}
                                </Button>
                              </Popconfirm>
                            )}
                          </Flex>
                        ),
                    },
                  ]
                : []),
            ]}
          />
          <AssignModal shift={shift} open={assigning} onClose={() => setAssigning(false)} />
          <EditShiftModal detail={data} open={editing} onClose={() => setEditing(false)} />
          <CertifyModal
            signups={certifying}
            onClose={(done) => {
              setCertifying([]);
              if (done) setSelected([]);
            }}
          />
          <PersonLedgerModal person={ledgerOf} onClose={() => setLedgerOf(undefined)} />
        </Flex>
      )}
    </Drawer>
  );
}
