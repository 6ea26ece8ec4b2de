import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { choose, confirmDialog, dropdown, eventually, pick, rowOf, saveForm, setPicker } from './antd.js';
import { DEMO_PASSWORD, signInAs, useMeshwork } from './harness.js';

/** The text of the toasts showing (read without waiting, so that none fails the poll in its time). */
const toasts = async (page: Page) => (await page.locator('.ant-message').allTextContents()).join(' ');

/** `HH:mm` and the date of an instant in China Standard Time, as a need's schedule takes them. */
function china(at: number): { date: string; time: string } {
  const iso = new Date(at + 8 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

const SITE = '华阳社区西门测温点';
const NEED = '西门测温扫码';
/** The demo's member with an account and a confirmed enrolment at 华阳社区 (no skills). */
const MEMBER = { username: 'dutymember', name: '钱志愿' };

describe('duty: sign-up, check-in by QR link and certified hours', () => {
  const e2e = useMeshwork();

  it('a member signs up on a phone, checks in and out by the site’s link; the community certifies; the record shows the hours', async () => {
    // The community makes a site and reads its check-in link from the QR dialog.
    const admin = await e2e.newPage();
    await signInAs(admin, 'community');
    await admin.getByTestId('nav-duty').click();
    await admin.waitForURL('**/duty');
    await admin.getByTestId('site-create').click();
    await admin.getByTestId('site-form-name').fill(SITE);
    await admin.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    const sites = admin.getByTestId('sites-table');
    await rowOf(sites, SITE).getByTestId('site-qr').click();
    const link = (await admin.getByTestId('site-checkin-link').textContent())!;
    expect(link).toMatch(/\/checkin\/[A-Za-z0-9_-]{16,64}$/);
    expect(await admin.getByTestId('site-qr-modal').locator('canvas').count()).toBe(1);
    await admin.keyboard.press('Escape');

    // A need whose one shift starts within the next 20 minutes, so that check-in is open (30 min before).
    const roots = (await (await admin.request.get('/api/regions/roots')).json()) as Array<{ id: number }>;
    const site = ((await (await admin.request.get('/api/sites', { params: { regionId: roots[0]!.id } })).json()) as Array<{ id: number; name: string }>).find((s) => s.name === SITE)!;
    const start = china(Date.now() + 10 * 60_000);
    const end = china(Date.now() + 130 * 60_000);
    const posted = await admin.request.post('/api/needs', {
      data: { regionId: roots[0]!.id, siteId: site.id, post: 'temperature_scan', title: NEED, headcount: 2, requiredSkills: [], schedule: { firstDate: start.date, days: 1, start: start.time, end: end.time } },
    });
    expect(posted.status(), await posted.text()).toBe(201);

    // The member, on a phone, finds it among the open shifts, nearest first, and signs up.
    const phone = await e2e.newPage({ phone: true });
    await signInAs(phone, MEMBER.username);
    await phone.getByTestId('nav-menu-button').click();
    await phone.getByTestId('nav-openShifts').click();
    await phone.waitForURL('**/open-shifts');
    const card = phone.getByTestId('open-shift').filter({ hasText: NEED });
    await eventually(() => card.getByTestId('open-shift-tier').textContent()).toBe('本社区');
    // The demo's testing shifts want a medical skill the member lacks: shown, and no sign-up.
    const testing = phone.getByTestId('open-shift').filter({ hasText: '核酸检测' }).first();
    expect(await testing.getByTestId('open-shift-missing').textContent()).toContain('医疗');
    expect(await testing.getByTestId('open-shift-signup').isDisabled()).toBe(true);
    await card.getByTestId('open-shift-signup').click();
    await eventually(() => card.getByTestId('signup-status').textContent()).toBe('已报名');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Scanning the code opens the link; signed out, the login comes first and returns to it.
    const scanner = await e2e.newPage({ phone: true });
    await scanner.goto(new URL(link).pathname);
    await scanner.waitForURL('**/login');
    await scanner.getByTestId('login-username').fill(MEMBER.username);
    await scanner.getByTestId('login-password').fill(DEMO_PASSWORD);
    await scanner.getByTestId('login-submit').click();
    await scanner.waitForURL(`**${new URL(link).pathname}`);
    await eventually(() => scanner.getByTestId('checkin-current').textContent()).toContain(NEED);
    await scanner.getByTestId('checkin-in').click();
    await eventually(() => scanner.getByTestId('checkin-done').textContent()).toContain('签到成功');
    expect(await scanner.getByTestId('checkin-shift').textContent()).toContain(NEED);
    await scanner.getByTestId('checkin-out').click();
    await eventually(() => scanner.getByTestId('checkin-done').textContent()).toContain('签退成功');
    await scanner.getByTestId('attendance-out').waitFor();
    expect(await scanner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The community opens the shift and certifies two hours for the member.
    await admin.reload();
    await admin.getByTestId('need').filter({ hasText: NEED }).getByTestId('shift-open').click();
    const row = rowOf(admin.getByTestId('shift-signups'), MEMBER.name);
    await eventually(() => row.textContent()).toContain('已报名');
    await row.locator('.ant-checkbox-input').check();
    await admin.getByTestId('shift-certify').click();
    await admin.getByTestId('certify-hours').fill('2');
    await admin.getByTestId('certify-submit').click();
    await eventually(() => admin.locator('.ant-modal-confirm-title').textContent()).toContain('已认定 1 人');
    await admin.locator('.ant-modal-confirm-btns button').click();
    // The dialog fades out over the drawer; until it is gone it takes the clicks meant for the drawer.
    await admin.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
    await row.getByTestId('signup-certified').waitFor();

    // The community assigns the member to the demo's first night registration shift; the member is notified.
    await admin.locator('.ant-drawer-close').click();
    await admin.getByTestId('shift-drawer').waitFor({ state: 'detached' });
    await admin.getByTestId('need').filter({ hasText: '出入登记' }).getByTestId('shift-open').first().click();
    await admin.getByTestId('shift-assign').click();
    await admin.getByTestId('assign-members').click();
    await admin.keyboard.type('钱');
    await dropdown(admin).locator('.ant-select-item-option').filter({ hasText: MEMBER.name }).click();
    // Closes the multiple select's dropdown, which covers the dialog's buttons.
    await admin.locator('.ant-modal-title').filter({ hasText: '派遣已报到党员' }).click();
    await admin.getByTestId('assign-submit').click();
    await eventually(() => rowOf(admin.getByTestId('shift-signups'), MEMBER.name).textContent()).toContain('派遣');

    // The member's service record shows the certified hours.
    await phone.goto('/service-record');
    await eventually(() => phone.getByTestId('ledger-certifiedHours').textContent()).toContain('2');
    const entry = phone.getByTestId('ledger-entry').filter({ hasText: NEED });
    expect(await entry.getByTestId('ledger-entry-hours').textContent()).toContain('2');
    expect(await entry.textContent()).toContain('已认定');
    // 我的班次 shows it too (still under way, so among the upcoming ones), certified.
    await phone.goto('/my-shifts');
    const mine = phone.getByTestId('my-shift').filter({ hasText: NEED });
    await eventually(() => mine.textContent()).toContain('已认定');
    // The demo's full checkpoint shift keeps the member on its waitlist.
    expect(await phone.getByTestId('my-shifts').textContent()).toContain('候补第 1 位');
    expect(await phone.getByTestId('my-shift').filter({ hasText: '出入登记' }).textContent()).toContain('社区派遣');

    // The bell says so; reading all clears the count.
    await eventually(() => phone.getByTestId('notification-count').textContent()).toContain('1');
    await phone.getByTestId('notification-bell').click();
    await eventually(() => phone.getByTestId('notification-list').textContent()).toContain('您有新的值守任务');
    expect(await phone.getByTestId('notification-item-unread').count()).toBe(1);
    await phone.getByTestId('notification-read-all').click();
    await eventually(() => phone.getByTestId('notification-item-unread').count()).toBe(0);
    expect(await phone.getByTestId('notification-item').count()).toBe(1);
  });

  it('the community posts two weeks of daily shifts in one go; the roster shows them by day and post, as Excel too', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'community');
    await page.goto('/duty');
    await page.getByTestId('need-create').click();
    await choose(page, 'need-form-post', '环境消毒');
    await choose(page, 'need-form-site', '华阳社区东门卡口');
    await page.getByTestId('need-form-headcount').fill('4');
    await page.getByTestId('need-form-days').fill('14');
    await setPicker(page, 'need-form-start', '08:00');
    await setPicker(page, 'need-form-end', '10:00');
    // Both still set when saving: setting the end left the start alone.
    expect([await page.getByTestId('need-form-start').inputValue(), await page.getByTestId('need-form-end').inputValue()]).toEqual(['08:00', '10:00']);
    await saveForm(page, 'need-form-submit');
    await eventually(() => toasts(page)).toContain('已发布，共 14 个班次');

    await page.getByTestId('duty-tab-roster').click();
    // The demo's first checkpoint shift: two assigned, the duty member waiting.
    const day = page.getByTestId('roster-day').filter({ hasText: '赵建国' });
    await eventually(() => day.textContent()).toContain('钱志愿');
    expect(await day.textContent()).toContain('环境消毒');
    // Every day of the default week from tomorrow has the new need: six of the seven days shown.
    expect(await page.getByTestId('roster-day').filter({ hasText: '环境消毒' }).count()).toBe(6);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('roster-export').click()]);
    expect(download.suggestedFilename()).toMatch(/排班表.*\.xlsx$/);
  });

  it('the street drills down its gap table from the street to a community and back', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'street');
    await page.goto('/duty');
    await page.getByTestId('duty-tab-gaps').click();
    const table = page.getByTestId('gaps-table');
    // The demo's night registration shift at 华阳社区 has nobody: a gap there.
    const huayang = rowOf(table, '华阳社区');
    await eventually(() => huayang.textContent()).toContain('华阳社区');
    const cells = await huayang.locator('td').allTextContents();
    expect(Number(cells[5])).toBeGreaterThan(0);
    expect(await rowOf(table, '恒安社区').count()).toBe(1);
    await huayang.getByTestId('gaps-drill').click();
    const breadcrumb = page.getByTestId('gaps-breadcrumb');
    await eventually(() => breadcrumb.textContent()).toContain('华阳社区');
    // The demo's controlled zone shows on its grid.
    await eventually(() => rowOf(table, '第二网格').getByTestId('risk-controlled').count()).toBe(1);
    expect(await rowOf(table, '第一网格').count()).toBe(1);
    // The community's own needs sit at the community, under none of its grids.
    expect(Number((await page.getByTestId('gaps-own').locator('td').allTextContents())[4])).toBeGreaterThan(0);
    await breadcrumb.getByText('南岭街道').click();
    await eventually(() => rowOf(table, '恒安社区').count()).toBe(1);
  });

  it('the street seals a community, is prompted to set up a temporary branch there, and lifts the zone', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'street');
    await page.getByTestId('nav-riskZones').click();
    await page.waitForURL('**/risk-zones');
    const table = page.getByTestId('risk-table');
    await eventually(() => rowOf(table, '第二网格').getByTestId('risk-controlled').count()).toBe(1);
    await page.getByTestId('risk-designate').click();
    await pick(page, 'risk-form-region', '恒安社区', '/ 恒安社区');
    await choose(page, 'risk-form-level', '封控区');
    // In force from an hour ago: a zone lifted in its first second would stay current for that second.
    const hourAgo = await page.evaluate(() => {
      const d = new Date(Date.now() - 3_600_000);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
    });
    await setPicker(page, 'risk-form-starts', hourAgo);
    await page.getByTestId('risk-form-reason').fill('周边出现病例');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    const row = rowOf(table, '恒安社区');
    await eventually(() => row.getByTestId('risk-sealed').count()).toBe(1);
    expect(await row.textContent()).toContain('生效中');
    // Sealed, with no temporary branch there yet: the street may set one up, and is told so.
    await eventually(() => page.getByTestId('risk-needs-branch').textContent()).toContain('恒安社区');
    expect(await row.textContent()).toContain(hourAgo);
    await row.getByTestId('risk-lift').click();
    await confirmDialog(page, 'risk-lift-confirm');
    await eventually(() => row.count()).toBe(0);
    expect(await page.getByTestId('risk-needs-branch').count()).toBe(0);

    // The ledger keeps the lifted zone once the table shows ended ones too.
    await page.getByTestId('risk-current').click();
    await eventually(() => row.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('risk-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^风险区域台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const rows = workbook.getWorksheet('风险区域台账')!.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(1).map(String));
    const sealed = rows.find((r) => r[6] === '周边出现病例')!;
    expect(sealed[0]).toMatch(/南岭街道 \/ 恒安社区$/);
    expect(sealed.slice(1, 3)).toEqual(['社区/村', '封控区']);
    // The screen shows the browser's time; the ledger, as offices keep it, China time.
    const startedAt = await page.evaluate((local) => new Date(local.replace(' ', 'T')).getTime(), hourAgo);
    const inChina = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    expect(sealed[3]).toBe(inChina.format(startedAt));
    expect(sealed[5]).toBe('已解除');
    // The street's account both designated and lifted it.
    const me = await page.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { name: string }).name);
    expect(sealed.slice(7)).toEqual([me, me]);
    expect(rows.find((r) => r[0]!.endsWith('第二网格'))?.[2]).toBe('管控区');
  });

  it('a community admin sees risk zones but designates none', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'community');
    await page.goto('/risk-zones');
    await eventually(() => rowOf(page.getByTestId('risk-table'), '第二网格').count()).toBe(1);
    expect(await page.getByTestId('risk-designate').count()).toBe(0);
  });
});
