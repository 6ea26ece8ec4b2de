import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';

/** Each language is named in itself, so that a reader of any of them can find their own. */
const languageNames: Record<Locale, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { i18n, t } = useTranslation();
  const locale = useLocale();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: Object.entries(languageNames).map(([key, label]) => ({ key, label: <span data-testid={`lang-${key}`}>{label}</span> })),
        onClick: ({ key }) => void i18n.changeLanguage(key),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('header.language')} data-testid="lang-switch">
        {!compact && languageNames[locale]}
      </Button>
    </Dropdown>
  );
}
