// Starts the built Commons server once for the whole run and stops it afterwards.
//
// The server runs from the repository root (its config/ and public/ directories are relative
// paths) with the test profile, a port the OS picks, and a fresh SQLite database in a temporary
// directory. Its URL reaches the test workers through process.env, which Playwright hands to the
// workers it starts after this setup; playwright.config.ts reads it as `use.baseURL`.
//
// Every test reaches this server from the same address (127.0.0.1), and tests type faster than
// people: the per-address and message limits are raised for it, so that forty tests signing up
// and in are not one visitor hammering the door, and a test posting sixty messages to page through
// them is not a flood. sessions-and-limits.spec.ts tests those limits on servers of its own.
//
// Playwright runs the function this setup returns as the global teardown.

import { type FullConfig } from '@playwright/test';
import { startServer } from './server';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const server = await startServer({
    env: {
      APP_LIMITS__SIGN_INS_PER_ADDRESS: '10000',
      APP_LIMITS__EMAIL_CHECKS_PER_ADDRESS: '10000',
      APP_LIMITS__EMAIL_CHECKS_PER_NODE: '10000',
      APP_LIMITS__REGISTRATIONS_PER_ADDRESS: '10000',
      APP_LIMITS__MESSAGES_PER_SECOND: '1000',
      APP_LIMITS__MESSAGE_BURST: '1000',
      APP_LIMITS__SOCKET_EVENTS_PER_SECOND: '1000',
      APP_LIMITS__SOCKET_EVENT_BURST: '1000',
    },
  });
  process.env.E2E_BASE_URL = server.url;
  console.log(`[e2e] server ${server.bin} listening on ${server.url} (database ${server.databaseUrl})`);
  return async () => {
    await server.stop();
  };
}
