import { useState } from 'react';
import { Alert, Descriptions, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { pairingPlaceLevels, pairingUnitTypes, teamKind, type OrgType, type PairingView, type RegionLevel } from '@meshwork/contracts';
import { blankToNull, changedFields } from '@/lib/forms';
import { useLocale } from '@/lib/locale';
import { showSuccess } from '@/lib/feedback';
import { FormDrawer } from '@/components/FormDrawer';
import { OrgPicker, RegionPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { useCreatePairing, useOrgRoots, useUnitTeams, useUpdatePairing } from '../api';

export type PairingFormTarget = { kind: 'create' } | { kind: 'edit'; pairing: PairingView };

interface Values {
  unit?: PickedValue | null;
  place?: PickedValue | null;
  liaisonName: string;
  liaisonPhone: string;
  offerPeople?: number | null;
  offerFunds?: number | null;
  offerMaterials?: string | null;
  teamIds?: number[];
  note?: string | null;
}

const mobilePhone = /^1[3-9]\d{9}$/;
const pairs = (type: OrgType) => (pairingUnitTypes as readonly OrgType[]).includes(type);

export function PairingFormDrawer({ target: opened, onClose }: { target: PairingFormTarget | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const create = useCreatePairing();
  const update = useUpdatePairing();
  const roots = useOrgRoots();
  const [refusal, setRefusal] = useState<string>();
  // The last target stays on screen while the drawer slides out.
  const [last, setLast] = useState(opened);
  if (opened && opened !== last) setLast(opened);
  const target = opened ?? last;
  const editing = target?.kind === 'edit' ? target.pairing : undefined;

  const pickedUnit = Form.useWatch('unit', form);
  const unitId = editing?.unitId ?? pickedUnit?.value;
  const teams = useUnitTeams(unitId);
  // Teams offered before stay listed even if dissolved since, so that an edit can keep them.
  const teamOptions = [
    ...(editing?.teams.filter((x) => !teams.data?.items.some((a) => a.id === x.id)) ?? []),
    ...(teams.data?.items ?? []),
  ].map((x) => ({ value: x.id, label: `${x.name}（${teamKind.label(x.kind, locale)}，${x.memberCount}）` }));

  const defaultUnit = roots.data?.find((r) => r.status === 'active' && pairs(r.type));

  const close = () => {
    setRefusal(undefined);
    onClose();
  };

  const submit = async (values: Values) => {
    if (!opened) return;
    setRefusal(undefined);
    const offer = {
      liaisonName: values.liaisonName.trim(),
      liaisonPhone: values.liaisonPhone.trim(),
      offerPeople: values.offerPeople ?? 0,
      offerFunds: values.offerFunds ?? 0,
      offerMaterials: blankToNull(values.offerMaterials),
      note: blankToNull(values.note),
    };
    const teamIds = values.teamIds ?? [];
    if (opened.kind === 'create') {
      const p = await create.mutateAsync({ unitId: values.unit!.value, regionId: values.place!.value, ...offer, teamIds });
      showSuccess(t('pairing.created', { name: p.regionName }));
    } else {
      const p = opened.pairing;
      const before = { liaisonName: p.liaisonName, liaisonPhone: p.liaisonPhone, offerPeople: p.offerPeople, offerFunds: p.offerFunds, offerMaterials: p.offerMaterials, note: p.note };
      const changes = changedFields(before, offer);
      const sameTeams = teamIds.length === p.teams.length && teamIds.every((id) => p.teams.some((x) => x.id === id));
      const body = { ...changes, ...(sameTeams ? {} : { teamIds }) };
      if (Object.keys(body).length > 0) await update.mutateAsync({ id: p.id, ...body });
      showSuccess(t('common.saved'));
    }
    close();
  };

  const initialValues: Partial<Values> = editing
    ? {
        liaisonName: editing.liaisonName,
        liaisonPhone: editing.liaisonPhone,
        offerPeople: editing.offerPeople,
        offerFunds: editing.offerFunds,
        offerMaterials: editing.offerMaterials,
        teamIds: editing.teams.map((x) => x.id),
        note: editing.note,
      }
    : { unit: defaultUnit ? { value: defaultUnit.id, label: defaultUnit.name } : null, offerPeople: 0, offerFunds: 0, teamIds: [] };

  return (
    <FormDrawer
      open={!!opened}
      title={editing ? t('pairing.edit') : t('pairing.create')}
      onClose={close}
      onSave={() => form.submit()}
      saving={create.isPending || update.isPending}
      saveTestId="pairing-form-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={(changed: Partial<Values>) => {
          // Another unit offers other teams.
          if ('unit' in changed) form.setFieldValue('teamIds', []);
        }}
        onFinish={(v) => submit(v).catch((error: unknown) => setRefusal(error instanceof Error ? error.message : String(error)))}
      >
        {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} data-testid="pairing-form-error" />}
        {editing ? (
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'unit', label: t('pairing.unit'), children: editing.unitName },
              { key: 'place', label: t('pairing.place'), children: editing.regionName },
            ]}
          />
        ) : (
          <>
            <Form.Item name="unit" label={t('pairing.unit')} rules={[{ required: true, message: t('pairing.unitRequired') }]}>
              <OrgPicker
                data-testid="pairing-form-unit"
                placeholder={t('pairing.unitHint')}
                isAllowed={(hit) => hit.inScope && hit.status === 'active' && pairs(hit.type)}
              />
            </Form.Item>
            <Form.Item name="place" label={t('pairing.place')} rules={[{ required: true, message: t('pairing.placeRequired') }]}>
              <RegionPicker
                source="divisions"
                data-testid="pairing-form-place"
                placeholder={t('pairing.placeHint')}
                isAllowed={(hit) => (pairingPlaceLevels as readonly RegionLevel[]).includes(hit.level)}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="liaisonName" label={t('pairing.liaisonName')} rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input maxLength={50} data-testid="pairing-form-liaison-name" />
        </Form.Item>
        <Form.Item name="liaisonPhone" label={t('pairing.liaisonPhone')} rules={[{ required: true }, { pattern: mobilePhone, message: t('pairing.phoneInvalid') }]}>
          <Input maxLength={11} inputMode="tel" data-testid="pairing-form-liaison-phone" />
        </Form.Item>
        <Form.Item name="offerPeople" label={t('pairing.offerPeople')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} data-testid="pairing-form-people" />
        </Form.Item>
        <Form.Item name="offerFunds" label={t('pairing.offerFunds')}>
          <InputNumber min={0} max={999999999999.99} precision={2} style={{ width: '100%' }} data-testid="pairing-form-funds" />
        </Form.Item>
        <Form.Item name="offerMaterials" label={t('pairing.offerMaterials')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('pairing.offerMaterialsHint')} data-testid="pairing-form-materials" />
        </Form.Item>
        <Form.Item name="teamIds" label={t('pairing.teams')} extra={t('pairing.teamsHint')}>
          <Select mode="multiple" loading={teams.isFetching} options={teamOptions} disabled={unitId === undefined} data-testid="pairing-form-teams" />
        </Form.Item>
        <Form.Item name="note" label={t('pairing.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="pairing-form-note" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
