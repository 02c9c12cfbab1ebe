// Runs the built Commons server binary as a child process, the way end2end/server.ts does:
// from the repository root (config/ and public/ are relative paths), with the test profile, a
// port the OS picks, and a fresh SQLite database in a temporary directory.

import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** This package's directory (node-tests/). */
const NODE_TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root: the server's working directory. */
const REPO_ROOT = path.resolve(NODE_TESTS_DIR, '..');

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const KEPT_LINES = 200;

/** `SERVER_BIN` (relative paths resolve against node-tests/), else the debug build. */
function serverBinary() {
  return path.resolve(NODE_TESTS_DIR, process.env.SERVER_BIN ?? '../target/debug/server');
}

/**
 * Starts the server with `env` added to its environment (e.g. `APP_REALTIME__IDLE_TIMEOUT_SECS`)
 * and resolves once it prints `listening on <URL>`. The result has `url` (http://…), `wsUrl`
 * (the socket endpoint as the phoenix client takes it: ws://…/socket), `output()` and `stop()`.
 */
export async function startServer(env = {}) {
  const bin = serverBinary();
  try {
    await access(bin, fsConstants.X_OK);
  } catch {
    throw new Error(
      `The server binary ${bin} is missing or not executable. Build it first ` +
        `(cd ${REPO_ROOT} && cargo build -p server), or point SERVER_BIN at one.`,
    );
  }

  const dataDir = await mkdtemp(path.join(tmpdir(), 'commons-node-'));
  const databaseUrl = `sqlite://${path.join(dataDir, 'node.db')}`;
  const child = spawn(bin, [], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      APP_PROFILE: 'test',
      APP_SERVER__PORT: '0',
      APP_DATABASE__URL: databaseUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      child.kill(name);
    }
  };

  const lines = [];
  const keep = (stream) => (line) => {
    lines.push(`[${stream}] ${line}`);
    if (lines.length > KEPT_LINES) lines.shift();
  };
  const output = () => (lines.length ? lines.join('\n') : '(no output)');
  createInterface({ input: child.stderr }).on('line', keep('stderr'));
  const stdout = createInterface({ input: child.stdout });
  stdout.on('line', keep('stdout'));

  // If the test process goes away, do not leave the server behind.
  const killOnExit = () => signal('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signalName) => resolve({ code, signal: signalName })),
  );
  const cleanUp = async () => {
    process.off('exit', killOnExit);
    await rm(dataDir, { recursive: true, force: true });
  };

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `The server ${bin} did not print "listening on …" within ${START_TIMEOUT_MS} ms.\n` +
                `Its output:\n${output()}`,
            ),
          ),
        START_TIMEOUT_MS,
      );
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`Could not start the server ${bin}: ${error.message}`));
      });
      void exited.then(({ code, signal: signalName }) => {
        clearTimeout(timer);
        setImmediate(() =>
          reject(
            new Error(
              `The server ${bin} exited (${signalName ?? `code ${code}`}) before it was ` +
                `listening.\nIts output:\n${output()}`,
            ),
          ),
        );
      });
      stdout.on('line', (line) => {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGKILL');
      await exited;
    }
    await cleanUp();
    throw error;
  }

  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/socket`,
    output,
    /** SIGTERM, then waits for the exit (SIGKILL after a timeout); removes the database. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        signal('SIGTERM');
        let timer;
        const timeout = new Promise((resolve) => {
          timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
        });
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          console.error(`the server did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM; killing it`);
          signal('SIGKILL');
        }
        clearTimeout(timer);
      }
      const { code, signal: signalName } = await exited;
      await cleanUp();
      if (code !== 0) {
        throw new Error(
          `The server did not stop cleanly (${signalName ?? `code ${code}`}). Its output:\n${output()}`,
        );
      }
    },
  };
}
