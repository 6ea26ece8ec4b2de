import { useState } from 'react';
import { Alert, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { teamKind, type TeamKind, type TeamView } from '@meshwork/contracts';
import { blankToNull, changedFields } from '@/lib/forms';
import { useLocale } from '@/lib/locale';
import { showSuccess } from '@/lib/feedback';
import { FormDrawer } from '@/components/FormDrawer';
import { useCreateTeam, useUpdateTeam } from '../api';
import type { TeamOwner } from '../owners';

export type TeamFormTarget = { kind: 'create'; owners: TeamOwner[] } | { kind: 'edit'; team: TeamView };

interface Values {
  owner?: string;
  kind: TeamKind;
  name: string;
  note?: string | null;
}

export function TeamFormDrawer({ target: opened, onClose }: { target: TeamFormTarget | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const [refusal, setRefusal] = useState<string>();
  // The last target stays on screen while the drawer slides out.
  const [last, setLast] = useState(opened);
  if (opened && opened !== last) setLast(opened);
  const target = opened ?? last;

  const close = () => {
    setRefusal(undefined);
    onClose();
  };

  const submit = async (values: Values) => {
    if (!opened) return;
    setRefusal(undefined);
    if (opened.kind === 'create') {
      const owner = opened.owners.find((o) => o.key === values.owner)!;
      const team = await create.mutateAsync({
        kind: values.kind,
        name: values.name.trim(),
        note: blankToNull(values.note),
        ...(owner.ownerOrgId !== undefined ? { ownerOrgId: owner.ownerOrgId } : { ownerRegionId: owner.ownerRegionId! }),
      });
      showSuccess(t('teams.created', { name: team.name }));
    } else {
      const { team } = opened;
      const body = changedFields({ kind: team.kind, name: team.name, note: team.note }, { kind: values.kind, name: values.name.trim(), note: blankToNull(values.note) });
      if (Object.keys(body).length > 0) await update.mutateAsync({ id: team.id, ...body });
      showSuccess(t('common.saved'));
    }
    close();
  };

  const initialValues: Partial<Values> =
    target?.kind === 'edit'
      ? { kind: target.team.kind, name: target.team.name, note: target.team.note }
      : { kind: 'commando', owner: target?.owners[0]?.key };

  return (
    <FormDrawer
      open={!!opened}
      title={target?.kind === 'edit' ? t('teams.edit') : t('teams.create')}
      onClose={close}
      onSave={() => form.submit()}
      saving={create.isPending || update.isPending}
      saveTestId="team-form-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => submit(v).catch((error: unknown) => setRefusal(error instanceof Error ? error.message : String(error)))}
      >
        {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} data-testid="team-form-error" />}
        {target?.kind === 'create' && (
          <Form.Item name="owner" label={t('teams.owner')} rules={[{ required: true, message: t('teams.ownerRequired') }]}>
            <Select data-testid="team-form-owner" options={target.owners.map((o) => ({ value: o.key, label: o.name }))} />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('teams.kind')} rules={[{ required: true }]}>
          <Select data-testid="team-form-kind" options={teamKind.values.map((v) => ({ value: v, label: teamKind.label(v, locale) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} data-testid="team-form-name" />
        </Form.Item>
        <Form.Item name="note" label={t('teams.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="team-form-note" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
