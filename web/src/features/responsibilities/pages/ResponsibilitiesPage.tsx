import { useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Row, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dutyRole, type DutyMember, type ResponsibilityView } from '@meshwork/contracts';
import { RegionPicker } from '@/components/pickers';
import { DownloadButton } from '@/components/DownloadButton';
import { useLocale } from '@/lib/locale';
import { ignore, showSuccess } from '@/lib/feedback';
import { useIsPhone } from '@/lib/hooks';
import { useCommunityDuty, useEndDutyRole, useEndResponsibility, useRegionRoots } from '../api';
import { DutyRoleDrawer } from '../components/DutyRoleDrawer';
import { ResponsibilityDrawer } from '../components/ResponsibilityDrawer';
import { CoverageCard } from '../components/CoverageCard';

type Community = { id: number; name: string };

/** A community's duty roles, zones and household care (党员责任区/包户), for its region admins. */
export function ResponsibilitiesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { modal } = App.useApp();
  const pinned = !useIsPhone();
  const roots = useRegionRoots();
  const [picked, setPicked] = useState<Community>();
  const [roleFor, setRoleFor] = useState<DutyMember>();
  const [placeFor, setPlaceFor] = useState<DutyMember>();
  const endRole = useEndDutyRole();
  const endPlace = useEndResponsibility();

  // A community admin's own community, until they pick another.
  const own = roots.data?.find((r) => r.level === 'community');
  const community: Community | undefined = picked ?? (own && { id: own.id, name: own.name });
  const duty = useCommunityDuty(community?.id);

  const confirmEnd = (member: DutyMember, end: () => Promise<unknown>) =>
    modal.confirm({
      title: t('responsibilities.endConfirm', { name: member.name }),
      content: t('responsibilities.endHint'),
      okText: t('responsibilities.end'),
      okButtonProps: { danger: true, 'data-testid': 'resp-end-confirm' },
      onOk: () => end().then(() => showSuccess(t('responsibilities.ended')), ignore),
    });

  const places = (member: DutyMember, list: ResponsibilityView[], testId: string) =>
    list.length === 0 ? (
      t('responsibilities.none')
    ) : (
      <Flex wrap gap={4}>
        {list.map((r) => (
          <Tag key={r.id} closable data-testid={testId} onClose={(e) => {
            e.preventDefault();
            confirmEnd(member, () => endPlace.mutateAsync(r.id));
          }}>
            {r.place.join(' / ')}
          </Tag>
        ))}
      </Flex>
    );

  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <Card
        size="small"
        title={t('nav.responsibilities')}
      >
        <Flex vertical gap={12}>
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary">{t('responsibilities.community')}</Typography.Text>
            <RegionPicker
              data-testid="resp-community"
              placeholder={t('responsibilities.communityHint')}
              allowClear={false}
              style={{ width: '100%', maxWidth: 360 }}
              value={community ? { value: community.id, label: community.name } : null}
              isAllowed={(hit) => hit.inScope && hit.level === 'community'}
              onChange={(value, hit) => value && setPicked({ id: value.value, name: hit?.name ?? String(value.label) })}
            />
          </Flex>
          <Table<DutyMember>
            data-testid="resp-members"
            size="small"
            rowKey="enrolmentId"
            loading={duty.isFetching}
            dataSource={community ? duty.data?.members : []}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={community ? t('responsibilities.membersEmpty') : t('responsibilities.pickCommunity')} />
              ),
            }}
            columns={[
              { title: t('responsibilities.name'), dataIndex: 'name', width: 100, fixed: pinned && 'left' },
              { title: t('responsibilities.phone'), dataIndex: 'phone', width: 120, render: (p: string | null) => p ?? t('responsibilities.none') },
              {
                title: t('responsibilities.dutyRoles'),
                key: 'roles',
                width: 200,
                render: (_, m) =>
                  m.dutyRoles.length === 0 ? (
                    t('responsibilities.none')
                  ) : (
                    <Flex wrap gap={4}>
                      {m.dutyRoles.map((r) => (
                        <Tag key={r.id} color="red" closable data-testid="resp-role-tag" onClose={(e) => {
                          e.preventDefault();
                          confirmEnd(m, () => endRole.mutateAsync(r.id));
                        }}>
                          {dutyRole.label(r.role, locale)}
                        </Tag>
                      ))}
                    </Flex>
                  ),
              },
              { title: t('responsibilities.zones'), key: 'zones', width: 220, render: (_, m) => places(m, m.zones, 'resp-zone-tag') },
              { title: t('responsibilities.care'), key: 'care', width: 260, render: (_, m) => places(m, m.care, 'resp-care-tag') },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 190,
                fixed: pinned && ('right' as const),
                render: (_, m) => (
                  <Flex wrap gap={8}>
                    <Button size="small" onClick={() => setRoleFor(m)} data-testid="resp-assign-role">
                      {t('responsibilities.assignRole')}
                    </Button>
                    <Button size="small" onClick={() => setPlaceFor(m)} data-testid="resp-assign-place">
                      {t('responsibilities.assignPlace')}
                    </Button>
                  </Flex>
                ),
              },
            ]}
          />
        </Flex>
      </Card>
      {community && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <CoverageCard communityId={community.id} />
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('responsibilities.ledgerTitle')} data-testid="resp-ledger">
              <Flex vertical gap={12} align="flex-start">
                <Typography.Text type="secondary">{t('responsibilities.ledgerHint')}</Typography.Text>
                <DownloadButton
                  path={`/responsibilities/communities/${community.id}/ledger.xlsx`}
                  fileName={`${community.name}-党员责任区包户台账.xlsx`}
                  data-testid="resp-export"
                >
                  {t('responsibilities.export')}
                </DownloadButton>
              </Flex>
            </Card>
          </Col>
        </Row>
      )}
      <DutyRoleDrawer member={roleFor} onClose={() => setRoleFor(undefined)} />
      {community && <ResponsibilityDrawer key={community.id} member={placeFor} community={community} onClose={() => setPlaceFor(undefined)} />}
    </Flex>
  );
}
