import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../server/src/config.js';
import { startMeshwork, type Running } from '../server/src/main.js';

export const DEMO_PASSWORD = 'Demo@2026';

export interface E2E {
  url: string;
  running: Running;
  browser: Browser;
  /** A fresh browser context (own cookies); `phone` gives a 390×844 touch screen. */
  newPage(options?: { phone?: boolean }): Promise<Page>;
}

/**
 * The real thing for a spec file: Meshwork serving the built web app with the demo dataset on
 * an in-memory PGlite, and Debian's Chromium driven by playwright-core.
 */
export function useMeshwork(): E2E {
  const e2e = {} as E2E;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const config = {
      ...loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv),
      databaseUrl: undefined,
      demo: true,
      port: 0,
      host: '127.0.0.1',
    };
    e2e.running = await startMeshwork(config, { inMemory: true });
    e2e.url = e2e.running.url;
    e2e.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    e2e.newPage = async (options = {}) => {
      const context = await e2e.browser.newContext({
        baseURL: e2e.url,
        locale: 'zh-CN',
        acceptDownloads: true,
        ...(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1366, height: 900 } }),
      });
      contexts.push(context);
      return context.newPage();
    };
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await e2e.browser?.close();
    await e2e.running?.close();
  });
  return e2e;
}

/** Signs in through the login page; `password` defaults to the demo accounts' one. */
export async function signInAs(page: Page, username: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** GB 11643: the first 17 digits and their ISO 7064 MOD 11-2 check character, computed here independently of the app. */
export function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
