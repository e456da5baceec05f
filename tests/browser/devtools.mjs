// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: no
// WebSocket, no npm package), for the browser stage (run.mjs) and bench/chromium-pdf.mjs.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A DevTools protocol client over Chromium's pipe: JSON messages separated by NUL bytes, fd 3
// into the browser, fd 4 out of it.
export class Browser {
  constructor(executable) {
    this.profile = mkdtempSync(join(tmpdir(), 'manualgen-chromium-'));
    this.child = spawn(
      executable,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--no-default-browser-check', '--hide-scrollbars', '--mute-audio',
        '--disable-dev-shm-usage', '--remote-debugging-pipe', `--user-data-dir=${this.profile}`, 'about:blank',
      ],
      // Its own process group, so that close() can stop the helper processes too.
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true },
    );
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    let buffer = '';
    this.child.stdio[4].on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end; (end = buffer.indexOf('\0')) >= 0; ) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (message.id && this.pending.has(message.id)) {
          const { ok, fail, method } = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) fail(new Error(`${method}: ${message.error.message}`));
          else ok(message.result);
        } else if (message.method) {
          this.listeners = this.listeners.filter((l) => !l(message));
        }
      }
    });
    this.exited = new Promise((ok) => this.child.on('exit', ok));
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    this.child.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    return new Promise((ok, fail) => this.pending.set(id, { ok, fail, method }));
  }

  // Resolves with the first event `method` of `sessionId`.
  event(method, sessionId) {
    return new Promise((ok) => this.listeners.push((m) => (m.method === method && m.sessionId === sessionId ? (ok(m.params), true) : false)));
  }

  async close() {
    try {
      await Promise.race([this.send('Browser.close'), new Promise((ok) => setTimeout(ok, 3000))]);
    } catch {}
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await this.exited;
    // Chromium's helper processes (network service, crashpad) can outlive the browser process and
    // go on writing to the profile; CI once failed removing it with ENOTEMPTY. Stop the whole
    // group and wait until it is gone, then remove the profile, retrying; a leftover temporary
    // folder is a warning, never a failure of checks that passed.
    await stopGroup(this.child.pid);
    try {
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      process.stderr.write(`browser-test: warning: could not remove ${this.profile}: ${error.message}\n`);
    }
  }
}

// Kills process group `pid` and waits (at most 5 s) until no process of it is left.
async function stopGroup(pid) {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let waited = 0; alive() && waited < 5000; waited += 50) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
    await new Promise((ok) => setTimeout(ok, 50));
  }
}
