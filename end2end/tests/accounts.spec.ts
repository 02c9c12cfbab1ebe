// Accounts in the browser: live validation with the shared rules, the taken-email check while
// typing, registration to profile, sign-out and the protected page, and the no-JavaScript path.

import type { APIRequestContext, Page } from '@playwright/test';

import { test, expect, waitForHydration } from './fixtures';

const PASSWORD = 'Analytical-Engine-1843';
const TAKEN = 'An account with this email already exists.';

/** An address no other test (or earlier run on this database) uses. */
function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Registers through the plain form, outside the page's browser context. */
async function registerDirectly(request: APIRequestContext, name: string, email: string): Promise<void> {
  const response = await request.post('/register', {
    form: { name, email, age: '', password: PASSWORD, password_confirmation: PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
}

function fieldError(page: Page, field: string) {
  return page.locator(`#${field}-error`);
}

test('errors appear while typing and disappear when fixed, before any submit', async ({ page }) => {
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  await page.goto('/register');
  await waitForHydration(page);

  const email = page.getByLabel('Email');
  await email.fill('ada@');
  await expect(fieldError(page, 'email')).toHaveText('Enter an email address like name@example.com.');
  await email.fill('ada@example.com');
  await expect(fieldError(page, 'email')).toHaveText('');

  const password = page.getByLabel('Password', { exact: true });
  await password.fill('short');
  await expect(fieldError(page, 'password')).toHaveText('Use at least 8 characters.');
  await password.fill('Longer-password');
  await expect(fieldError(page, 'password')).toHaveText('Include at least one digit.');
  await password.fill('Longer-password-1');
  await expect(fieldError(page, 'password')).toHaveText('');

  const confirmation = page.getByLabel('Confirm password');
  await confirmation.fill('Longer-password-2');
  await expect(fieldError(page, 'password_confirmation')).toHaveText('The passwords do not match.');
  await confirmation.fill('Longer-password-1');
  await expect(fieldError(page, 'password_confirmation')).toHaveText('');

  await page.getByLabel('Age (optional)').fill('9');
  await expect(fieldError(page, 'age')).toHaveText('You must be at least 13 to register.');
  await expect(fieldError(page, 'name')).toHaveText('', { timeout: 1000 });
  expect(posts.filter((url) => !url.includes('/rpc/email_taken'))).toEqual([]);
});

test('a taken email is flagged while typing, in any letter case', async ({ page, request }) => {
  const taken = uniqueEmail('taken');
  await registerDirectly(request, 'First Owner', taken);

  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(taken.toUpperCase().replace('@EXAMPLE.COM', '@example.com'));
  await expect(fieldError(page, 'email')).toHaveText(TAKEN);
  await page.getByLabel('Email').fill(uniqueEmail('free'));
  await expect(fieldError(page, 'email')).toHaveText('');
});

test('a refused sign-up moves focus to the first field to fix and says which need attention', async ({
  page,
  request,
  browserGuard,
}) => {
  browserGuard.allow({
    text: 'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    url: /\/rpc\/register$/,
    because: 'the server refuses an email that is taken, on purpose',
  });
  await page.goto('/register');
  await waitForHydration(page);
  // A phone shows digits for the age.
  await expect(page.getByLabel('Age (optional)')).toHaveAttribute('inputmode', 'numeric');

  // Refused in the browser: only the email typed, from the keyboard alone.
  await page.getByLabel('Email').fill(uniqueEmail('summary'));
  await page.getByLabel('Email').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'need attention' })).toHaveText(
    '2 fields need attention: Name and Password.',
  );
  await expect(page.getByLabel('Name')).toBeFocused();

  // Refused by the server: an email someone already has.
  const taken = uniqueEmail('taken-summary');
  await registerDirectly(request, 'First Owner', taken);
  await page.keyboard.type('Ada Lovelace');
  await page.getByLabel('Email').fill(taken);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByLabel('Confirm password').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'needs attention' })).toHaveText('Email needs attention.');
  await expect(page.getByLabel('Email')).toBeFocused();
  await expect(fieldError(page, 'email')).toHaveText(TAKEN);
});

test('a full registration lands on the profile, signed in; signing out protects it again', async ({ page }) => {
  const email = uniqueEmail('grace');
  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') apiCalls.push(new URL(request.url()).pathname);
  });
  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Age (optional)').fill('85');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL('/profile');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Grace Hopper');
  await expect(page.locator('.flash')).toHaveText('Welcome, Grace Hopper! Your account is ready.');
  await expect(page.getByText(email)).toBeVisible();
  expect(apiCalls).toContain('/rpc/register');
  expect(apiCalls).not.toContain('/register');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Grace Hopper' })).toBeVisible();

  await page.reload();
  await expect(page.locator('.flash')).toHaveCount(0, { timeout: 1000 });

  await nav.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  await expect(nav.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.goto('/profile');
  await expect(page).toHaveURL('/login?return_to=%2Fprofile');
  await expect(page.getByRole('status')).toHaveText('Please sign in to see that page.');

  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/profile');
  await expect(page.locator('.flash')).toHaveText('Signed in as Grace Hopper.');
});

test('a wrong password gets one message that does not say which part was wrong', async ({ page, request, browserGuard }) => {
  browserGuard.allow({
    text: 'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    url: /\/rpc\/sign_in$/,
    because: 'the sign-in server function answers a refused sign-in with 400',
  });
  const email = uniqueEmail('wrong');
  await registerDirectly(request, 'Someone', email);
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('Not-the-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email or password is not correct.');
  await expect(page).toHaveURL('/login');
  await expect(page.getByLabel('Email')).toHaveValue(email);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('registration works, and server-side errors come back with what was typed except passwords', async ({
    page,
    request,
    browserGuard,
  }) => {
    browserGuard.allow({
      text: /^Failed to load resource: the server responded with a status of 422 \(Unprocessable (Entity|Content)\)$/,
      url: /\/register$/,
      because: 'a refused registration is answered with 422 and the form',
    });
    const taken = uniqueEmail('nojs-taken');
    await registerDirectly(request, 'Owner', taken);

    await page.goto('/register');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(taken);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD);
    const refused = page.waitForResponse((response) => new URL(response.url()).pathname === '/register');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect((await refused).status()).toBe(422);

    await expect(fieldError(page, 'email')).toHaveText(TAKEN);
    await expect(page.getByLabel('Name')).toHaveValue('Ada Lovelace');
    await expect(page.getByLabel('Email')).toHaveValue(taken);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

    const email = uniqueEmail('nojs');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL('/profile');
    await expect(page.locator('.flash')).toHaveText('Welcome, Ada Lovelace! Your account is ready.');
  });
});
