import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { role as roleLabels, scopeKindOf, type Role } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { OrgPicker, RegionPicker } from '@/components/pickers';
import { grantableRoles } from '../grants';

/**
 * A role and the node it applies to; the picker follows the role (region roles take a region
 * node, org roles an org node). Fields live under `prefix` in the surrounding form.
 */
export function GrantFields({ prefix = [], required }: { prefix?: string[]; required: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const form = Form.useFormInstance();
  const role = Form.useWatch<Role | undefined>([...prefix, 'role'], form);
  const kind = role ? scopeKindOf(role) : undefined;

  return (
    <>
      <Form.Item name={[...prefix, 'role']} label={t('grants.role')} rules={[{ required }]}>
        <Select
          allowClear={!required}
          placeholder={required ? undefined : t('grants.optional')}
          data-testid="grant-role"
          options={grantableRoles.map((r) => ({ value: r, label: roleLabels.label(r, locale) }))}
          onChange={() => form.setFieldValue([...prefix, 'scope'], null)}
        />
      </Form.Item>
      {kind && (
        <Form.Item
          name={[...prefix, 'scope']}
          label={kind === 'org' ? t('grants.orgScope') : t('grants.regionScope')}
          rules={[{ required: true, message: t('grants.scopeRequired') }]}
        >
          {kind === 'org' ? (
            <OrgPicker isAllowed={(hit) => hit.inScope && hit.status === 'active'} data-testid="grant-scope" />
          ) : (
            <RegionPicker isAllowed={(hit) => hit.inScope} data-testid="grant-scope" />
          )}
        </Form.Item>
      )}
    </>
  );
}
