import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { householdOccupancy, regionLevel, type HouseholdOccupancy, type LocalLevel, type RegionNode } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { ignore, showSuccess } from '@/lib/feedback';
import { useCreateRegion, useUpdateRegion } from '../api';
import { localChildLevels } from '../levels';

/** Adding under a parent, or editing a node itself. */
export type RegionFormTarget = { kind: 'create'; parent: RegionNode } | { kind: 'edit'; node: RegionNode };

interface Values {
  level: LocalLevel;
  name: string;
  occupancy?: HouseholdOccupancy | null;
}

export function RegionFormModal({ target, onClose }: { target: RegionFormTarget | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const create = useCreateRegion();
  const update = useUpdateRegion();
  const level = Form.useWatch('level', form);

  const levels = target?.kind === 'create' ? localChildLevels(target.parent.level) : [];
  const isHousehold = target?.kind === 'edit' ? target.node.level === 'household' : level === 'household';

  const submit = async (values: Values) => {
    if (!target) return;
    if (target.kind === 'create') {
      await create.mutateAsync({
        parentId: target.parent.id,
        level: values.level,
        name: values.name,
        ...(values.level === 'household' && values.occupancy ? { occupancy: values.occupancy } : {}),
      });
      showSuccess(t('regions.created', { name: values.name }));
    } else {
      await update.mutateAsync({
        id: target.node.id,
        name: values.name,
        ...(target.node.level === 'household' ? { occupancy: values.occupancy ?? null } : {}),
      });
      showSuccess(t('common.saved'));
    }
    onClose();
  };

  return (
    <Modal
      open={!!target}
      title={target?.kind === 'create' ? t('regions.addChildTo', { name: target.parent.name }) : t('regions.edit')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      // The form is rebuilt on each opening, so it starts from the target's values.
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={target?.kind === 'create' ? { level: levels[0] } : { name: target?.node.name, occupancy: target?.node.occupancy }}
        onFinish={(v) => submit(v).catch(ignore)}
      >
        {target?.kind === 'create' && (
          <Form.Item name="level" label={t('regions.level')} rules={[{ required: true }]}>
            <Select
              data-testid="region-form-level"
              options={levels.map((l) => ({ value: l, label: regionLevel.label(l, locale) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('regions.name')} rules={[{ required: true, whitespace: true, max: 100 }]} extra={isHousehold ? t('regions.householdNameHint') : undefined}>
          <Input data-testid="region-form-name" maxLength={100} />
        </Form.Item>
        {isHousehold && (
          <Form.Item name="occupancy" label={t('regions.occupancy')}>
            <Select
              allowClear
              data-testid="region-form-occupancy"
              options={householdOccupancy.values.map((v) => ({ value: v, label: householdOccupancy.label(v, locale) }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
