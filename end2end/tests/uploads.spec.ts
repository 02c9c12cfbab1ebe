// Uploads in the browser: a multi-megabyte picture goes up with its progress bar moving through
// the bytes actually sent (the connection throttled over CDP) and shows in the list with its
// thumbnail; the shared rules refuse files before a byte is sent; the server refuses a program
// dressed as a picture, in its own words; files can be dropped; a cancelled upload leaves nothing
// on the server; a delete asks first and a deleted file leaves the list; the list fits a phone,
// with local dates and an icon for documents; and the page works without JavaScript.

import { readdirSync } from 'node:fs';
import path from 'node:path';

import type { Page } from '@playwright/test';

import {
  test,
  expect,
  expectAccessible,
  waitForHydration,
  registerIn,
  testWithOwnServer,
  PHONE,
  type BrowserGuard,
} from './fixtures';
import { MB, picture, png } from './pictures';
import type { RunningServer } from '../server';

/** Slows this page's uploads to `bytesPerSecond` with Chromium's network emulation. */
async function throttleUploads(page: Page, bytesPerSecond: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
}

/** Records every value any upload progress bar takes, from now on, in `window.e2eProgress`. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { e2eProgress: number[] }).e2eProgress = seen;
    new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.target instanceof HTMLProgressElement) seen.push(Number(change.target.getAttribute('value')));
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'] });
  });
}

async function progressValues(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { e2eProgress: number[] }).e2eProgress);
}

async function openUploads(page: Page): Promise<void> {
  await page.goto('/uploads');
  await waitForHydration(page);
}

function entries(page: Page) {
  return page.locator('.upload-entry');
}

function storedFiles(page: Page) {
  return page.locator('table.files tbody tr');
}

function chooseFiles(page: Page) {
  return page.getByLabel('Choose files');
}

/** Chromium logs every refused request; a test that expects refusals says which. */
function allowRefusal(guard: BrowserGuard, status: number, because: string): void {
  guard.allow({
    text: new RegExp(`^Failed to load resource: the server responded with a status of ${status} `),
    url: /\/uploads\?name=/,
    because,
  });
}

test('a multi-megabyte picture uploads with its progress shown, then appears with its thumbnail', async ({ page }) => {
  test.setTimeout(60_000);
  await registerIn(page.context(), 'Ada');
  await openUploads(page);
  await expect(page.getByText('No files yet')).toBeVisible();
  await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));

  const big = picture('lovelace.png', 1400, 1000);
  expect(big.buffer.length).toBeGreaterThan(4 * MB);
  expect(big.buffer.length).toBeLessThan(10 * MB);
  await recordProgress(page);
  // About 4 s for the file: the bar has time to be seen between 0 and 100.
  await throttleUploads(page, 1 * MB);

  await chooseFiles(page).setInputFiles(big);
  const entry = entries(page);
  await expect(entry).toHaveCount(1);
  await expect(entry.locator('.upload-file')).toHaveText('lovelace.png');
  await expect(entry).toContainText('4.0 MB');
  await expect(entry.locator('img.upload-preview')).toHaveAttribute('src', /^blob:/);
  await expect(entry.locator('progress')).toHaveAttribute('value', '0');

  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(entry).toHaveAttribute('data-state', 'sending');
  // Nothing waits for it while the file sends, so the button is gone until something does.
  await expect(page.getByRole('button', { name: 'Upload', exact: true })).toBeHidden();
  await expect(entry).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'lovelace.png uploaded.' })).toBeVisible();

  const row = storedFiles(page);
  await expect(row).toHaveCount(1);
  await expect(row.locator('.file-name')).toHaveText('lovelace.png');
  await expect(row).toContainText('PNG image');
  const thumbnail = row.locator('img.thumbnail');
  await expect(thumbnail).toHaveAttribute('src', /^\/uploads\/\d+\/thumbnail$/);
  await expect
    .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  const download = await page.request.get((await row.getByRole('link', { name: /^Download/ }).getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect((await download.body()).equals(big.buffer)).toBe(true);

  const values = await progressValues(page);
  const between = values.filter((value) => value > 0 && value < 100);
  expect(new Set(between).size, `progress values seen: ${values.join(', ')}`).toBeGreaterThanOrEqual(2);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  // The list took the new file in without a reload.
  expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
});

