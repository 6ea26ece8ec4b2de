import { Alert, Button, Card, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { post, skill, type DayPeriod, type EnrolRequest, type OrgName, type Post, type Skill } from '@meshwork/contracts';
import { RemoteSearchSelect, type PickedValue } from '@/components/RemoteSearchSelect';
import { showSuccess } from '@/lib/feedback';
import { blankToNull } from '@/lib/forms';
import { useLocale } from '@/lib/locale';
import { searchOrgNames, useEnrol } from '../api';
import { AvailabilityFields } from './AvailabilityFields';
import { PlacePicker, placeOf, type PickedPlace } from './PlacePicker';

interface Values {
  place: PickedPlace[];
  org: PickedValue | null;
  skills: Skill[];
  availability?: string;
  availableDays: number[];
  availablePeriods: DayPeriod[];
  preferredPosts: Post[];
  note?: string;
}

export interface EnrolDefaults {
  place: PickedPlace[];
  org: OrgName | null;
  invitation?: string;
}

/** The member's enrolment at the community where they live; mobile-first, one column. */
export function EnrolForm({ defaults }: { defaults: EnrolDefaults }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const enrol = useEnrol();

  const submit = (values: Values) => {
    const { communityId, homeId } = placeOf(values.place);
    if (!communityId) return;
    const body: EnrolRequest = {
      communityId,
      homeId,
      orgId: values.org?.value ?? null,
      skills: values.skills,
      availability: blankToNull(values.availability),
      availableDays: values.availableDays,
      availablePeriods: values.availablePeriods,
      preferredPosts: values.preferredPosts,
      note: blankToNull(values.note),
      ...(defaults.invitation ? { invitation: defaults.invitation } : {}),
    };
    enrol.mutate(body, { onSuccess: () => showSuccess(t('enrolment.form.submitted')) });
  };

  return (
    <Card size="small" title={t('enrolment.form.title')} data-testid="enrol-form">
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          place: defaults.place,
          org: defaults.org ? { value: defaults.org.id, label: defaults.org.name } : null,
          skills: [],
          availableDays: [],
          availablePeriods: [],
          preferredPosts: [],
        }}
        onFinish={submit}
      >
        <Form.Item
          name="place"
          label={t('enrolment.form.place')}
          rules={[{ validator: (_, chain: PickedPlace[] = []) => (placeOf(chain).communityId ? Promise.resolve() : Promise.reject(new Error(t('enrolment.form.placeRequired')))) }]}
        >
          <PlacePicker />
        </Form.Item>
        <Form.Item name="org" label={t('enrolment.form.org')}>
          <RemoteSearchSelect<OrgName>
            data-testid="enrol-org"
            queryKey={['enrolment', 'org-names']}
            search={searchOrgNames}
            renderOption={(o) => o.name}
            describe={(o) => o.name}
            placeholder={t('enrolment.form.orgHint')}
          />
        </Form.Item>
        <Form.Item name="skills" label={t('enrolment.form.skills')}>
          <Select mode="multiple" data-testid="enrol-skills" options={skill.values.map((v) => ({ value: v, label: skill.label(v, locale) }))} />
        </Form.Item>
        <Form.Item name="preferredPosts" label={t('enrolment.form.posts')}>
          <Select mode="multiple" data-testid="enrol-posts" options={post.values.map((v) => ({ value: v, label: post.label(v, locale) }))} />
        </Form.Item>
        <AvailabilityFields />
        <Form.Item name="availability" label={t('enrolment.form.availability')}>
          <Input maxLength={200} placeholder={t('enrolment.form.availabilityHint')} data-testid="enrol-availability" />
        </Form.Item>
        <Form.Item name="note" label={t('enrolment.form.note')}>
          <Input.TextArea maxLength={500} rows={2} data-testid="enrol-note" />
        </Form.Item>
        {enrol.isError && <Alert type="error" showIcon title={enrol.error.message} style={{ marginBottom: 16 }} data-testid="enrol-error" />}
        <Button type="primary" htmlType="submit" block size="large" loading={enrol.isPending} data-testid="enrol-submit">
          {t('enrolment.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}
