// What a person sees when a session ends under a live page, and when a limit stops them: the
// chat and the dashboard say "You are signed out." (with a way back in) instead of reconnecting
// for ever; a refused sign-in or room says how long to wait. Each of these states passes axe
// at desktop and phone widths.


import {
  test,
  expect,
  expectAccessible,
  waitForHydration,
  registerIn,
  testWithOwnServer,
  unique,
  PASSWORD,
} from './fixtures';

test('a live room whose session ends elsewhere says so once, and offers a way back', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  await registerIn(context, 'Ada');
  const page = await context.newPage();
  await page.goto('/chat');
  await waitForHydration(page);
  await page.getByLabel('Name').fill(unique('sign-out'));
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page).toHaveURL(/\/chat\/\d+$/);
  const connection = page.locator('.room-head .connection');
  await expect(connection).toHaveAttribute('data-state', 'connected');

  // Another tab of the same browser signs out everywhere.
  const other = await context.newPage();
  await other.goto('/profile');
  await other.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(other).toHaveURL('/');

  await expect(connection).toHaveAttribute('data-state', 'signed-out');
  await expect(connection).toContainText('You are signed out.');
  const tokenRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/socket/token')) tokenRequests.push(request.url());
  });
  await page.waitForTimeout(3_000); // a reconnect loop would ask for tokens within this
  expect(tokenRequests).toEqual([]);
  await expectAccessible(page);

  await page.setViewportSize({ width: 1280, height: 800 });
  await connection.getByRole('link', { name: 'Sign in again' }).click();
  await expect(page).toHaveURL(/\/login\?return_to=%2Fchat%2F\d+$/);
  await context.close();
});

const tightSignIns = testWithOwnServer({ env: { APP_LIMITS__SIGN_INS_PER_ADDRESS: '2' } });

tightSignIns('one address that keeps trying to sign in is told how long to wait', async ({ page, browserGuard }) => {
  browserGuard.allow({
    text: /Failed to load resource: the server responded with a status of (400|429)/,
    url: /\/rpc\/sign_in$/,
    because: 'refused sign-ins answer 400, then 429 over the limit',
  });
  await page.goto('/login');
  await waitForHydration(page);
  for (const n of [1, 2, 3]) {
    await page.getByLabel('Email').fill(`someone${n}@example.com`);
    await page.getByLabel('Password').fill('Not-the-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const expected =
      n < 3 ? 'The email or password is not correct.' : 'Too many attempts. Please try again in 10 minutes.';
    await expect(page.getByRole('alert')).toHaveText(expected);
  }
  await expectAccessible(page);
});

tightSignIns.describe('without JavaScript', () => {
  tightSignIns.use({ javaScriptEnabled: false });

  tightSignIns('the plain form says the same, with what was typed', async ({ page, browserGuard }) => {
    browserGuard.allow({
      text: /Failed to load resource: the server responded with a status of (400|429)/,
      url: /\/login$/,
      because: 'the refused sign-ins come back as pages with those statuses',
    });
    for (const n of [1, 2, 3]) {
      await page.goto('/login');
      await page.getByLabel('Email').fill(`someone${n}@example.com`);
      await page.getByLabel('Password').fill('Not-the-password-1');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await expect(page.getByRole('alert')).toHaveText('Too many attempts. Please try again in 10 minutes.');
    await expect(page.getByLabel('Email')).toHaveValue('someone3@example.com');
  });
});

const oneRoom = testWithOwnServer({ env: { APP_LIMITS__ROOMS_PER_WINDOW: '1' } });

oneRoom('a second room within the hour is refused in words beside the name', async ({ page, context, browserGuard }) => {
  browserGuard.allow({
    text: 'Failed to load resource: the server responded with a status of 429 (Too Many Requests)',
    url: /\/rpc\/chat\/create_room$/,
    because: 'the second room is over the limit on purpose',
  });
  await context.request.post('/register', {
    form: { name: 'Ada', email: `${unique('rooms')}@example.com`, age: '', password: PASSWORD, password_confirmation: PASSWORD },
    maxRedirects: 0,
  });
  await page.goto('/chat');
  await waitForHydration(page);
  const name = page.locator('#room-name');
  await name.fill('first');
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page).toHaveURL(/\/chat\/\d+$/);
  await name.fill('second');
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page.locator('#room-name-error')).toHaveText(/^Too many attempts\. Please try again in \d+ minutes?\.$/);
  await expect(name).toHaveValue('second');
  await expectAccessible(page);
});

// One a second with a burst of two: a test that sends as fast as it can is over it whatever
// the machine's load (the defaults, ten at once then five a second, are tested over the raw
// socket in the integration tests).
const slowRoom = testWithOwnServer({
  env: { APP_LIMITS__MESSAGES_PER_SECOND: '1', APP_LIMITS__MESSAGE_BURST: '2' },
});

slowRoom('sending messages faster than a room allows keeps the text and says why', async ({ page, context }) => {
  await registerIn(context, 'Ada');
  await page.goto('/chat');
  await waitForHydration(page);
  await page.locator('#room-name').fill(unique('flood'));
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page).toHaveURL(/\/chat\/\d+$/);
  await expect(page.locator('.room-head .connection')).toHaveAttribute('data-state', 'connected');

  const composer = page.getByRole('textbox', { name: 'Message' });
  const error = page.locator('#composer-error');
  let refusedAt = 0;
  for (let n = 1; n <= 20 && refusedAt === 0; n++) {
    await composer.fill(`message ${n}`);
    await composer.press('Enter');
    // Sent (the composer empties) or refused (it keeps the text and says why).
    await expect
      .poll(async () => (await composer.inputValue()) === '' || ((await error.textContent()) ?? '') !== '')
      .toBe(true);
    if ((await composer.inputValue()) !== '') refusedAt = n;
  }
  expect(refusedAt).toBeGreaterThan(2);
  await expect(error).toHaveText(
    'Not sent: you are sending messages faster than the room allows. Your text is still here; send it again in a moment.',
  );
  await expect(composer).toHaveValue(`message ${refusedAt}`);
  await expectAccessible(page);
});