test('the shared rules refuse a file too large, of the wrong type, or one too many, before sending it', async ({
  page,
}) => {
  await registerIn(page.context(), 'Grace');
  await openUploads(page);
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/uploads') sent.push(request.url());
  });
  await page.getByLabel('Upload automatically').check();

  await chooseFiles(page).setInputFiles([
    picture('huge.png', 2000, 1800),
    { name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
  ]);
  await expect(entries(page)).toHaveCount(2);
  await expect(entries(page).nth(0).locator('.upload-file')).toHaveText('huge.png');
  await expect(entries(page).nth(0)).toContainText('10.3 MB');
  await expect(entries(page).nth(0).locator('.upload-error')).toHaveText('File is too large (the limit is 10 MB)');
  await expect(entries(page).nth(1).locator('.upload-file')).toHaveText('tool.exe');
  await expect(entries(page).nth(1).locator('.upload-error')).toHaveText('File type not accepted');
  await expect(page.locator('.upload-entry[data-state="refused"]')).toHaveCount(2);

  // A refused file can be taken off the list.
  await entries(page).nth(1).getByRole('button', { name: 'Remove' }).click();
  await expect(entries(page)).toHaveCount(1);

  // Six at once with manual upload: five are listed, the sixth is not, and the choice says why.
  await page.getByLabel('Upload automatically').uncheck();
  await chooseFiles(page).setInputFiles(
    ['1', '2', '3', '4', '5', '6'].map((n) => picture(`${n}.png`)),
  );
  await expect(page.locator('.uploader .form-error')).toHaveText('Too many files at once (at most 5)');
  await expect(entries(page).locator('.upload-file')).toHaveText(['1.png', '2.png', '3.png', '4.png', '5.png']);
  await expect(page.locator('.upload-entry[data-state="waiting"]')).toHaveCount(5);

  // No room is left: one more is refused as a whole.
  await chooseFiles(page).setInputFiles(picture('7.png'));
  await expect(page.locator('.uploader .form-error')).toHaveText('Too many files at once (at most 5)');
  await expect(entries(page)).toHaveCount(5);
  expect(sent).toEqual([]);
});

test('a program renamed to .png is refused by the server, with its message on the entry', async ({
  page,
  browserGuard,
}) => {
  allowRefusal(browserGuard, 415, 'the server refuses content that is not what its name says');
  browserGuard.allow({
    text: /^Connecting to 'blob:\S+' violates the following Content Security Policy directive: "connect-src 'self'"/,
    because:
      "Playwright's trace recorder fetches a blob: image that did not decode (this program's preview) " +
      'from inside the page, which the CSP blocks; the page itself never fetches a blob: URL',
  });
  await registerIn(page.context(), 'Hedy');
  await openUploads(page);
  await page.getByLabel('Upload automatically').check();

  const answer = page.waitForResponse((response) => response.url().includes('/uploads?name=setup.png'));
  const program = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4096)]);
  await chooseFiles(page).setInputFiles({ name: 'setup.png', mimeType: 'image/png', buffer: program });
  const refused = await answer;
  expect(refused.status()).toBe(415);
  const { error } = (await refused.json()) as { error: string };
  expect(error).not.toBe('');

  const entry = entries(page);
  await expect(entry).toHaveAttribute('data-state', 'refused');
  await expect(entry.locator('.upload-error')).toHaveText(error);
  // It is not a picture, so it has no preview (rather than a broken image).
  await expect(entry.locator('img')).toHaveCount(0);
  await expect(page.getByText('No files yet')).toBeVisible();
});

test('files dropped on the zone are listed and uploaded', async ({ page }) => {
  await registerIn(page.context(), 'Radia');
  await openUploads(page);
  const zone = page.locator('.drop-zone');
  const dropped = await page.evaluateHandle((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    return transfer;
  }, png(40, 30).toString('base64'));

  await zone.dispatchEvent('dragover', { dataTransfer: dropped });
  await expect(zone).toHaveClass(/\bdragging\b/);
  await zone.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(zone).not.toHaveClass(/\bdragging\b/);
  await expect(entries(page).locator('.upload-file')).toHaveText(['dropped.png']);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(storedFiles(page).locator('.file-name')).toHaveText(['dropped.png']);
  await expect(entries(page)).toHaveCount(0);
});

