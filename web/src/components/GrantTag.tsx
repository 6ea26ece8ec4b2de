import { Tag, type TagProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { role, scopeKindOf, type GrantView } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';

const scopeColor = { platform: 'red', region: 'green', org: 'blue' } as const;

/** A grant as people say it: "角色 @ 范围". */
export function GrantTag({ grant, ...tag }: { grant: GrantView } & Omit<TagProps, 'color' | 'children'>) {
  const { t } = useTranslation();
  const locale = useLocale();
  const kind = scopeKindOf(grant.role);
  const scope = kind === 'platform' ? t('grants.platform') : (grant.regionName ?? grant.orgName ?? '');
  return (
    <Tag color={scopeColor[kind]} className="grant-tag" {...tag}>
      {role.label(grant.role, locale)} @ {scope}
    </Tag>
  );
}
