// Serves the built app (dist/) with `vite preview` on a free port, runs the browser tests against it, and always
// stops the server. Build first: `npm run build` (npm test does). Exits with the tests' exit code.
// Arguments: words or paths; only the test files whose names contain one of the words (or that a path names) run.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STARTUP_TIMEOUT_MS = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startPreview(port) {
  // Its own process group, so that stopping it also stops whatever npx starts under it.
  return spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function stopPreview(server) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

async function waitUntilAnswering(url, server) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited early with code ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

/** The e2e/*.test.ts files, or only those that a word of the command line picks (`state`, `e2e/wiki.test.ts`). */
function testFiles() {
  const only = process.argv.slice(2);
  return readdirSync(join(root, 'e2e'))
    .filter((name) => name.endsWith('.test.ts') && (only.length === 0 || only.some((word) => name.includes(word) || word.endsWith(name))))
    .map((name) => join('e2e', name));
}

function runTests(baseUrl) {
  const files = testFiles();
  return new Promise((resolve) => {
    const tests = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, E2E_BASE_URL: baseUrl },
    });
    tests.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const server = startPreview(port);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopPreview(server);
    process.exit(130);
  });
}

let exitCode = 1;
try {
  await waitUntilAnswering(baseUrl, server);
  console.log(`e2e: testing ${baseUrl}`);
  exitCode = await runTests(baseUrl);
} catch (error) {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  stopPreview(server);
}
process.exit(exitCode);
