import { DatePicker, Form, Input, InputNumber, Select, TimePicker, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { post, skill, type Post, type Skill } from '@meshwork/contracts';
import { FormDrawer } from '@/components/FormDrawer';
import { showSuccess } from '@/lib/feedback';
import { useLocale } from '@/lib/locale';
import { useCreateNeed, useSites } from '../api';
import { todayInChina } from '@/lib/china-time';

interface Values {
  post: Post;
  title?: string;
  siteId: number;
  headcount: number;
  requiredSkills?: Skill[];
  notes?: string;
  firstDate: Dayjs;
  days: number;
  start: Dayjs;
  end: Dayjs;
}

/** Posts a need with its repeating daily shifts in one go (e.g. 07:00–12:00 for 14 days). */
export function NeedFormDrawer({ region, open, onClose }: { region: { id: number; name: string }; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const sites = useSites(open ? region.id : undefined);
  const create = useCreateNeed();
  const picked = Form.useWatch('post', form);

  return (
    <FormDrawer open={open} title={`${t('duty.needs.create')} · ${region.name}`} onClose={onClose} onSave={() => form.submit()} saving={create.isPending} saveTestId="need-form-submit">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ headcount: 1, days: 1, firstDate: dayjs(todayInChina()).add(1, 'day'), requiredSkills: [] }}
        onFinish={(v) =>
          create.mutate(
            {
              regionId: region.id,
              siteId: v.siteId,
              post: v.post,
              title: v.title?.trim() || undefined,
              headcount: v.headcount,
              requiredSkills: v.requiredSkills ?? [],
              notes: v.notes?.trim() || undefined,
              schedule: { firstDate: v.firstDate.format('YYYY-MM-DD'), days: v.days, start: v.start.format('HH:mm'), end: v.end.format('HH:mm') },
            },
            {
              onSuccess: (need) => {
                showSuccess(t('duty.needs.created', { count: need.shifts.length }));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="post" label={t('duty.needs.post')} rules={[{ required: true }]}>
          <Select data-testid="need-form-post" options={post.values.map((p) => ({ value: p, label: post.label(p, locale) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('duty.needs.title')} extra={t('duty.needs.titleHint')} rules={[{ required: picked === 'other', message: t('duty.needs.titleRequired') }, { max: 100 }]}>
          <Input data-testid="need-form-title" />
        </Form.Item>
        <Form.Item name="siteId" label={t('duty.needs.site')} rules={[{ required: true, message: t('duty.needs.siteRequired') }]}>
          <Select
            data-testid="need-form-site"
            loading={sites.isFetching}
            options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.regionName === region.name ? s.name : `${s.name}（${s.regionName}）` }))}
            notFoundContent={t('duty.sites.empty')}
          />
        </Form.Item>
        <Form.Item name="headcount" label={t('duty.needs.headcount')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} data-testid="need-form-headcount" />
        </Form.Item>
        <Form.Item name="requiredSkills" label={t('duty.needs.skills')}>
          <Select mode="multiple" data-testid="need-form-skills" options={skill.values.map((s) => ({ value: s, label: skill.label(s, locale) }))} />
        </Form.Item>
        <Typography.Text type="secondary">{t('duty.needs.scheduleHint')}</Typography.Text>
        <Form.Item name="firstDate" label={t('duty.needs.firstDate')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} data-testid="need-form-first-date" />
        </Form.Item>
        <Form.Item name="days" label={t('duty.needs.days')} rules={[{ required: true }]}>
          <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} data-testid="need-form-days" />
        </Form.Item>
        <Form.Item name="start" label={t('duty.needs.start')} rules={[{ required: true }]}>
          <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} data-testid="need-form-start" />
        </Form.Item>
        <Form.Item name="end" label={t('duty.needs.end')} extra={t('duty.needs.overnight')} rules={[{ required: true }]}>
          <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} data-testid="need-form-end" />
        </Form.Item>
        <Form.Item name="notes" label={t('duty.needs.notes')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} data-testid="need-form-notes" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
