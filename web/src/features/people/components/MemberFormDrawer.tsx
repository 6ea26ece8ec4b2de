import { useState } from 'react';
import { Alert, Checkbox, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  gender,
  idNumberProblem,
  partyMemberStatus,
  partyOrgTypes,
  skill,
  type Gender,
  type OrgNode,
  type PartyMemberStatus,
  type PersonView,
  type Skill,
} from '@meshwork/contracts';
import { blankToNull, changedFields, patternUnlessMasked } from '@/lib/forms';
import { useLocale } from '@/lib/locale';
import { showSuccess } from '@/lib/feedback';
import { FormDrawer } from '@/components/FormDrawer';
import { useCreateMember, useOrgChildren, useUpdatePerson } from '../api';

export type MemberFormTarget = { kind: 'create'; org: { id: number; name: string; type?: OrgNode['type'] } } | { kind: 'edit'; person: PersonView };

interface Values {
  name: string;
  idNumber?: string;
  phone?: string | null;
  gender?: Gender | null;
  branchId?: number | null;
  status?: PartyMemberStatus;
  volunteer?: boolean;
  skills?: Skill[];
  availability?: string | null;
}

const mobilePhone = /^1[3-9]\d{9}$/;
const isPartyOrg = (type: string | undefined) => !!type && (partyOrgTypes as readonly string[]).includes(type);

/** The ID number as the contracts' schema reads it: spaces dropped, a lower-case x accepted. */
const normalizeId = (value: string) => value.replace(/\s+/g, '').toUpperCase();

export function MemberFormDrawer({ target: opened, onClose }: { target: MemberFormTarget | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const create = useCreateMember();
  const update = useUpdatePerson();
  const [refusal, setRefusal] = useState<string>();
  // The last target stays on screen while the drawer slides out, so its title and fields do not change meanwhile.
  const [last, setLast] = useState(opened);
  if (opened && opened !== last) setLast(opened);
  const target = opened ?? last;
  const creating = target?.kind === 'create';
  const orgId = target?.kind === 'create' ? target.org.id : undefined;
  const children = useOrgChildren(orgId);
  const branchId = Form.useWatch('branchId', form);

  // The party branch: the org itself when it is a party organization, or a party organization directly under it.
  const branches =
    target?.kind === 'create'
      ? [
          ...(isPartyOrg(target.org.type) ? [{ value: target.org.id, label: target.org.name }] : []),
          ...(children.data ?? []).filter((o) => o.status === 'active' && isPartyOrg(o.type)).map((o) => ({ value: o.id, label: o.name })),
        ]
      : [];

  const close = () => {
    setRefusal(undefined);
    create.reset();
    update.reset();
    onClose();
  };

  const submit = async (values: Values) => {
    if (!opened) return;
    const target = opened;
    setRefusal(undefined);
    if (target.kind === 'create') {
      const result = await create.mutateAsync({
        orgId: target.org.id,
        name: values.name.trim(),
        idNumber: normalizeId(values.idNumber ?? ''),
        gender: values.gender ?? null,
        phone: blankToNull(values.phone),
        skills: values.skills ?? [],
        availability: blankToNull(values.availability),
        ...(values.branchId
          ? { party: { orgId: values.branchId, status: values.status ?? 'formal' } }
          : { workUnit: { orgId: target.org.id } }),
        volunteer: values.volunteer ?? false,
      });
      showSuccess(result.linked ? t('people.linked', { name: result.name }) : t('people.created', { name: result.name }));
    } else {
      const p = target.person;
      const before = { name: p.name, gender: p.gender, phone: p.phone, skills: p.skills.join(','), availability: p.availability };
      const after = {
        name: values.name.trim(),
        gender: values.gender ?? null,
        phone: blankToNull(values.phone),
        skills: (values.skills ?? []).join(','),
        availability: blankToNull(values.availability),
      };
      const { skills, ...changes } = changedFields(before, after);
      const body = { ...changes, ...(skills !== undefined ? { skills: values.skills ?? [] } : {}) };
      if (Object.keys(body).length > 0) await update.mutateAsync({ id: p.id, ...body });
      showSuccess(t('common.saved'));
    }
    close();
  };

  const initialValues: Partial<Values> | undefined =
    target?.kind === 'edit'
      ? {
          name: target.person.name,
          gender: target.person.gender,
          phone: target.person.phone,
          skills: target.person.skills,
          availability: target.person.availability,
        }
      : { status: 'formal', volunteer: false };

  return (
    <FormDrawer
      open={!!opened}
      title={creating ? t('people.create') : t('people.edit')}
      onClose={close}
      onSave={() => form.submit()}
      saving={create.isPending || update.isPending}
      saveTestId="member-form-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => submit(v).catch((error: unknown) => setRefusal(error instanceof Error ? error.message : String(error)))}
      >
        {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} data-testid="member-form-error" />}
        <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input maxLength={50} data-testid="member-form-name" />
        </Form.Item>
        {creating && (
          <Form.Item
            name="idNumber"
            label={t('people.idNumber')}
            extra={t('people.idNumberHint')}
            validateFirst
            rules={[
              { required: true, whitespace: true, message: t('people.idNumberRequired') },
              {
                validator: (_, value?: string) => {
                  const problem = value ? idNumberProblem(normalizeId(value)) : null;
                  return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                },
              },
            ]}
          >
            <Input maxLength={22} autoComplete="off" data-testid="member-form-id-number" />
          </Form.Item>
        )}
        <Form.Item name="phone" label={t('people.phone')} rules={[{ validator: patternUnlessMasked(mobilePhone, t('people.phoneInvalid')) }]}>
          <Input maxLength={11} inputMode="tel" data-testid="member-form-phone" />
        </Form.Item>
        <Form.Item name="gender" label={t('people.gender')}>
          <Select
            allowClear
            data-testid="member-form-gender"
            options={gender.values.map((g) => ({ value: g, label: gender.label(g, locale) }))}
          />
        </Form.Item>
        {creating && (
          <>
            <Form.Item name="branchId" label={t('people.branch')} extra={t('people.branchHint')}>
              <Select allowClear loading={children.isFetching} data-testid="member-form-branch" options={branches} />
            </Form.Item>
            <Form.Item name="status" label={t('people.status')} rules={[{ required: !!branchId, message: t('people.statusRequired') }]}>
              <Select
                disabled={!branchId}
                data-testid="member-form-status"
                options={partyMemberStatus.values.map((s) => ({ value: s, label: partyMemberStatus.label(s, locale) }))}
              />
            </Form.Item>
            <Form.Item name="volunteer" valuePropName="checked">
              <Checkbox data-testid="member-form-volunteer">{t('people.isVolunteer')}</Checkbox>
            </Form.Item>
          </>
        )}
        <Form.Item name="skills" label={t('people.skills')}>
          <Select
            mode="multiple"
            allowClear
            data-testid="member-form-skills"
            options={skill.values.map((s) => ({ value: s, label: skill.label(s, locale) }))}
          />
        </Form.Item>
        <Form.Item name="availability" label={t('people.availability')} rules={[{ max: 200 }]}>
          <Input maxLength={200} data-testid="member-form-availability" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
