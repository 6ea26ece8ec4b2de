import { useState } from 'react';
import { Alert, Form, Input, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgType, temporaryBranchAreaLevels, temporaryBranchPurpose, type TemporaryBranchPurpose } from '@meshwork/contracts';
import { FormDrawer } from '@/components/FormDrawer';
import { RegionPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { showSuccess } from '@/lib/feedback';
import { useLocale } from '@/lib/locale';
import { useBranchParents, useSetUpBranch } from '../api';

interface Values {
  name: string;
  purpose: TemporaryBranchPurpose;
  region?: PickedValue | null;
  task?: string;
  parentOrgId?: number;
}

/** Sets a branch up: what for, where, under which party org of the user's area. */
export function SetUpBranchDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const setUp = useSetUpBranch();
  const parents = useBranchParents(open);
  const [refusal, setRefusal] = useState<string>();
  const purpose = Form.useWatch('purpose', form) ?? 'sealed_area';

  const close = () => {
    setRefusal(undefined);
    setUp.reset();
    onClose();
  };

  const submit = async (values: Values) => {
    setRefusal(undefined);
    const task = values.task?.trim();
    const branch = await setUp.mutateAsync({
      name: values.name.trim(),
      purpose: values.purpose,
      regionId: values.region!.value,
      parentOrgId: values.parentOrgId!,
      ...(task ? { task } : {}),
    });
    showSuccess(t('temporaryBranches.created', { name: branch.name }));
    close();
    onCreated(branch.id);
  };

  return (
    <FormDrawer open={open} title={t('temporaryBranches.create')} onClose={close} onSave={() => form.submit()} saving={setUp.isPending} saveTestId="tb-form-submit">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ purpose: 'sealed_area' }}
        onFinish={(v) => submit(v).catch((error: unknown) => setRefusal(error instanceof Error ? error.message : String(error)))}
      >
        {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} data-testid="tb-form-error" />}
        <Form.Item name="purpose" label={t('temporaryBranches.purpose')} rules={[{ required: true }]}>
          <Select
            data-testid="tb-form-purpose"
            options={temporaryBranchPurpose.values.map((p) => ({ value: p, label: temporaryBranchPurpose.label(p, locale) }))}
            onChange={() => form.setFieldValue('region', null)}
          />
        </Form.Item>
        <Form.Item name="name" label={t('temporaryBranches.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} data-testid="tb-form-name" />
        </Form.Item>
        <Form.Item name="region" label={t('temporaryBranches.area')} rules={[{ required: true }]}>
          <RegionPicker
            data-testid="tb-form-region"
            placeholder={t('temporaryBranches.areaHint')}
            isAllowed={(hit) => hit.inScope && temporaryBranchAreaLevels[purpose].includes(hit.level)}
          />
        </Form.Item>
        {purpose !== 'sealed_area' && (
          <Form.Item
            name="task"
            label={purpose === 'quarantine_site' ? t('temporaryBranches.siteName') : t('temporaryBranches.taskText')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input maxLength={200} data-testid="tb-form-task" />
          </Form.Item>
        )}
        <Form.Item name="parentOrgId" label={t('temporaryBranches.parent')} extra={t('temporaryBranches.parentHint')} rules={[{ required: true }]}>
          <Select
            data-testid="tb-form-parent"
            loading={parents.isFetching}
            showSearch={{ optionFilterProp: 'title' }}
            options={(parents.data ?? []).map((p) => ({
              value: p.id,
              title: p.name,
              label: (
                <span>
                  {p.name} <Tag variant="filled">{orgType.label(p.type, locale)}</Tag>
                  <Typography.Text type="secondary">{p.regionName}</Typography.Text>
                </span>
              ),
            }))}
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
