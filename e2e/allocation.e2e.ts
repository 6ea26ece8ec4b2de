import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAs, useMeshwork } from './harness.js';

const eventually = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

const rows = (table: Locator) => table.locator('tbody tr.ant-table-row');

/** A number box's own input, whether its test id sits on the input or on the box around it. */
const numberInput = (root: Page | Locator, testId: string) => root.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`);

/** The plan's number, from its card's title (`方案 #12`). */
async function planId(page: Page): Promise<number> {
  const title = (await page.getByTestId('plan-title').textContent()) ?? '';
  return Number(/#(\d+)/.exec(title)?.[1]);
}

interface PlanItem {
  shiftId: number;
  personId: number;
  personName: string;
  outcome: 'assigned' | 'skipped' | null;
}

describe('allocation: the street plans a deployment across its communities, re-runs it without one person and publishes it', () => {
  const e2e = useMeshwork();

  it('runs from the gaps and the pool to the published plan and the members’ shifts', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'street');
    await page.getByTestId('nav-allocation').click();
    await page.waitForURL('**/allocation');
    await eventually(() => page.getByTestId('allocation-region').textContent()).toContain('南岭街道');

    // The demo's gaps tomorrow at 华阳社区 and 恒安社区, highest priority first, and the people who could fill them.
    const gaps = page.getByTestId('gap-table');
    await eventually(() => rows(gaps).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('gap-summary').textContent()).toMatch(/缺 [1-9]\d* 人次/);
    await page.getByTestId('allocation-tab-pool').click();
    const pool = page.getByTestId('pool-table');
    await eventually(() => rows(pool).count()).toBeGreaterThan(0);
    expect(await rows(pool).first().textContent()).toMatch(/\d{3}\*{4}\d{4}/);

    // A plan with the defaults: one panel per community with people in it, and the summary.
    await page.getByTestId('allocation-tab-plan').click();
    await page.getByTestId('plan-propose').click();
    await eventually(() => page.getByTestId('plan-status').textContent()).toBe('待发布');
    const first = await planId(page);
    const communities = page.getByTestId('plan-community');
    await eventually(async () => (await communities.allTextContents()).join()).toContain('华阳社区');
    expect((await communities.allTextContents()).join()).toContain('恒安社区');
    const summary = (await page.getByTestId('plan-summary').textContent())!;
    expect(summary).toContain('拟派');
    expect(summary).toContain('%');
    expect(Number(await page.getByTestId('plan-summary-planned').locator('.ant-statistic-content-value').textContent())).toBeGreaterThan(0);
    await page.getByTestId('plan-expiry').waitFor();

    // One planned person is left out and the plan re-run: they are gone from the new plan, still listed as excluded.
    const items = page.getByTestId('plan-item');
    expect(await items.count()).toBeGreaterThan(0);
    const excluded = (await items.first().getAttribute('data-person'))!;
    await items.first().getByTestId('plan-exclude-person').click();
    expect(await page.getByTestId('plan-excluded-person').allTextContents()).toEqual([excluded]);
    await page.getByTestId('plan-rerun').click();
    await eventually(() => planId(page)).not.toBe(first);
    const second = await planId(page);
    await eventually(() => page.getByTestId('plan-status').textContent()).toBe('待发布');
    expect(await page.locator(`[data-testid="plan-item"][data-person="${excluded}"]`).count()).toBe(0);
    expect(await page.getByTestId('plan-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-excluded-person').allTextContents()).toEqual([excluded]);

    // The history shows the first plan superseded by the second.
    await page.getByTestId('allocation-tab-history').click();
    const history = page.getByTestId('plan-history');
    await eventually(() => rows(history).filter({ hasText: `#${first}` }).textContent()).toContain('已重新计算');
    expect(await rows(history).filter({ hasText: `#${second}` }).textContent()).toContain('待发布');

    // Publishing (after saying what it does) assigns the planned people.
    await page.getByTestId('allocation-tab-plan').click();
    await page.getByTestId('plan-publish').click();
    const confirm = page.locator('.ant-popconfirm:visible');
    expect(await confirm.textContent()).toContain('通知');
    await confirm.getByRole('button', { name: /发\s*布/ }).click();
    await eventually(() => page.getByTestId('plan-status').textContent()).toBe('已发布');
    await eventually(() => page.getByTestId('plan-item-outcome').first().textContent()).toBe('已派遣');
    // Published plans are read-only: nothing left to exclude, re-run or publish.
    expect(await page.getByTestId('plan-exclude-person').count()).toBe(0);
    expect(await page.getByTestId('plan-publish').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // Duty's own view of an assigned shift has the person on it, assigned.
    const plan = (await (await page.request.get(`/api/allocation/plans/${second}`)).json()) as { communities: Array<{ shifts: Array<{ items: PlanItem[] }> }> };
    const assigned = plan.communities.flatMap((c) => c.shifts.flatMap((s) => s.items)).filter((i) => i.outcome === 'assigned');
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.some((i) => i.personName === excluded)).toBe(false);
    const shift = (await (await page.request.get(`/api/shifts/${assigned[0]!.shiftId}`)).json()) as { signups: Array<{ personId: number; status: string; source: string }> };
    expect(shift.signups.find((s) => s.personId === assigned[0]!.personId)).toMatchObject({ status: 'active', source: 'assigned' });
  });

  it('a community admin is told that deployment is planned by the street', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'community');
    await page.goto('/allocation');
    await eventually(() => page.getByTestId('allocation-level').textContent()).toContain('街道');
  });

  it('the community marks a site as key and clears its point; the street places itself', async () => {
    const admin = await e2e.newPage();
    await signInAs(admin, 'community');
    await admin.goto('/duty');
    // The demo's sampling point: placed, not key.
    const row = rows(admin.getByTestId('sites-table')).filter({ hasText: '华阳社区核酸采样点' });
    await eventually(() => row.textContent()).toContain('43.860000, 125.336500');
    expect(await row.getByTestId('site-key').count()).toBe(0);
    await row.getByTestId('site-edit').click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByTestId('site-form-key').click();
    await numberInput(dialog, 'site-form-longitude').clear();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // Half a point is refused in place.
    await eventually(() => dialog.textContent()).toContain('经度和纬度应同时填写或同时清空');
    await numberInput(dialog, 'site-form-latitude').clear();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await eventually(() => row.getByTestId('site-key').count()).toBe(1);
    expect(await row.textContent()).not.toContain('43.86');

    const street = await e2e.newPage();
    await signInAs(street, 'street');
    const roots = (await (await street.request.get('/api/regions/roots')).json()) as Array<{ id: number }>;
    await street.goto(`/regions/${roots[0]!.id}`);
    await eventually(() => street.getByTestId('region-location').textContent()).toBe('未设置');
    await street.getByTestId('region-location-edit').click();
    await numberInput(street, 'region-location-latitude').fill('43.857');
    await numberInput(street, 'region-location-longitude').fill('125.34');
    await street.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await eventually(() => street.getByTestId('region-location').textContent()).toBe('43.857000, 125.340000');
  });

  it('a member sets when they can serve while enrolling on a phone, and changes it later', async () => {
    const phone = await e2e.newPage({ phone: true });
    await signInAs(phone, 'member');
    await phone.goto('/enrol');
    await phone.getByTestId('enrol-place-search').click();
    await phone.keyboard.type('华阳社区');
    await phone.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '华阳社区' }).first().click();
    await eventually(() => phone.getByTestId('enrol-place-root').textContent()).toBe('华阳社区');
    const days = phone.getByTestId('enrol-days');
    await days.getByText('周六').click();
    await days.getByText('周日').click();
    await phone.getByTestId('enrol-periods').getByText('上午（6–12时）').click();
    await phone.getByTestId('enrol-submit').click();
    await eventually(() => phone.getByTestId('my-enrolment-status').textContent()).toBe('待确认');
    expect(await phone.getByTestId('my-enrolment-days').textContent()).toBe('周六、周日');
    expect(await phone.getByTestId('my-enrolment-periods').textContent()).toBe('上午（6–12时）');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Any day, afternoons too.
    await phone.getByTestId('enrol-availability-edit').click();
    const dialog = phone.getByRole('dialog');
    const day = (name: string) => dialog.getByTestId('enrol-days').getByRole('checkbox', { name });
    // The dialog opens with the saved days ticked; wait for them before unticking.
    await eventually(() => day('周六').isChecked()).toBe(true);
    for (const name of ['周六', '周日']) {
      await day(name).click();
      await eventually(() => day(name).isChecked()).toBe(false);
    }
    await dialog.getByTestId('enrol-periods').getByText('下午（12–18时）').click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await eventually(() => phone.getByTestId('my-enrolment-days').textContent()).toBe('不限');
    expect(await phone.getByTestId('my-enrolment-periods').textContent()).toBe('上午（6–12时）、下午（12–18时）');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
