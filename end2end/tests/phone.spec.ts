// The home page on a phone-sized screen.

import { test, expect, waitForHydration } from './fixtures';

const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });

test('on a 390×844 phone the home page fits the width without horizontal overflow', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.locator('ol.recipes > li.recipe')).toHaveCount(48);

  const sizes = await page.evaluate(() => ({
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
  }));
  // Under mobile emulation the layout viewport widens to fit overflowing content (innerWidth
  // would grow with scrollWidth), so the width is also held to the phone's.
  expect(sizes.innerWidth).toBe(PHONE.width);
  expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.innerWidth);
  expect(sizes.bodyScrollWidth).toBeLessThanOrEqual(sizes.innerWidth);

  // Overflow can also hide inside a clipping or scrolling box: every nav link must be on screen.
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const link of await nav.getByRole('link').all()) {
    const box = await link.boundingBox();
    expect(box, `${await link.textContent()} has a box`).not.toBeNull();
    expect(box!.x, `${await link.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${await link.textContent()} ends on screen`).toBeLessThanOrEqual(PHONE.width);
    await expect(link).toBeInViewport({ ratio: 1 });
  }

  await expect(page.getByRole('searchbox', { name: 'Find a recipe' })).toBeInViewport();
  const search = page.getByRole('searchbox', { name: 'Find a recipe' });
  const searchBox = await search.boundingBox();
  expect(searchBox!.x + searchBox!.width).toBeLessThanOrEqual(PHONE.width);
});