test('delete asks first; kept, focus goes back; deleted, the file leaves the list', async ({ page }) => {
  await registerIn(page.context(), 'Mary');
  await openUploads(page);
  await page.getByLabel('Upload automatically').check();
  await chooseFiles(page).setInputFiles([picture('keep.png'), picture('drop.png')]);
  await expect(storedFiles(page)).toHaveCount(2);
  await expect(entries(page)).toHaveCount(0);

  // Changing one's mind keeps the file and puts focus back on its Delete.
  await page.getByRole('button', { name: 'Delete drop.png' }).click();
  await expect(page.getByText('Delete drop.png?')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Delete drop.png' })).toBeFocused();
  await expect(storedFiles(page)).toHaveCount(2);

  await page.getByRole('button', { name: 'Delete drop.png' }).click();
  await page.getByRole('button', { name: 'Delete it' }).click();
  await expect(storedFiles(page).locator('.file-name')).toHaveText(['keep.png']);
  await expect(page.getByRole('heading', { name: 'Your files' })).toBeFocused();
  await page.getByRole('button', { name: 'Delete keep.png' }).click();
  await page.getByRole('button', { name: 'Delete it' }).click();
  await expect(storedFiles(page)).toHaveCount(0);
  await expect(page.getByText('No files yet')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No files yet')).toBeVisible();
});

test.describe('in India, on a phone', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('the list fits the screen, dates are local and a document has an icon', async ({ page }) => {
    await registerIn(page.context(), 'Ravi');
    await openUploads(page);
    await page.getByLabel('Upload automatically').check();
    const pdf = { name: 'minutes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF\n') };
    await chooseFiles(page).setInputFiles([picture('a-rather-long-name-for-a-holiday-photo.png'), pdf]);
    await expect(storedFiles(page)).toHaveCount(2);

    const pdfRow = storedFiles(page).filter({ hasText: 'minutes.pdf' });
    await expect(pdfRow.locator('.file-icon')).toHaveText('PDF');
    await expect(pdfRow.locator('img')).toHaveCount(0);
    // Uploaded just now: today's time of day, in India.
    const uploaded = pdfRow.locator('time');
    const at = new Date((await uploaded.getAttribute('datetime'))!);
    const clock = at.toLocaleTimeString('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    await expect(uploaded).toHaveText(clock);

    await page.setViewportSize(PHONE);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'the page scrolls sideways').toBeLessThanOrEqual(PHONE.width);
    // Every file's actions are on the screen, not in a table to scroll sideways.
    const frame = page.locator('.table-frame').filter({ has: storedFiles(page) });
    const overflow = await frame.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow, 'the file table scrolls sideways').toBeLessThanOrEqual(0);
    const remove = pdfRow.getByRole('button', { name: 'Delete minutes.pdf' });
    await remove.scrollIntoViewIfNeeded();
    await expect(remove).toBeInViewport({ ratio: 1 });
    await expectAccessible(page);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('files are uploaded and deleted through the plain forms', async ({ page }) => {
    await registerIn(page.context(), 'Dorothy');
    await page.goto('/uploads');
    await expect(page.getByText('No files yet')).toBeVisible();
    await chooseFiles(page).setInputFiles([picture('one.png'), picture('two.png')]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page).toHaveURL('/uploads');
    await expect(page.locator('.flash')).toHaveText('Uploaded one.png, two.png.');
    await expect(storedFiles(page).locator('.file-name')).toHaveText(['two.png', 'one.png']);

    await page.getByRole('button', { name: 'Delete one.png' }).click();
    await expect(page).toHaveURL('/uploads');
    await expect(page.locator('.flash')).toHaveText('File deleted.');
    await expect(storedFiles(page).locator('.file-name')).toHaveText(['two.png']);
  });
});

/** A server of its own, so the test can look at what it keeps on disk. */
const withOwnServer = testWithOwnServer();

/** The files `server` keeps under `uploads/<dir>` (none if it does not exist yet). */
function kept(server: RunningServer, dir: string): string[] {
  try {
    return readdirSync(path.join(server.dataDir, 'uploads', dir));
  } catch {
    return [];
  }
}

withOwnServer('a cancelled upload stops and leaves nothing behind', async ({ page, server }) => {
  test.setTimeout(60_000);
  await registerIn(page.context(), 'Ada');
  await openUploads(page);
  await recordProgress(page);
  // About 16 s for the file: plenty of time to cancel it halfway.
  await throttleUploads(page, MB / 4);
  await page.getByLabel('Upload automatically').check();

  await chooseFiles(page).setInputFiles(picture('never.png', 1400, 1000));
  await expect(entries(page)).toHaveAttribute('data-state', 'sending');
  await expect.poll(async () => Math.max(0, ...(await progressValues(page)))).toBeGreaterThan(0);
  // The server is receiving it into a partial file.
  await expect.poll(() => kept(server, 'tmp').length).toBe(1);

  await entries(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(entries(page)).toHaveCount(0);
  await expect.poll(() => kept(server, 'tmp')).toEqual([]);
  expect(kept(server, 'files')).toEqual([]);
  expect(kept(server, 'thumbnails')).toEqual([]);
  await expect(page.getByText('No files yet')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No files yet')).toBeVisible();
});
