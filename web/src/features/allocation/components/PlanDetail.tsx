import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Checkbox, Collapse, Empty, Flex, Popconfirm, Statistic, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, DeleteOutlined, RedoOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { planStatus, travelTier, uncoveredReason, type PlanCommunityView, type PlanItemView, type PlanShiftView, type PlanView } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { shiftWindow } from '@/lib/china-time';
import { showSuccess } from '@/lib/feedback';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/locale';
import { useDecidePlan, useProposePlan } from '../api';
import { OutcomeTag, PlanStatusTag, PriorityTags, SourceTag, TierTag } from './tags';

/** What a re-run leaves out: people and shifts by id, with what to call them. */
interface Exclusions {
  people: Map<number, string>;
  shifts: Map<number, string>;
}

const exclusionsOf = (plan: PlanView): Exclusions => ({
  people: new Map(plan.excludedPeople.map((p) => [p.personId, p.personName])),
  shifts: new Map(plan.excludedShifts.map((s) => [s.shiftId, `${s.label} ${shiftWindow(s)}`])),
});

const sameKeys = (a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>) => a.size === b.size && [...a.keys()].every((id) => b.has(id));
const sameExclusions = (a: Exclusions, b: Exclusions) => sameKeys(a.people, b.people) && sameKeys(a.shifts, b.shifts);

/** The map without `id` if it held it, else with `id` named `name`. */
const toggled = (map: ReadonlyMap<number, string>, id: number, name: string) => {
  const next = new Map(map);
  if (!next.delete(id)) next.set(id, name);
  return next;
};

/**
 * One plan: its summary, its communities' shifts with the people planned for them, and — while it
 * is proposed and unexpired — exclusions, re-running, publishing and discarding. PlanTab keys
 * this by plan id, so a re-run starts from the new plan's own exclusions.
 */
