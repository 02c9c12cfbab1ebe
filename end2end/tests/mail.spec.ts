// Mail in the browser: the welcome a new account gets, read in the dev mailbox; a forgotten
// password from the sign-in page to the mailed link to the new password, which signs the
// person's other browser out.

import type { Page } from '@playwright/test';

import {
  test,
  expect,
  expectAccessible,
  waitForHydration,
  PASSWORD,
  unique,
  type BrowserGuard,
} from './fixtures';

const NEW_PASSWORD = 'Difference-Engine-1822';

/** The mail's HTML frame refuses every script, as it must — the test tools' own included. */
function allowTheSandbox(browserGuard: BrowserGuard): void {
  browserGuard.allow({
    text: /^Blocked script execution in '.*\/dev\/mailbox\/\d+\/html' because the document's frame is sandboxed/,
    url: /\/dev\/mailbox/,
    because: "the test tools try to run in the mail's frame, which refuses every script",
  });
}

/** Opens the newest mail to `email` whose subject is `subject` in the dev mailbox. */
async function openMail(page: Page, email: string, subject: string): Promise<void> {
  await expect(async () => {
    await page.goto('/dev/mailbox');
    await expect(page.getByRole('row').filter({ hasText: email }).getByRole('link', { name: subject })).toBeVisible({
      timeout: 500,
    });
  }).toPass({ timeout: 15_000 });
  await waitForHydration(page);
  await page.getByRole('row').filter({ hasText: email }).getByRole('link', { name: subject }).first().click();
  await expect(page.getByRole('heading', { level: 2, name: subject })).toBeVisible();
}

test('a new account finds its welcome in the dev mailbox, both parts and headers', async ({ page, browserGuard }) => {
  allowTheSandbox(browserGuard);
  const email = `${unique('welcome')}@example.com`;
  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('Name', { exact: true }).fill('Grace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/profile$/);

  await openMail(page, email, 'Welcome to Commons');
  await expect(page.getByLabel("The mail's plain text")).toContainText('Hello Grace,');
  await expect(page.frameLocator('iframe[title="The mail\'s HTML part"]').getByRole('heading', { name: 'Hello Grace' })).toBeVisible();
  await expect(page.getByLabel("The mail's headers")).toContainText(`To: Grace <${email}>`);
  await expectAccessible(page);
});

test('a forgotten password: the link from the mailbox sets a new one and signs the other browser out', async ({
  page,
  browser,
  baseURL,
  browserGuard,
}) => {
  browserGuard.allow({
    text: /^Failed to load resource: the server responded with a status of 422 \(Unprocessable (Entity|Content)\)$/,
    url: /\/rpc\/reset_password$/,
    because: 'a used link is refused with 422 and says so',
  });
  allowTheSandbox(browserGuard);
  const email = `${unique('forgot')}@example.com`;
  // Signed in on another device: the reset must end that session.
  const other = await browser.newContext({ baseURL });
  const registered = await other.request.post('/register', {
    form: { name: 'Hedy', email, age: '', password: PASSWORD, password_confirmation: PASSWORD },
    maxRedirects: 0,
  });
  expect(registered.status()).toBe(303);
  const otherPage = await other.newPage();
  await otherPage.goto('/profile');
  await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText('Hedy');

  // The keyboard alone, from the sign-in page.
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/password\/forgot$/);
  await waitForHydration(page);
  await expectAccessible(page);
  await page.getByLabel('Email').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('status')).toContainText(`If an account uses ${email}, a link`);

  await openMail(page, email, 'Reset your Commons password');
  const text = (await page.getByLabel("The mail's plain text").textContent()) ?? '';
  const link = text.match(/https?:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/)?.[0];
  expect(link, text).toBeTruthy();

  await page.goto(link!);
  await waitForHydration(page);
  await expectAccessible(page);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('status')).toContainText('Your password is changed');

  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/profile$/);

  await otherPage.goto('/profile');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();

  // The same link a second time: refused, with a way to ask again.
  await page.goto(link!);
  await waitForHydration(page);
  await page.getByLabel('New password', { exact: true }).fill('Another-Password-1');
  await page.getByLabel('Confirm new password').fill('Another-Password-1');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'expired or was already used' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
});
