import { useState } from 'react';
import { Button, Card, Empty, Flex, Form, Input, InputNumber, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { invitationProblem, type CreateInvitationRequest, type InvitationView } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { OrgPicker, RegionPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { useCurrentUser } from '@/lib/auth';
import { showSuccess } from '@/lib/feedback';
import { formatDateTime, isFuture } from '@/lib/format';
import { useLocale } from '@/lib/locale';
import { useCreateInvitation, useInvitations, useRevokeInvitation } from '../api';
import { InvitationQrModal } from '../components/InvitationQrModal';

interface Values {
  community?: PickedValue | null;
  org?: PickedValue | null;
  note?: string;
  expiresInDays: number;
  maxUses?: number | null;
}

function StatusTag({ i }: { i: InvitationView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (i.revokedAt) return <Tag>{t('enrolment.invitations.revoked')}</Tag>;
  if (!isFuture(i.expiresAt)) return <Tag>{invitationProblem.label('expired', locale)}</Tag>;
  if (i.maxUses !== null && i.uses >= i.maxUses) return <Tag color="orange">{invitationProblem.label('used_up', locale)}</Tag>;
  return <Tag color="green">{t('enrolment.invitations.live')}</Tag>;
}

/** A community's or org's invitation links: make one, show its QR code, copy it, revoke it. */
export function InvitationsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const invitations = useInvitations();
  const create = useCreateInvitation();
  const revoke = useRevokeInvitation();
  const [creating, setCreating] = useState(false);
  const [showing, setShowing] = useState<InvitationView>();

  // A region admin invites to a community, an org admin to an org. The first community or org granted
  // is the default; an admin of a street or above has no default community and picks one of theirs.
  const regionGrant = me.grants.find((g) => g.role === 'region_admin' && g.regionId !== null);
  const communityGrant = me.grants.find((g) => g.role === 'region_admin' && g.regionLevel === 'community');
  const orgGrant = me.grants.find((g) => g.role === 'org_admin' && g.orgId !== null);

  return (
    <Card
      size="small"
      title={t('enrolment.invitations.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="invitation-create">
          {t('enrolment.invitations.create')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('enrolment.invitations.intro')}</Typography.Text>
        <Table<InvitationView>
          data-testid="invitations-table"
          size="small"
          rowKey="id"
          loading={invitations.isFetching}
          dataSource={invitations.data}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('enrolment.invitations.empty')} /> }}
          columns={[
            { title: t('enrolment.invitations.target'), key: 'target', width: 200, render: (_, i) => [i.communityName, i.orgName].filter(Boolean).join(' · ') },
            { title: t('enrolment.invitations.note'), dataIndex: 'note', width: 160, render: (n: string | null) => n ?? '—' },
            { title: t('enrolment.invitations.status'), key: 'status', width: 90, render: (_, i) => <StatusTag i={i} /> },
            {
              title: t('enrolment.invitations.uses'),
              key: 'uses',
              width: 90,
              render: (_, i) => `${i.uses} / ${i.maxUses ?? t('enrolment.invitations.unlimited')}`,
            },
            { title: t('enrolment.invitations.expiresAt'), dataIndex: 'expiresAt', width: 160, render: formatDateTime },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 180,
              render: (_, i) => (
                <Flex gap={8} wrap>
                  <Typography.Link onClick={() => setShowing(i)} data-testid="invitation-qr">
                    <QrcodeOutlined /> {t('enrolment.invitations.qr')}
                  </Typography.Link>
                  {!i.revokedAt && (
                    <Popconfirm title={t('enrolment.invitations.revokeConfirm')} onConfirm={() => revoke.mutate(i.id, { onSuccess: () => showSuccess(t('enrolment.invitations.revoked')) })}>
                      <Typography.Link type="danger" data-testid="invitation-revoke">
                        {t('enrolment.invitations.revoke')}
                      </Typography.Link>
                    </Popconfirm>
                  )}
                </Flex>
              ),
            },
          ]}
        />
      </Flex>
      <FormModal<Values, CreateInvitationRequest>
        open={creating}
        title={t('enrolment.invitations.create')}
        okText={t('enrolment.invitations.create')}
        mutation={{
          isPending: create.isPending,
          mutate: (request, { onSuccess }) =>
            create.mutate(request, {
              onSuccess: (made) => {
                onSuccess();
                setShowing(made);
              },
            }),
        }}
        toRequest={(v) => ({
          ...(v.community ? { communityId: v.community.value } : {}),
          ...(v.org ? { orgId: v.org.value } : {}),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          expiresInDays: v.expiresInDays,
          maxUses: v.maxUses ?? null,
        })}
        success={t('enrolment.invitations.created')}
        onClose={() => {
          setCreating(false);
          create.reset();
        }}
        before={create.isError && <Typography.Text type="danger">{create.error.message}</Typography.Text>}
      >
        {regionGrant && (
          <Form.Item
            name="community"
            label={t('enrolment.invitations.community')}
            initialValue={communityGrant ? { value: communityGrant.regionId!, label: communityGrant.regionName } : null}
          >
            <RegionPicker data-testid="invitation-form-community" placeholder={t('enrolment.invitations.communityHint')} isAllowed={(hit) => hit.level === 'community'} />
          </Form.Item>
        )}
        {orgGrant && (
          <Form.Item name="org" label={t('enrolment.invitations.org')} initialValue={regionGrant ? null : { value: orgGrant.orgId!, label: orgGrant.orgName }}>
            <OrgPicker data-testid="invitation-form-org" placeholder={t('enrolment.invitations.orgHint')} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('enrolment.invitations.note')}>
          <Input maxLength={200} data-testid="invitation-form-note" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="expiresInDays" label={t('enrolment.invitations.expiresInDays')} initialValue={30} rules={[{ required: true }]}>
            <InputNumber min={1} max={365} precision={0} data-testid="invitation-form-days" />
          </Form.Item>
          <Form.Item name="maxUses" label={t('enrolment.invitations.maxUses')} extra={t('enrolment.invitations.maxUsesHint')}>
            <InputNumber min={1} max={100000} precision={0} data-testid="invitation-form-max-uses" />
          </Form.Item>
        </Flex>
      </FormModal>
      <InvitationQrModal invitation={showing} onClose={() => setShowing(undefined)} />
    </Card>
  );
}
