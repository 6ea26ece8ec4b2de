import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgType, type CreateOrgRequest, type OrgNode, type OrgType } from '@meshwork/contracts';
import { blankToNull, changedFields, patternUnlessMasked } from '@/lib/forms';
import { useLocale } from '@/lib/locale';
import { ignore, showSuccess } from '@/lib/feedback';
import { FormDrawer } from '@/components/FormDrawer';
import { OrgPicker, RegionPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { useCreateOrg, useUpdateOrg } from '../api';

/** A new org under a parent (or at the top, parent null), or an existing one to edit. */
export type OrgFormTarget = { kind: 'create'; parent: OrgNode | null } | { kind: 'edit'; node: OrgNode };

interface Values {
  type: OrgType;
  name: string;
  code?: string;
  region?: PickedValue | null;
  supervisingOrg?: PickedValue | null;
  contactName?: string;
  contactPhone?: string;
}

type Fields = Omit<CreateOrgRequest, 'parentId'>;

function toFields(v: Values): Fields {
  return {
    type: v.type,
    name: v.name.trim(),
    code: blankToNull(v.code),
    regionId: v.region?.value ?? null,
    supervisingOrgId: v.supervisingOrg?.value ?? null,
    contactName: blankToNull(v.contactName),
    contactPhone: blankToNull(v.contactPhone),
  };
}

function toValues(node: OrgNode): Values {
  return {
    type: node.type,
    name: node.name,
    code: node.code ?? undefined,
    region: node.regionId ? { value: node.regionId, label: node.regionName ?? String(node.regionId) } : null,
    supervisingOrg: node.supervisingOrgId ? { value: node.supervisingOrgId, label: node.supervisingOrgName ?? String(node.supervisingOrgId) } : null,
    contactName: node.contactName ?? undefined,
    contactPhone: node.contactPhone ?? undefined,
  };
}

export function OrgFormDrawer({ target, onClose }: { target: OrgFormTarget | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrg();
  const update = useUpdateOrg();

  const submit = async (values: Values) => {
    if (!target) return;
    if (target.kind === 'create') {
      await create.mutateAsync({ parentId: target.parent?.id ?? null, ...toFields(values) });
      showSuccess(t('orgs.created', { name: values.name }));
    } else {
      // Only what changed: the phone may have come masked (see lib/forms).
      const changes = changedFields(toFields(toValues(target.node)), toFields(values));
      if (Object.keys(changes).length > 0) await update.mutateAsync({ id: target.node.id, ...changes });
      showSuccess(t('common.saved'));
    }
    onClose();
  };

  const title =
    target?.kind === 'edit'
      ? t('orgs.edit')
      : target?.parent
        ? t('orgs.addChildTo', { name: target.parent.name })
        : t('orgs.addRoot');

  return (
    <FormDrawer
      open={!!target}
      title={title}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={create.isPending || update.isPending}
      saveTestId="org-form-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={target?.kind === 'edit' ? toValues(target.node) : undefined}
        onFinish={(v) => submit(v).catch(ignore)}
      >
        <Form.Item name="type" label={t('orgs.type')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="org-form-type"
            options={orgType.values.map((v) => ({ value: v, label: orgType.label(v, locale) }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('orgs.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} data-testid="org-form-name" />
        </Form.Item>
        <Form.Item name="code" label={t('orgs.code')} rules={[{ pattern: /^[0-9A-Za-z_-]{1,40}$/, message: t('orgs.codeInvalid') }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="region" label={t('orgs.region')} extra={t('orgs.regionHint')}>
          <RegionPicker source="divisions" data-testid="org-form-region" />
        </Form.Item>
        <Form.Item name="supervisingOrg" label={t('orgs.supervisingOrg')}>
          <OrgPicker data-testid="org-form-supervising" />
        </Form.Item>
        <Form.Item name="contactName" label={t('orgs.contactName')} rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('orgs.contactPhone')} rules={[{ validator: patternUnlessMasked(/^[0-9+\- ]{5,20}$/, t('orgs.phoneInvalid')) }]}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
