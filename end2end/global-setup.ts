// Starts the built Commons server once for the whole run and stops it afterwards.
//
// The server runs from the repository root (its config/ and public/ directories are relative
// paths) with the test profile, a port the OS picks, and a fresh SQLite database in a temporary
// directory. Its URL reaches the test workers through process.env, which Playwright hands to the
// workers it starts after this setup; playwright.config.ts reads it as `use.baseURL`.
//
// Playwright runs the function this setup returns as the global teardown.

import { type FullConfig } from '@playwright/test';
import { startServer } from './server';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const server = await startServer();
  process.env.E2E_BASE_URL = server.url;
  console.log(`[e2e] server ${server.bin} listening on ${server.url} (database ${server.databaseUrl})`);
  return async () => {
    await server.stop();
  };
}
