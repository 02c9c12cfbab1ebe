// The admin's job queue and schedules in the browser: the jobs page moves by itself as jobs
// finish (pushed over the socket, never polled), one job opens with its details and runs
// again on "Retry"; a schedule is added with its next fire times shown while typing, fires,
// and once paused fires no more.

import type { Page } from '@playwright/test';

import { expect, expectAccessible, registerIn, testWithOwnServer, waitForHydration } from './fixtures';

const test = testWithOwnServer();

/** The count of jobs in `state` in `queue`, as the counts table shows it. */
function count(page: Page, queue: string, state: string) {
  return page.getByTestId('job-counts').locator(`tr[data-queue="${queue}"] td[data-state="${state}"]`);
}

test('the jobs page updates as jobs finish, and a job runs again on Retry', async ({ page, browser, baseURL }) => {
  await registerIn(page.context(), 'Root Admin');
  await page.goto('/admin/jobs');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  await expect(page.locator('.dashboard-head .connection')).toHaveAttribute('data-state', 'connected');
  // The admin's own welcome mail, done.
  await expect(count(page, 'mail', 'completed')).toHaveText('1');

  // Someone registers elsewhere: the welcome is sent by a job, and the page follows.
  const other = await browser.newContext({ baseURL });
  await registerIn(other, 'Grace Hopper');
  await expect(count(page, 'mail', 'completed')).toHaveText('2');
  await expect(page.getByTestId('minute-summary')).toHaveText('In the last hour: 2 completed, 0 failed attempts.');
  await expect(page.getByTestId('job-list').locator('tbody tr')).toHaveCount(2);
  await expectAccessible(page);

  // Filtered by the URL, kept in the form.
  await page.getByLabel('State', { exact: true }).selectOption('completed');
  await page.getByLabel('Kind').selectOption('mail.welcome');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/state=completed/);
  await expect(page).toHaveURL(/kind=mail\.welcome/);
  await expect(page.getByTestId('job-list').locator('tbody tr')).toHaveCount(2);

  // The newest job in detail; Retry runs it again (a second attempt), live.
  const newest = page.getByTestId('job-list').locator('tbody tr').first().getByRole('link');
  const id = (await newest.textContent())!.replace('#', '');
  await newest.click();
  const card = page.getByTestId('job-card');
  await expect(card.getByRole('heading', { name: `Job #${id}: mail.welcome` })).toBeVisible();
  await expect(card.getByTestId('job-state')).toHaveText('Completed');
  await expect(card.locator('.job-args')).toContainText('user_id');
  await expectAccessible(page);
  await card.getByRole('button', { name: `Retry job #${id}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Job #${id} will run again.` })).toBeVisible();
  await expect(count(page, 'mail', 'completed')).toHaveText('2');
  await expect(card).toContainText(/Attempt\s*2 of \d+/);
  await expect(card.getByTestId('job-state')).toHaveText('Completed');
  // A job completes once in the chart, at its latest completion.
  await expect(page.getByTestId('minute-summary')).toHaveText('In the last hour: 2 completed, 0 failed attempts.');
  await other.close();
});

test('an admin adds a schedule, sees when it fires, pauses it, and it does not fire', async ({ page, browserGuard }) => {
  browserGuard.allow({
    text: /^Failed to load resource: the server responded with a status of 422 \(Unprocessable (Entity|Content)\)$/,
    url: /\/rpc\/schedules\/preview$/,
    because: 'an expression or zone that is not valid is answered 422, and said beside its field',
  });
  await registerIn(page.context(), 'Root Admin');
  await page.goto('/admin/schedules');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Schedules', level: 1 })).toBeVisible();
  await expect(page.getByTestId('schedules').getByRole('row', { name: /Weekly digest/ })).toBeVisible();

  await page.getByLabel('Name').fill('Tidy every second');
  const cron = page.getByLabel('Cron expression');
  await cron.fill('61 * * * *');
  await expect(page.locator('#cron-error')).not.toBeEmpty();
  await cron.fill('* * * * * *');
  await expect(page.locator('#cron-error')).toBeEmpty();
  await expect(page.getByTestId('fire-times').getByRole('listitem')).toHaveCount(5);
  await expect(page.getByTestId('fire-times').getByRole('listitem').first()).toContainText('(UTC)');
  await page.getByLabel('Time zone').fill('Mars/Olympus');
  await expect(page.locator('#timezone-error')).toContainText('Mars/Olympus');
  await page.getByLabel('Time zone').fill('Europe/Paris');
  await expect(page.getByTestId('fire-times').getByRole('listitem').first()).toContainText('(Europe/Paris)');
  await page.getByLabel('Job it runs').selectOption({ label: 'Prune idle sessions (prune.sessions)' });
  await page.getByLabel('Skip them').check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: '“Tidy every second” is added.' })).toBeVisible();
  const row = page.getByTestId('schedules').getByRole('row', { name: /Tidy every second/ });
  await expect(row).toContainText('* * * * * *');

  // It fires: its jobs appear on the jobs page.
  const fired = async () => {
    const response = await page.request.post('/rpc/jobs/list', {
      form: { 'filter[kind]': 'prune.sessions' },
      headers: { accept: 'application/json' },
    });
    expect(response.ok()).toBe(true);
    return ((await response.json()) as unknown[]).length;
  };
  await expect.poll(fired, { timeout: 10_000 }).toBeGreaterThan(1);

  // Paused: it says so, and no tick fires it any more.
  await row.getByRole('button', { name: 'Pause Tidy every second' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is paused' })).toBeVisible();
  await expect(row).toHaveAttribute('data-paused', 'true');
  await expect(row.getByText('Paused')).toBeVisible();
  const whenPaused = await fired();
  await page.waitForTimeout(3_000);
  expect(await fired()).toBe(whenPaused);

  // Edited from its row, then removed.
  await row.getByRole('button', { name: 'Edit Tidy every second' }).click();
  await expect(page.getByRole('heading', { name: 'Edit “Tidy every second”' })).toBeVisible();
  await expect(page.getByLabel('Cron expression')).toHaveValue('* * * * * *');
  await page.getByLabel('Cron expression').fill('0 4 * * *');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is saved' })).toBeVisible();
  await expect(row).toContainText('0 4 * * *');
  await row.getByRole('button', { name: 'Remove Tidy every second' }).click();
  await expect(page.getByTestId('schedules').getByRole('row', { name: /Tidy every second/ })).toHaveCount(0);
  await expectAccessible(page);
});
