import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The antd controls as the e2e tests drive them, made to hold on a loaded machine: each checks
 * that what it did took (a value shown, a dialog closed) and does it again if not, and a form that
 * refuses fails the test with its own words rather than a timeout.
 */

/** expect.poll with room for a loaded machine: a server round trip, a refetch, an animation. */
export const eventually = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 100 });

/** The open dropdown of an antd Select (closed ones stay in the DOM, hidden). */
export const dropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

/** The rows of an antd table that mention `text`. */
export const rowOf = (table: Locator, text: string) => table.locator('tbody tr.ant-table-row').filter({ hasText: text });

/**
 * Picks the option of a plain antd Select by its exact label. `within` narrows the control to a
 * dialog: a drawer closing in the background may still hold a control with the same test id.
 */
export async function choose(page: Page, testId: string, label: string, within: Page | Locator = page): Promise<void> {
  const control = within.getByTestId(testId);
  const option = dropdown(page).locator(`.ant-select-item-option[title="${label}"]`);
  // A dialog still animating open can take the click meant for the option and close the
  // dropdown: open it again until the option is picked.
  await eventually(async () => {
    if (!(await option.isVisible())) await control.click();
    await option.click({ timeout: 2_000 });
    return control.textContent();
  }).toContain(label);
}

/**
 * Types into a search picker and picks the hit whose path (its accessible name,
 * `吉林省 / … / 恒安社区`) ends with `pathEnd`.
 */
export async function pick(page: Page, testId: string, query: string, pathEnd: string, within: Page | Locator = page): Promise<void> {
  await within.getByTestId(testId).click();
  await page.keyboard.type(query);
  await dropdown(page).locator(`.ant-select-item-option[aria-label$="${pathEnd}"]`).click();
}

/**
 * Sets an antd date or time picker as a user at the keyboard does: types `text` in the picker's
 * format and confirms it with Enter. The picker keeps a typed value only once confirmed and drops
 * it when the focus leaves otherwise, and on a loaded machine the keys have been seen not to take
 * (the form then refused to save for want of the time). So this checks that the value took, with
 * the popup closed and the focus moved away, the input still showing `text`, and types it again if not.
 */
export async function setPicker(page: Page, testId: string, text: string, attempts = 3): Promise<void> {
  const input = page.getByTestId(testId);
  const openPopups = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  const state = async () => ({ value: await input.inputValue(), popupsOpen: await openPopups.count() });
  let last = { value: '', popupsOpen: 0 };
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    await input.click();
    // Replaces whatever is there (typing would append to it) in one input event.
    await input.fill(text);
    await input.press('Enter');
    await input.blur();
    try {
      await eventually(state, 5_000).toEqual({ value: text, popupsOpen: 0 });
      return;
    } catch {
      last = await state();
    }
  }
  throw new Error(`the picker ${testId} did not take "${text}" in ${attempts} tries: it shows "${last.value}", ${last.popupsOpen} popup(s) open`);
}

/**
 * Saves a form drawer and waits for its answer. A form that refuses (a validation message under a
 * field) or a server that does (an error notification) fails the test at once with their words,
 * rather than leaving it to wait for a success toast that will not come.
 */
export async function saveForm(page: Page, submitTestId: string): Promise<void> {
  const invalid = page.locator('.ant-form-item-explain-error');
  const serverError = page.locator('.ant-notification-notice');
  await eventually(() => invalid.allTextContents()).toEqual([]);
  await page.getByTestId(submitTestId).click();
  await page.locator('.ant-message-notice').or(invalid).or(serverError).first().waitFor({ timeout: 10_000 });
  expect([...(await invalid.allTextContents()), ...(await serverError.allTextContents())], `${submitTestId}: the form was not saved`).toEqual([]);
}

/**
 * Answers a confirm dialog with its OK button (`okTestId`) and waits for the dialog to close,
 * clicking again if it stays open: on a loaded machine a click on a dialog still zooming in has
 * been seen not to take (the lifted zone then stayed in the table). A click on an OK button already
 * waiting for its request does nothing, so a second click never sends a second request.
 */
export async function confirmDialog(page: Page, okTestId: string, attempts = 3): Promise<void> {
  const ok = page.getByTestId(okTestId);
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    await ok.click();
    try {
      await ok.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch {
      // Clicks again.
    }
  }
  throw new Error(`the dialog with ${okTestId} stayed open after ${attempts} clicks`);
}
