import { useEffect, useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import antZhCN from 'antd/locale/zh_CN';
import antZhTW from 'antd/locale/zh_TW';
import antEnUS from 'antd/locale/en_US';
import type { Locale } from '@meshwork/contracts';
import { setFeedback } from '@/lib/feedback';
import { useLocale } from '@/lib/locale';
import { createQueryClient } from './query-client';
import './i18n';

const antLocales: Record<Locale, NonNullable<ConfigProviderProps['locale']>> = { 'zh-CN': antZhCN, 'zh-TW': antZhTW, en: antEnUS };

/** Hands antd's context-aware feedback API to code outside components. */
function FeedbackBridge() {
  const feedback = AntApp.useApp();
  useEffect(() => setFeedback(feedback), [feedback]);
  return null;
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const locale = useLocale();
  return (
    <ConfigProvider
      locale={antLocales[locale]}
      theme={{ token: { colorPrimary: '#c0392b', borderRadius: 6 } }}
      // "保 存" would read differently from the same word elsewhere, to people and to tests.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <FeedbackBridge />
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
