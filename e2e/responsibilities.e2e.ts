import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CommunityDuty, GridCoverage } from '@meshwork/contracts';
import { signInAs, useMeshwork } from './harness.js';

/** The demo member with an account and a confirmed enrolment at 华阳社区 (server/src/demo/responsibilities.ts). */
const MEMBER = { username: 'dutymember', name: '钱志愿' };

const uncoveredOf = (page: Page, grid: string) =>
  page.getByTestId('resp-coverage').locator('tr').filter({ hasText: grid }).first().getByTestId('resp-grid-uncovered').textContent();

/** Opens a tree-select node's children by its title, e.g. '第一网格（网格）'. */
async function expand(page: Page, title: string): Promise<void> {
  const node = page.locator('.ant-select-tree-treenode').filter({ hasText: title }).first();
  await node.waitFor();
  await node.locator('.ant-select-tree-switcher').click();
}

describe('duty roles and zones: a community gives a member work, and the member sees it', () => {
  const e2e = useMeshwork();

  it('the community admin gives a duty role and a household; the household shows them; the grid’s uncovered count drops; the member sees it on a phone', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'community');
    await page.getByTestId('nav-responsibilities').click();
    await page.waitForURL('**/responsibilities');
    await expect.poll(() => page.getByTestId('resp-community').textContent()).toContain('华阳社区');

    const members = page.getByTestId('resp-members');
    const row = members.locator('tr').filter({ hasText: MEMBER.name });
    await row.waitFor();
    // The enrolment demo's members are at work already, phones masked.
    await expect.poll(() => members.textContent()).toContain('信息员');
    expect(await members.textContent()).toMatch(/139\*{4}\d{4}/);
    await expect.poll(() => uncoveredOf(page, '第一网格')).not.toBe(null);
    const before = Number(await uncoveredOf(page, '第一网格'));
    expect(before).toBeGreaterThan(0);

    // A duty role.
    await row.getByTestId('resp-assign-role').click();
    await page.getByTestId('resp-role-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '巡查员' }).click();
    await page.getByTestId('resp-role-submit').click();
    await expect.poll(() => row.getByTestId('resp-role-tag').allTextContents()).toEqual(['巡查员']);

    // A household to care for, picked in the community's own tree.
    await row.getByTestId('resp-assign-place').click();
    await page.getByTestId('resp-place-kind').getByText('包户').click();
    await page.getByTestId('resp-place-region').click();
    await expand(page, '第一网格（网格）');
    await expand(page, '2栋（楼栋）');
    await expand(page, '2单元（单元）');
    await page.locator('.ant-select-tree-treenode').filter({ hasText: '201（户）' }).first().locator('.ant-select-tree-node-content-wrapper').click();
    await page.getByTestId('resp-place-note').fill('独居老人');
    await page.getByTestId('resp-place-submit').click();
    await expect.poll(() => row.getByTestId('resp-care-tag').allTextContents()).toEqual(['第一网格 / 2栋 / 2单元 / 201']);
    await expect.poll(async () => Number(await uncoveredOf(page, '第一网格'))).toBe(before - 1);
    // The grid's uncovered households, opened under its row, no longer list it.
    await page.getByTestId('resp-coverage').locator('tr').filter({ hasText: '第一网格' }).first().locator('.ant-table-row-expand-icon').click();
    const uncovered = page.getByTestId('resp-uncovered-list');
    await expect.poll(() => uncovered.textContent()).toContain('第一网格 / 2栋 / 2单元 / 202');
    expect(await uncovered.textContent()).not.toContain('第一网格 / 2栋 / 2单元 / 201');
    expect(await uncovered.locator('.ant-list-item').count()).toBe(before - 1);

    // The server agrees, and the household's page names who answers for it.
    const roots = (await (await page.request.get('/api/regions/roots')).json()) as Array<{ id: number }>;
    const duty = (await (await page.request.get(`/api/responsibilities/communities/${roots[0]!.id}`)).json()) as CommunityDuty;
    const care = duty.members.find((m) => m.name === MEMBER.name)!.care[0]!;
    const coverage = (await (await page.request.get(`/api/responsibilities/communities/${roots[0]!.id}/coverage`)).json()) as GridCoverage[];
    expect(coverage.find((g) => g.gridName === '第一网格')!.uncovered).toBe(before - 1);
    await page.goto(`/regions/${care.regionId}`);
    await expect.poll(() => page.getByTestId('region-answerers').textContent()).toContain(MEMBER.name);

    // The member, on a phone: 我的责任.
    const phone = await e2e.newPage({ phone: true });
    await signInAs(phone, MEMBER.username);
    await phone.getByTestId('nav-menu-button').click();
    await phone.getByTestId('nav-myResponsibilities').click();
    await phone.waitForURL('**/my-responsibilities');
    await expect.poll(() => phone.getByTestId('my-resp-community').textContent()).toContain('华阳社区');
    await expect.poll(() => phone.getByTestId('my-resp-roles').textContent()).toContain('巡查员');
    const cared = (await phone.getByTestId('my-resp-care').textContent()) ?? '';
    expect(cared).toContain('第一网格 / 2栋 / 2单元 / 201');
    expect(cared).toContain('独居老人');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (process.env.SHOT) await phone.screenshot({ path: process.env.SHOT, fullPage: true });
  });

  it('the community ends a duty role and downloads the ledger; a member account sees no duty screen', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'community');
    await page.goto('/responsibilities');
    const row = page.getByTestId('resp-members').locator('tr').filter({ hasText: MEMBER.name });
    await expect.poll(() => row.getByTestId('resp-role-tag').allTextContents()).toEqual(['巡查员']);
    // On a loaded machine the confirmation's click can land while it is still animating open and
    // be lost: ask again until the role is gone.
    await expect
      .poll(async () => {
        const tags = row.getByTestId('resp-role-tag');
        if ((await tags.count()) > 0) {
          if (!(await page.getByTestId('resp-end-confirm').isVisible())) await tags.locator('.ant-tag-close-icon').click();
          await page.getByTestId('resp-end-confirm').click({ timeout: 2_000 });
        }
        return tags.count();
      })
      .toBe(0);
    const mine = await e2e.newPage({ phone: true });
    await signInAs(mine, MEMBER.username);
    await mine.goto('/my-responsibilities');
    await expect.poll(() => mine.getByTestId('my-resp-roles').textContent()).not.toContain('巡查员');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('resp-export').click()]);
    expect(download.suggestedFilename()).toBe('华阳社区-党员责任区包户台账.xlsx');

    const member = await e2e.newPage();
    await signInAs(member, MEMBER.username);
    expect(await member.getByTestId('nav-responsibilities').count()).toBe(0);
    expect((await member.request.get(`/api/me/responsibilities`)).status()).toBe(200);
    const roots = (await (await page.request.get('/api/regions/roots')).json()) as Array<{ id: number }>;
    expect((await member.request.get(`/api/responsibilities/communities/${roots[0]!.id}`)).status()).toBe(403);
  });
});
