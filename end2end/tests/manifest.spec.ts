// The web app manifest: served as JSON, complete, and every icon it names is a PNG of the size
// it declares.

import { test, expect } from './fixtures';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  scope?: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: ManifestIcon[];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)], 'PNG signature').toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString('ascii'), 'first chunk').toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the home page links a manifest that is served as JSON with every required field', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');

  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/(manifest\+)?json\b/);
  const manifest = JSON.parse(await response.text()) as Manifest;

  expect(manifest.name).toBe('Commons');
  expect(manifest.short_name).toEqual(expect.any(String));
  expect(manifest.short_name.length).toBeGreaterThan(0);
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  // The page's theme colour agrees with the manifest's.
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', manifest.theme_color);

  const startUrl = new URL(manifest.start_url, response.url());
  expect(startUrl.origin).toBe(new URL(response.url()).origin);
  const start = await request.get(startUrl.href);
  expect(start.status()).toBe(200);

  const declared = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`).sort();
  expect(declared).toEqual(['192x192 any', '192x192 maskable', '512x512 any', '512x512 maskable']);
});

test('every icon the manifest lists is a PNG of its declared pixel size', async ({ request }) => {
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as Manifest;
  expect(manifest.icons.length).toBeGreaterThan(0);

  for (const icon of manifest.icons) {
    await test.step(`${icon.src} (${icon.sizes}, ${icon.purpose ?? 'any'})`, async () => {
      expect(icon.src).toMatch(/^\/icons\//);
      expect(icon.type).toBe('image/png');
      const response = await request.get(icon.src);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('image/png');
      const [width, height] = icon.sizes.split('x').map(Number);
      expect(pngSize(await response.body())).toEqual({ width, height });
    });
  }
});

test('Chromium reads the manifest without errors', async ({ page, context }) => {
  await page.goto('/');
  const cdp = await context.newCDPSession(page);
  const result = (await cdp.send('Page.getAppManifest', {})) as {
    url: string;
    errors: { message: string; critical: number }[];
    manifest?: { name?: string; display?: string; startUrl?: string; icons?: { url: string; sizes?: string }[] };
  };
  expect(new URL(result.url).pathname).toBe('/manifest.webmanifest');
  expect(result.errors).toEqual([]);
  expect(result.manifest?.name).toBe('Commons');
  expect(result.manifest?.display).toBe('kStandalone');
  expect(result.manifest?.icons?.map((icon) => `${new URL(icon.url).pathname} ${icon.sizes}`)).toEqual([
    '/icons/icon-192.png 192x192',
    '/icons/icon-512.png 512x512',
    '/icons/maskable-192.png 192x192',
    '/icons/maskable-512.png 512x512',
  ]);
});
