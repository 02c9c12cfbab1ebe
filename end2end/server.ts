// Runs the built Commons server binary as a child process for the browser tests.

import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** This directory (end2end/). */
export const END2END_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The repository root: the server's working directory (config/ and public/ are relative). */
export const REPO_ROOT = path.resolve(END2END_DIR, '..');

/** How long the server may take to print its `listening on` line. */
const START_TIMEOUT_MS = Number(process.env.E2E_SERVER_START_TIMEOUT_MS ?? 30_000);
/** How long it may take to stop after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 10_000;
/** How many of its last output lines are kept to explain a failure. */
const KEPT_LINES = 200;

export interface RunningServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  bin: string;
  databaseUrl: string;
  /** Its data directory (the database, and uploads under `uploads/`), unless `env` names another. */
  dataDir: string;
  /** The server's recent stdout and stderr, for error messages. */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after a timeout); removes a temporary database. */
  stop(): Promise<void>;
}

/** The server binary: `SERVER_BIN` (relative paths resolve against end2end/), else the debug build. */
export function serverBinary(): string {
  return path.resolve(END2END_DIR, process.env.SERVER_BIN ?? '../target/debug/server');
}

export interface ServerOptions {
  /** The port to listen on (0, the default, lets the OS pick). */
  port?: number;
  /** A directory for the SQLite database that outlives this server (e.g. across a restart);
   * without it, a fresh temporary one that `stop()` removes. */
  dataDir?: string;
  /** Extra environment for the server (e.g. `{ APP_LOG__LEVEL: 'info' }`). */
  env?: Record<string, string>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const bin = serverBinary();
  try {
    await access(bin, fsConstants.X_OK);
  } catch {
    throw new Error(
      `The server binary ${bin} is missing or not executable. Build it first ` +
        `(cd ${REPO_ROOT} && cargo build -p server), or point SERVER_BIN at one.`,
    );
  }
  if (!process.env.APP_ASSETS__SITE_ROOT) {
    const wasm = path.join(REPO_ROOT, 'target/site/pkg/app_bg.wasm');
    try {
      await access(wasm, fsConstants.R_OK);
    } catch {
      throw new Error(
        `The browser bundle ${wasm} is missing: pages would render but never hydrate. ` +
          `Build the WebAssembly bundle first.`,
      );
    }
  }

  const ownsData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'commons-e2e-')));
  const databaseUrl = `sqlite://${path.join(dataDir, 'e2e.db')}`;
  const child = spawn(bin, [], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      // Uploads and the disk check live in the data directory: each server has its own.
      APP_NODE__DATA_DIR: dataDir,
      ...options.env,
      APP_PROFILE: 'test',
      APP_SERVER__PORT: String(options.port ?? 0),
      APP_DATABASE__URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a wrapper script's children are signalled with it.
    detached: true,
  });
  const sendSignal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      child.kill(name);
    }
  };

  const lines: string[] = [];
  const keep = (stream: string) => (line: string) => {
    lines.push(`[${stream}] ${line}`);
    if (lines.length > KEPT_LINES) lines.shift();
  };
  const output = () => (lines.length ? lines.join('\n') : '(no output)');
  createInterface({ input: child.stderr! }).on('line', keep('stderr'));
  const stdout = createInterface({ input: child.stdout! });
  stdout.on('line', keep('stdout'));

  // If the test runner itself goes away, do not leave the server behind.
  const killOnExit = () => sendSignal('SIGKILL');
  process.on('exit', killOnExit);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let ready = false;
  let stopping = false;

  const cleanUp = async () => {
    process.off('exit', killOnExit);
    if (ownsData) await rm(dataDir, { recursive: true, force: true });
  };

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `The server ${bin} did not print "listening on …" within ${START_TIMEOUT_MS} ms.\n` +
              `Its output:\n${output()}`,
          ),
        );
      }, START_TIMEOUT_MS);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`Could not start the server ${bin}: ${error.message}`));
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        // Let the last lines of output arrive before reporting them.
        setImmediate(() =>
          reject(
            new Error(
              `The server ${bin} exited (${signal ?? `code ${code}`}) before it was listening.\n` +
                `Its output:\n${output()}`,
            ),
          ),
        );
      });
      stdout.on('line', (line) => {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match && !ready) {
          ready = true;
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) {
      sendSignal('SIGKILL');
      await exited;
    }
    await cleanUp();
    throw error;
  }

  void exited.then(({ code, signal }) => {
    if (!stopping) {
      console.error(
        `[e2e] the server exited during the run (${signal ?? `code ${code}`}). Its output:\n${output()}`,
      );
    }
  });

  return {
    url,
    bin,
    databaseUrl,
    dataDir,
    output,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        sendSignal('SIGTERM');
        const timeout = new Promise<'timeout'>((resolve) => {
          const timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
          void exited.then(() => clearTimeout(timer));
        });
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          console.error(`[e2e] the server did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM; killing it.`);
          sendSignal('SIGKILL');
        }
      }
      const { code, signal } = await exited;
      await cleanUp();
      if (code !== 0) {
        throw new Error(
          `The server did not stop cleanly (${signal ?? `code ${code}`}). Its output:\n${output()}`,
        );
      }
    },
  };
}
