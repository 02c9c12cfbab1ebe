// The profile in the browser: details validated while typing and saved, a password change that
// signs out the person's other browser, and signing out everywhere.

import type { APIRequestContext } from '@playwright/test';

import { test, expect, waitForHydration } from './fixtures';

const PASSWORD = 'Analytical-Engine-1843';
const NEW_PASSWORD = 'Difference-Engine-1822';

function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Registers (which signs in) through the plain form, with the cookies of `request`'s context. */
async function register(request: APIRequestContext, name: string, email: string): Promise<void> {
  const response = await request.post('/register', {
    form: { name, email, age: '', password: PASSWORD, password_confirmation: PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
}

test('details validate while typing and are saved', async ({ page }) => {
  await register(page.request, 'Katherine', uniqueEmail('details'));
  await page.goto('/profile');
  await waitForHydration(page);

  const name = page.getByLabel('Name', { exact: true });
  await name.fill('   ');
  await expect(page.locator('#name-error')).toHaveText('Enter your name.');
  await name.fill('Katherine Johnson');
  await expect(page.locator('#name-error')).toHaveText('');
  const age = page.getByLabel('Age (optional)');
  await age.fill('200');
  await expect(page.locator('#age-error')).toHaveText('Enter an age of at most 150.');
  await age.fill('101');
  await expect(page.locator('#age-error')).toHaveText('');

  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.locator('.flash')).toHaveText('Your details are saved.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Katherine Johnson');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Katherine Johnson' })).toBeVisible();
  await expect(page.getByLabel('Age (optional)')).toHaveValue('101');
});

test('a password change needs the current password and signs out the other browser', async ({
  page,
  browser,
  baseURL,
  browserGuard,
}) => {
  browserGuard.allow({
    text: /^Failed to load resource: the server responded with a status of 422 \(Unprocessable (Entity|Content)\)$/,
    url: /\/rpc\/change_password$/,
    because: 'a wrong current password is answered with 422 and a field error',
  });
  const email = uniqueEmail('password');
  await register(page.request, 'Mary', email);
  const elsewhere = await browser.newContext({ baseURL });
  const signIn = await elsewhere.request.post('/login', { form: { email, password: PASSWORD, return_to: '' }, maxRedirects: 0 });
  expect(signIn.status()).toBe(303);

  await page.goto('/profile');
  await waitForHydration(page);
  await page.getByLabel('Current password').fill('Not-the-password-1');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#current_password-error')).toHaveText('Your current password is not correct.');

  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('.flash')).toHaveText('Your password is changed, and your 1 other session was signed out.');

  const otherPage = await elsewhere.newPage();
  await otherPage.goto('/profile');
  await expect(otherPage).toHaveURL('/login?return_to=%2Fprofile');
  await elsewhere.close();
});

test('signing out everywhere ends this session too', async ({ page }) => {
  await register(page.request, 'Dorothy', uniqueEmail('everywhere'));
  await page.goto('/profile');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('status')).toHaveText('You are signed out on every device.');
  await page.goto('/profile');
  await expect(page).toHaveURL('/login?return_to=%2Fprofile');
});
