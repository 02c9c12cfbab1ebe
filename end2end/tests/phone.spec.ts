// The home page on a phone-sized screen: it fits the width, and the navigation is a menu.

import { test, expect, expectAccessible, waitForHydration } from './fixtures';

const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });

test('on a 390×844 phone the home page fits the width without horizontal overflow', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.getByRole('link', { name: 'Create an account' })).toBeInViewport();

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

  // The bar is one row; the navigation waits behind a menu button, and once open every link is
  // on screen (overflow can also hide inside a clipping or scrolling box).
  const bar = (await page.locator('header.topbar').boundingBox())!;
  expect(bar.height, 'the top bar is one compact row').toBeLessThanOrEqual(64);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.click();
  await expect(nav).toBeVisible();
  for (const link of await nav.getByRole('link').all()) {
    const box = await link.boundingBox();
    expect(box, `${await link.textContent()} has a box`).not.toBeNull();
    expect(box!.x, `${await link.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${await link.textContent()} ends on screen`).toBeLessThanOrEqual(PHONE.width);
    await expect(link).toBeInViewport({ ratio: 1 });
  }
  await expectAccessible(page, { sizes: [PHONE] });
  await page.setViewportSize(PHONE);
  // Escape closes it, and so does a tap elsewhere.
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await menu.click();
  await expect(nav).toBeVisible();
  await page.mouse.click(20, 600);
  await expect(nav).toBeHidden();

  await page.goto('/recipes');
  await waitForHydration(page);
  await expect(page.getByRole('searchbox', { name: 'Find a recipe' })).toBeInViewport();
  const search = page.getByRole('searchbox', { name: 'Find a recipe' });
  const searchBox = await search.boundingBox();
  expect(searchBox!.x + searchBox!.width).toBeLessThanOrEqual(PHONE.width);
});

test('on a phone the menu works by keyboard and closes once a link is followed', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.focus();
  await page.keyboard.press('Enter');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();
  // The links come right after the button in the tab order.
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Home' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await expect(nav).toBeHidden();
});
