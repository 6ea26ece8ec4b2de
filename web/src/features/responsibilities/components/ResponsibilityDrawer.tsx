import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Form, Input, Radio, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  regionLevel,
  responsibilityKind,
  responsibilityLevels,
  type DutyMember,
  type RegionLevel,
  type RegionNode,
  type ResponsibilityKind,
} from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { showSuccess } from '@/lib/feedback';
import { dutyKeys, fetchRegionChildren, useAssignResponsibility } from '../api';
import { AssignDrawer } from './AssignDrawer';

interface Values {
  kind: ResponsibilityKind;
  regionId: number;
  note?: string;
}

/** A node of the picker's tree: antd's simple mode links nodes by `pId`. */
interface PlaceNode {
  id: number;
  pId: number;
  value: number;
  title: string;
  level: RegionLevel;
  isLeaf: boolean;
}

/** Makes a member answer for a grid or building (zone) or a household (care) of their community. */
export function ResponsibilityDrawer({
  member,
  community,
  onClose,
}: {
  member: DutyMember | undefined;
  community: { id: number; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const assign = useAssignResponsibility();
  // Nodes below the grids, as the user opens them (the page keys this drawer by community).
  const [loaded, setLoaded] = useState<PlaceNode[]>([]);
  const kind = Form.useWatch('kind', form) ?? 'zone';
  const levels: readonly RegionLevel[] = responsibilityLevels[kind];

  const toNodes = (parentId: number, children: RegionNode[]): PlaceNode[] =>
    children.map((c) => ({
      id: c.id,
      pId: parentId,
      value: c.id,
      title: `${c.name}（${regionLevel.label(c.level, locale)}）`,
      level: c.level,
      isLeaf: c.childCount === 0,
    }));

  // The tree starts at the community's grids, so that nothing outside it can be picked.
  const grids = useQuery({
    queryKey: dutyKeys.regionChildren(community.id),
    queryFn: () => fetchRegionChildren(community.id),
    enabled: !!member,
  });
  const tree = [...toNodes(community.id, grids.data?.items ?? []), ...loaded];

  return (
    <AssignDrawer<Values>
      open={!!member}
      title={t('responsibilities.assignPlaceTo', { name: member?.name ?? '' })}
      form={form}
      saving={assign.isPending}
      saveTestId="resp-place-submit"
      initialValues={{ kind: 'zone' }}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!member) return;
        const picked = tree.find((n) => n.id === values.regionId);
        await assign.mutateAsync({ enrolmentId: member.enrolmentId, kind: values.kind, regionId: values.regionId, note: values.note?.trim() || undefined });
        showSuccess(t('responsibilities.placeAssigned', { place: picked?.title ?? '' }));
      }}
    >
      <Form.Item name="kind" label={t('responsibilities.kind')}>
        <Radio.Group
          data-testid="resp-place-kind"
          optionType="button"
          options={responsibilityKind.values.map((v) => ({ value: v, label: responsibilityKind.label(v, locale) }))}
          onChange={() => form.setFieldValue('regionId', undefined)}
        />
      </Form.Item>
      <Form.Item
        name="regionId"
        label={t('responsibilities.place')}
        extra={kind === 'zone' ? t('responsibilities.zoneHint') : t('responsibilities.careHint')}
        rules={[{ required: true, message: t('responsibilities.placeRequired') }]}
      >
        <TreeSelect
          data-testid="resp-place-region"
          treeDataSimpleMode
          treeData={tree.map((n) => ({ ...n, selectable: levels.includes(n.level) }))}
          loadData={async ({ value }) => {
            const id = Number(value);
            if (tree.some((n) => n.pId === id)) return;
            const page = await fetchRegionChildren(id);
            setLoaded((all) => [...all, ...toNodes(id, page.items)]);
          }}
          placeholder={community.name}
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Form.Item name="note" label={t('responsibilities.note')}>
        <Input maxLength={200} data-testid="resp-place-note" />
      </Form.Item>
    </AssignDrawer>
  );
}
