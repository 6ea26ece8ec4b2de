import { describe, expect, it } from 'vitest';
import { choose, pick } from './antd.js';
import { signInAs, useMeshwork } from './harness.js';

const MEMBER = { name: '钱报到', phone: '13812340001', password: 'Member#2026ok' };

describe('enrolment: a member invited by the community enrols on a phone, the community confirms, the org sees it', () => {
  const e2e = useMeshwork();

  it('runs from the invitation to the confirmed enrolment on both sides', async () => {
    // The community makes an invitation link.
    const admin = await e2e.newPage();
    await signInAs(admin, 'community');
    await admin.getByTestId('nav-invitations').click();
    await admin.waitForURL('**/invitations');
    await admin.getByTestId('invitation-create').click();
    const dialog = admin.getByRole('dialog');
    expect(await dialog.getByTestId('invitation-form-community').textContent()).toContain('华阳社区');
    await dialog.getByRole('button', { name: '生成邀请' }).click();
    const link = (await admin.getByTestId('invitation-link').textContent())!;
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
    expect(await admin.getByTestId('invitation-qr-modal').locator('canvas, svg').count()).toBeGreaterThan(0);

    // The member opens it on a phone and registers with phone and password.
    const phone = await e2e.newPage({ phone: true });
    await phone.goto(new URL(link).pathname);
    await expect.poll(() => phone.getByTestId('invite-target').textContent()).toContain('华阳社区');
    await phone.getByTestId('invite-name').fill(MEMBER.name);
    await phone.getByTestId('invite-phone').fill(MEMBER.phone);
    await phone.getByTestId('invite-password').fill(MEMBER.password);
    await phone.getByTestId('invite-password-confirm').fill(MEMBER.password);
    await phone.getByTestId('invite-submit').click();
    await phone.waitForURL('**/enrol?invitation=*');

    // Enrolment opens with the community chosen; the member goes down to the household.
    await expect.poll(() => phone.getByTestId('enrol-place-root').textContent()).toBe('华阳社区');
    await choose(phone, 'enrol-place-under-community', '第一网格');
    await choose(phone, 'enrol-place-under-grid', '1栋');
    await choose(phone, 'enrol-place-under-building', '1单元');
    await choose(phone, 'enrol-place-under-entrance', '101');
    await phone.getByTestId('enrol-org').locator('input').fill('卫生健康局');
    await choose(phone, 'enrol-org', '南关区卫生健康局');
    await choose(phone, 'enrol-skills', '医疗');
    await phone.keyboard.press('Escape');
    await choose(phone, 'enrol-posts', '核酸检测');
    await phone.keyboard.press('Escape');
    await phone.getByTestId('enrol-availability').fill('周末全天');
    await phone.getByTestId('enrol-submit').click();
    await expect.poll(() => phone.getByTestId('my-enrolment-status').textContent()).toBe('待确认');
    const card = (await phone.getByTestId('my-enrolment').textContent())!;
    expect(card).toContain('第一网格 / 1栋 / 1单元 / 101');
    expect(card).toContain('南关区卫生健康局');
    // Nothing on the phone's page is wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The member's own org (the unit) reads its enrolment rate before the community decides.
    const org = await e2e.newPage();
    await signInAs(org, 'orgadmin');
    const me = await (await org.request.get('/api/auth/me')).json();
    const unitId = me.grants.find((g: { role: string }) => g.role === 'org_admin').orgId as number;
    const confirmedBefore = (await (await org.request.get(`/api/rates/orgs/${unitId}`)).json()).own.confirmed as number;

    // The community sees the member with a masked phone, and confirms.
    await admin.goto('/enrolments');
    const row = admin.getByTestId('review-table').locator('tr').filter({ hasText: MEMBER.name });
    await expect.poll(() => row.textContent()).toContain('138****0001');
    expect(await row.textContent()).not.toContain(MEMBER.phone);
    await row.getByTestId('review-confirm').click();
    await expect.poll(() => row.textContent()).toContain('已报到');

    // The member sees it confirmed.
    await phone.reload();
    await expect.poll(() => phone.getByTestId('my-enrolment-status').textContent()).toBe('已报到');

    // The member's own org sees where its member enrolled, that it is confirmed, and its rate move.
    await org.getByTestId('nav-rates').click();
    await org.waitForURL('**/rates**');
    const own = org.getByTestId('rates-own').locator('td');
    await expect.poll(() => own.nth(3).innerText()).toBe(String(confirmedBefore + 1));
    await org.getByTestId('nav-orgEnrolments').click();
    await org.waitForURL('**/org-enrolments');
    const orgRow = org.getByTestId('org-enrolments-table').locator('tr').filter({ hasText: MEMBER.name });
    await expect.poll(() => orgRow.textContent()).toContain('已报到');
    expect(await orgRow.textContent()).toContain('华阳社区');
  });

  it('a street admin invites to one of its communities, which the form leaves to them to pick', async () => {
    const admin = await e2e.newPage();
    await signInAs(admin, 'street');
    await admin.getByTestId('nav-invitations').click();
    await admin.waitForURL('**/invitations');
    await admin.getByTestId('invitation-create').click();
    const dialog = admin.getByRole('dialog');
    const community = dialog.getByTestId('invitation-form-community');
    // Not pre-filled with the street, which is no community to invite to.
    expect(await community.textContent()).not.toContain('南岭街道');
    await pick(admin, 'invitation-form-community', '恒安社区', '/ 恒安社区', dialog);
    await expect.poll(() => community.textContent()).toContain('恒安社区');
    await dialog.getByRole('button', { name: '生成邀请' }).click();
    expect(await admin.getByTestId('invitation-link').textContent()).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
  });

  it('a grantless member finds their enrolment from the home page and the menu', async () => {
    const page = await e2e.newPage({ phone: true });
    await signInAs(page, 'member');
    await page.getByTestId('shortcut-enrol').click();
    await page.waitForURL('**/enrol');
    await page.getByTestId('enrol-form').waitFor();
    // The member's own branch is named by default.
    expect(await page.getByTestId('enrol-org').textContent()).toContain('中共南关区卫生健康局支部委员会');
    await page.getByTestId('nav-menu-button').click();
    expect(await page.getByTestId('nav-enrol').isVisible()).toBe(true);
  });
});