export function PlanDetail({
  plan,
  onPlan,
  onExpired,
}: {
  plan: PlanView;
  onPlan: (plan: PlanView) => void;
  onExpired: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const propose = useProposePlan();
  const publish = useDecidePlan('publish');
  const discard = useDecidePlan('discard');
  const [draft, setDraft] = useState<Exclusions>(() => exclusionsOf(plan));
  const [expired, setExpired] = useState(() => Date.parse(plan.expiresAt) <= Date.now());
  const editable = plan.status === 'proposed' && !expired;
  const changed = !sameExclusions(draft, exclusionsOf(plan));

  const togglePerson = (item: PlanItemView) => setDraft((d) => ({ ...d, people: toggled(d.people, item.personId, item.personName) }));
  const toggleShift = (s: PlanShiftView) => setDraft((d) => ({ ...d, shifts: toggled(d.shifts, s.shiftId, `${s.label} ${shiftWindow(s)}`) }));

  const rerun = () =>
    propose.mutate(
      {
        regionId: plan.regionId,
        from: plan.from,
        to: plan.to,
        weights: plan.weights,
        shiftLimit: plan.shiftLimit,
        excludePersonIds: [...draft.people.keys()],
        excludeShiftIds: [...draft.shifts.keys()],
        basedOn: plan.id,
      },
      {
        onSuccess: (next) => {
          showSuccess(t('allocation.plan.rerunDone'));
          onPlan(next);
        },
      },
    );

  const onPublished = (published: PlanView) => {
    const items = published.communities.flatMap((c) => c.shifts.flatMap((s) => s.items));
    showSuccess(
      t('allocation.plan.published', {
        assigned: items.filter((i) => i.outcome === 'assigned').length,
        skipped: items.filter((i) => i.outcome === 'skipped').length,
      }),
    );
  };

  const actions = (
    <Flex wrap gap={8}>
      <DownloadButton path={`/allocation/plans/${plan.id}/export.xlsx`} fileName={`力量调配方案-${plan.id}.xlsx`} data-testid="plan-export">
        {t('allocation.plan.export')}
      </DownloadButton>
      {editable && (
        <>
          <Popconfirm
            title={t('allocation.plan.discardConfirm')}
            onConfirm={() => discard.mutate(plan.id, { onSuccess: () => showSuccess(t('allocation.plan.discarded')) })}
          >
            <Button danger icon={<DeleteOutlined />} loading={discard.isPending} data-testid="plan-discard">
              {t('allocation.plan.discard')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('allocation.plan.publishConfirm')}
            description={<div style={{ maxWidth: 320 }}>{t('allocation.plan.publishHint')}</div>}
            okText={t('allocation.plan.publish')}
            disabled={changed}
            onConfirm={() => publish.mutate(plan.id, { onSuccess: onPublished })}
          >
            <Tooltip title={changed ? t('allocation.plan.publishAfterRerun') : undefined}>
              <Button type="primary" icon={<SendOutlined />} loading={publish.isPending} disabled={changed} data-testid="plan-publish">
                {t('allocation.plan.publish')}
              </Button>
            </Tooltip>
          </Popconfirm>
        </>
      )}
    </Flex>
  );

  return (
    <Card
      size="small"
      data-testid="plan"
      title={
        <Flex gap={8} align="center" wrap>
          <span data-testid="plan-title">{t('allocation.plan.title', { id: plan.id })}</span>
          <PlanStatusTag status={plan.status} data-testid="plan-status" />
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        {/* The actions sit in the body rather than the card's header, where a phone would squeeze the title out. */}
        <Flex wrap gap={16} align="flex-start" justify="space-between">
          <Flex vertical gap={2}>
            <Typography.Text>{t('allocation.plan.range', { region: plan.regionName, from: plan.from, to: plan.to })}</Typography.Text>
            <Typography.Text type="secondary">{t('allocation.plan.createdBy', { by: plan.createdBy ?? '—', at: formatDateTime(plan.createdAt) })}</Typography.Text>
            {plan.basedOn !== null && <Typography.Text type="secondary">{t('allocation.plan.basedOn', { id: plan.basedOn })}</Typography.Text>}
          </Flex>
          {actions}
        </Flex>
        {plan.status !== 'proposed' ? (
          <Alert type="info" showIcon title={t('allocation.plan.readOnly', { status: planStatus.label(plan.status, locale) })} />
        ) : (
          expired && <Alert type="warning" showIcon title={t('allocation.plan.expired')} />
        )}
        <Summary plan={plan}>
          {editable && (
            <Statistic.Timer
              type="countdown"
              title={t('allocation.plan.expiresIn')}
              value={Date.parse(plan.expiresAt)}
              format="HH:mm:ss"
              onFinish={() => {
                setExpired(true);
                onExpired();
              }}
              data-testid="plan-expiry"
            />
          )}
        </Summary>
        {(editable || draft.people.size > 0 || draft.shifts.size > 0) && (
          <Card size="small" type="inner" title={t('allocation.plan.excludedTitle')} data-testid="plan-exclusions">
            <Flex vertical gap={8}>
              {editable && <Typography.Text type="secondary">{t('allocation.plan.excludedHint')}</Typography.Text>}
              <ExcludedList
                label={t('allocation.plan.excludedPeople')}
                entries={[...draft.people].map(([id, name]) => ({ id, name }))}
                onPutBack={editable ? (id) => setDraft((d) => ({ ...d, people: new Map([...d.people].filter(([p]) => p !== id)) })) : undefined}
                testId="plan-excluded-person"
              />
              <ExcludedList
                label={t('allocation.plan.excludedShifts')}
                entries={[...draft.shifts].map(([id, name]) => ({ id, name }))}
                onPutBack={editable ? (id) => setDraft((d) => ({ ...d, shifts: new Map([...d.shifts].filter(([s]) => s !== id)) })) : undefined}
                testId="plan-excluded-shift"
              />
              {editable && (
                <div>
                  <Button icon={<RedoOutlined />} disabled={!changed} loading={propose.isPending} onClick={rerun} data-testid="plan-rerun">
                    {t('allocation.plan.rerun')}
                  </Button>
                </div>
              )}
            </Flex>
          </Card>
        )}
        {plan.communities.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('allocation.plan.noCommunities')} />
        ) : (
          <Flex vertical gap={8}>
            {plan.communities.map((c) => (
              <CommunityPanel
                key={c.communityId}
                community={c}
                editable={editable}
                excludedPeople={draft.people}
                excludedShifts={draft.shifts}
                onTogglePerson={togglePerson}
                onToggleShift={toggleShift}
              />
            ))}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

/** The plan's numbers; `children` (the expiry countdown) joins them at the end. */
function Summary({ plan, children }: { plan: PlanView; children?: ReactNode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const s = plan.summary;
  // With nothing to cover, every plan covers all there is.
  const coverage = s.coverageUpperBound > 0 ? s.coverage / s.coverageUpperBound : 1;
  return (
    <Flex wrap gap={32} align="flex-start" data-testid="plan-summary">
      <Statistic title={t('allocation.plan.gap')} value={s.gap} data-testid="plan-summary-gap" />
      <Statistic title={t('allocation.plan.planned')} value={s.planned} data-testid="plan-summary-planned" />
      <Statistic title={t('allocation.plan.remaining')} value={s.gap - s.planned} data-testid="plan-summary-remaining" />
      <Statistic
        title={<Tooltip title={t('allocation.plan.coverageHint')}>{t('allocation.plan.coverage')}</Tooltip>}
        value={(coverage * 100).toFixed(1)}
        suffix="%"
        data-testid="plan-summary-coverage"
      />
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">{t('allocation.plan.tiers')}</Typography.Text>
        <Flex wrap gap={4}>
          {travelTier.values.map((tier) => (
            <Tag key={tier}>{`${travelTier.label(tier, locale)} ${s.tiers[tier] ?? 0}`}</Tag>
          ))}
        </Flex>
      </Flex>
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">{`${t('allocation.plan.pool')} / ${t('allocation.plan.candidates')}`}</Typography.Text>
        <Typography.Text>{`${s.pool} / ${s.candidates}`}</Typography.Text>
      </Flex>
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">{t('allocation.plan.solveTime')}</Typography.Text>
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('allocation.plan.milliseconds', { ms: Math.round(s.milliseconds) })}</Typography.Text>
          {s.certified && (
            <Tooltip title={t(s.exact ? 'allocation.plan.certifiedHint' : 'allocation.plan.candidatesOptimalHint')}>
              <Tag color={s.exact ? 'success' : 'processing'} icon={<CheckCircleFilled />} data-testid="plan-certified">
                {t(s.exact ? 'allocation.plan.certified' : 'allocation.plan.candidatesOptimal')}
              </Tag>
            </Tooltip>
          )}
        </Flex>
      </Flex>
      {children}
    </Flex>
  );
}

function ExcludedList({
  label,
  entries,
  onPutBack,
  testId,
}: {
  label: string;
  entries: { id: number; name: string }[];
  onPutBack?: (id: number) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex wrap gap={4} align="center">
      <Typography.Text>{`${label}：`}</Typography.Text>
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('allocation.plan.noExclusions')}</Typography.Text>
      ) : (
        entries.map((e) => (
          <Tag key={e.id} closable={!!onPutBack} onClose={() => onPutBack?.(e.id)} data-testid={testId}>
            {e.name}
          </Tag>
        ))
      )}
    </Flex>
  );
}

function CommunityPanel({
  community: c,
  ...rest
}: {
  community: PlanCommunityView;
  editable: boolean;
  excludedPeople: ReadonlyMap<number, string>;
  excludedShifts: ReadonlyMap<number, string>;
  onTogglePerson: (item: PlanItemView) => void;
  onToggleShift: (shift: PlanShiftView) => void;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid="plan-community" data-community={c.communityName}>
      <Collapse
        size="small"
        defaultActiveKey={[c.communityId]}
        items={[
          {
            key: c.communityId,
            label: (
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong>{c.communityName}</Typography.Text>
                <Typography.Text type={c.planned < c.gap ? 'warning' : 'success'}>{t('allocation.plan.communityHead', { gap: c.gap, planned: c.planned })}</Typography.Text>
              </Flex>
            ),
            children: (
              <Flex vertical gap={12}>
                {c.shifts.map((s) => (
                  <ShiftBlock key={s.shiftId} shift={s} {...rest} />
                ))}
              </Flex>
            ),
          },
        ]}
      />
    </div>
  );
}

function ShiftBlock({
  shift: s,
  editable,
  excludedPeople,
  excludedShifts,
  onTogglePerson,
  onToggleShift,
}: {
  shift: PlanShiftView;
  editable: boolean;
  excludedPeople: ReadonlyMap<number, string>;
  excludedShifts: ReadonlyMap<number, string>;
  onTogglePerson: (item: PlanItemView) => void;
  onToggleShift: (shift: PlanShiftView) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const shiftExcluded = excludedShifts.has(s.shiftId);
  return (
    <Flex vertical gap={6} data-testid="plan-shift" data-shift={s.shiftId}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong delete={shiftExcluded}>
          {s.label}
        </Typography.Text>
        <Typography.Text type="secondary">{shiftWindow(s)}</Typography.Text>
        <Tag color={s.planned < s.gap ? 'warning' : 'success'}>{t('allocation.plan.shiftPlanned', { planned: s.planned, gap: s.gap })}</Tag>
        <PriorityTags reasons={s.priorityReasons} />
        {editable && (
          <Checkbox checked={shiftExcluded} onChange={() => onToggleShift(s)} data-testid="plan-exclude-shift">
            {t('allocation.plan.excludeShift')}
          </Checkbox>
        )}
      </Flex>
      {s.uncoveredReason && (
        <Typography.Text type="warning" data-testid="plan-uncovered">
          {uncoveredReason.label(s.uncoveredReason, locale)}
        </Typography.Text>
      )}
      {s.items.length === 0 ? (
        <Typography.Text type="secondary" style={{ paddingInlineStart: 16 }}>
          {t('allocation.plan.noItems')}
        </Typography.Text>
      ) : (
        <Flex vertical style={{ paddingInlineStart: 16 }}>
          {s.items.map((item) => {
            const excluded = excludedPeople.has(item.personId);
            return (
              <Flex
                key={item.personId}
                wrap
                gap={8}
                align="center"
                justify="space-between"
                style={{ padding: '4px 0', borderBottom: '1px dashed rgba(5, 5, 5, 0.06)' }}
                data-testid="plan-item"
                data-person={item.personName}
              >
                <Flex wrap gap={8} align="center">
                  {editable && (
                    <Checkbox checked={excluded} onChange={() => onTogglePerson(item)} data-testid="plan-exclude-person">
                      {t('allocation.plan.exclude')}
                    </Checkbox>
                  )}
                  <Typography.Text strong delete={excluded} data-testid="plan-item-person">
                    {item.personName}
                  </Typography.Text>
                  <Typography.Text type="secondary">{item.origin}</Typography.Text>
                  <SourceTag source={item.source} />
                  <TierTag tier={item.tier} />
                  {item.distanceKm !== null && <Typography.Text type="secondary">{t('allocation.plan.distance', { km: item.distanceKm.toFixed(1) })}</Typography.Text>}
                </Flex>
                {item.outcome && (
                  <Flex gap={4} align="center" wrap>
                    <OutcomeTag outcome={item.outcome} />
                    {item.outcomeNote && <Typography.Text type="secondary">{item.outcomeNote}</Typography.Text>}
                  </Flex>
                )}
              </Flex>
            );
          })}
        </Flex>
      )}
    </Flex>
  );
}
