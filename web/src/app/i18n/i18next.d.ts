import 'i18next';
import type { zhCN } from './zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    // zh-CN is the source of every key; the other locales are checked against its shape.
    resources: { translation: typeof zhCN };
  }
}
