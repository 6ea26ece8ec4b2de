import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { dutyRole, type DutyMember, type DutyRole } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { showSuccess } from '@/lib/feedback';
import { useAssignDutyRole } from '../api';
import { AssignDrawer } from './AssignDrawer';

/** Gives a member a duty role they do not hold yet. */
export function DutyRoleDrawer({ member, onClose }: { member: DutyMember | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<{ role: DutyRole }>();
  const assign = useAssignDutyRole();
  const held = new Set(member?.dutyRoles.map((r) => r.role));

  return (
    <AssignDrawer
      open={!!member}
      title={t('responsibilities.assignRoleTo', { name: member?.name ?? '' })}
      form={form}
      saving={assign.isPending}
      saveTestId="resp-role-submit"
      onClose={onClose}
      onSubmit={async ({ role }) => {
        if (!member) return;
        await assign.mutateAsync({ enrolmentId: member.enrolmentId, role });
        showSuccess(t('responsibilities.roleAssigned', { role: dutyRole.label(role, locale) }));
      }}
    >
      <Form.Item name="role" label={t('responsibilities.role')} rules={[{ required: true, message: t('responsibilities.roleRequired') }]}>
        <Select
          data-testid="resp-role-select"
          options={dutyRole.values.map((v) => ({ value: v, label: dutyRole.label(v, locale), disabled: held.has(v) }))}
        />
      </Form.Item>
    </AssignDrawer>
  );
}
