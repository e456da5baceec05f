// The renderer a user would otherwise pick for HTML to PDF, for bench/pdf.sh: Debian's headless
// Chromium, started once and kept warm, prints each page given with Page.printToPDF (tagged, with
// an outline), JOBS tabs at a time, over the DevTools protocol on a pipe (no npm package). It
// writes PAGE.chromium.pdf beside each page. Chromium has no target-counter(), leader() or string(),
// so these PDFs have no page numbers in the contents and no running header: the comparison is of
// speed only (README, "Speed → PDFs").
//
//   node bench/chromium-pdf.mjs JOBS PAGE…

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [jobs, ...pages] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'manualgen-bench-chromium-'));
const chromium = spawn(
  'chromium',
  ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
    'about:blank'],
  { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
);

// Messages are JSON separated by NUL bytes: fd 3 into Chromium, fd 4 out of it.
let nextId = 1;
const pending = new Map();
let listeners = [];
let buffer = '';
chromium.stdio[4].on('data', (chunk) => {
  buffer += chunk.toString('utf8');
  for (let end; (end = buffer.indexOf('\0')) >= 0; buffer = buffer.slice(end + 1)) {
    const message = JSON.parse(buffer.slice(0, end));
    const waiting = pending.get(message.id);
    if (waiting) {
      pending.delete(message.id);
      if (message.error) waiting.fail(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.ok(message.result);
    } else if (message.method) {
      listeners = listeners.filter((listener) => !listener(message));
    }
  }
});
function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  chromium.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  return new Promise((ok, fail) => pending.set(id, { ok, fail, method }));
}
function loaded(sessionId) {
  return new Promise((ok) => listeners.push((m) => (m.method === 'Page.loadEventFired' && m.sessionId === sessionId ? (ok(), true) : false)));
}

async function printAll(queue) {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  await send('Page.enable', {}, sessionId);
  for (let page; (page = queue.shift()); ) {
    const done = loaded(sessionId);
    const { errorText } = await send('Page.navigate', { url: `file://${resolve(page)}` }, sessionId);
    if (errorText) throw new Error(`cannot load ${page}: ${errorText}`);
    await done;
    const { data } = await send(
      'Page.printToPDF',
      { printBackground: true, preferCSSPageSize: true, generateTaggedPDF: true, generateDocumentOutline: true },
      sessionId,
    );
    writeFileSync(`${page}.chromium.pdf`, Buffer.from(data, 'base64'));
  }
}

try {
  const queue = [...pages];
  await Promise.all(Array.from({ length: Number(jobs) }, () => printAll(queue)));
} finally {
  await Promise.race([send('Browser.close'), new Promise((ok) => setTimeout(ok, 3000))]);
  if (chromium.exitCode === null) chromium.kill('SIGKILL');
  if (chromium.exitCode === null) await new Promise((ok) => chromium.on('exit', ok));
  rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
