// Felt speed on a slow phone's connection: Chromium throttled to 1.6 Mbps down, 750 kbps up,
// 150 ms round trips and a CPU four times slower, with a cold cache each run. For the home page
// signed out: first contentful paint, hydrated (the app's `data-hydrated`), and the bytes
// downloaded. For a room signed in: hydrated and the first message shown (it comes over the
// socket once the page has hydrated and joined). Medians of RUNS runs (BENCH_RUNS, default 3).
//
//   cd end2end && npx playwright test -c bench.config.ts

import type { BrowserContext, CDPSession, Page } from '@playwright/test';

import { createRoom, send } from '../tests/chat-room';
import { expect, registerIn, test, unique, waitForHydration } from '../tests/fixtures';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KBPS = 1000 / 8;

/** Slows `page` as the profile says, and counts the bytes it receives. */
async function throttle(page: Page): Promise<{ cdp: CDPSession; bytes: () => number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: 1600 * KBPS,
    uploadThroughput: 750 * KBPS,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let received = 0;
  cdp.on('Network.loadingFinished', (event) => (received += event.encodedDataLength));
  return { cdp, bytes: () => received };
}

/** Records, in the page, when it first painted content, hydrated and showed a message. */
async function watchMilestones(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { benchMarks: Record<string, number> }).benchMarks = marks;
    new MutationObserver(() => {
      if (!marks.hydrated && document.querySelector('div.page[data-hydrated="true"]')) {
        marks.hydrated = performance.now();
      }
      if (!marks.message && document.querySelector('.message')) marks.message = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
}

async function milestones(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const marks = { ...(window as unknown as { benchMarks: Record<string, number> }).benchMarks };
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    if (paint) marks.firstPaint = paint.startTime;
    return marks;
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

test('the home page and a room on a throttled phone profile', async ({ browser, baseURL }) => {
  // A room with a message in it, made once, unthrottled.
  const owner = await browser.newContext({ baseURL });
  await registerIn(owner, 'Bench');
  const setup = await owner.newPage();
  const room = await createRoom(setup, unique('bench'));
  await send(setup, 'The first message');
  await expect(setup.locator('.message')).toHaveCount(1);
  const signedIn = await owner.storageState();
  await owner.close();

  const home: Record<string, number>[] = [];
  const rooms: Record<string, number>[] = [];
  for (let run = 0; run < RUNS; run++) {
    const visitor = await browser.newContext({ baseURL, serviceWorkers: 'block' });
    await watchMilestones(visitor);
    const page = await visitor.newPage();
    const { bytes } = await throttle(page);
    await page.goto('/');
    await waitForHydration(page);
    home.push({ ...(await milestones(page)), bytes: bytes() });
    await visitor.close();

    const member = await browser.newContext({ baseURL, storageState: signedIn, serviceWorkers: 'block' });
    await watchMilestones(member);
    const roomPage = await member.newPage();
    const counted = await throttle(roomPage);
    await roomPage.goto(room);
    await expect(roomPage.locator('.message')).toHaveCount(1, { timeout: 60_000 });
    rooms.push({ ...(await milestones(roomPage)), bytes: counted.bytes() });
    await member.close();
  }

  const figure = (runs: Record<string, number>[], key: string) => median(runs.map((marks) => marks[key]));
  console.log(`\nThrottled (1.6 Mbps down, 750 kbps up, 150 ms RTT, 4x CPU), cold cache, median of ${RUNS}:`);
  console.log(
    `  home, signed out: first paint ${seconds(figure(home, 'firstPaint'))}, ` +
      `hydrated ${seconds(figure(home, 'hydrated'))}, ${Math.round(figure(home, 'bytes') / 1000)} KB downloaded`,
  );
  console.log(
    `  a room, signed in: first paint ${seconds(figure(rooms, 'firstPaint'))}, ` +
      `hydrated ${seconds(figure(rooms, 'hydrated'))}, first message ${seconds(figure(rooms, 'message'))}, ` +
      `${Math.round(figure(rooms, 'bytes') / 1000)} KB downloaded`,
  );
});
