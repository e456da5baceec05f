// The browser stage (scripts/browser-test): Debian's headless Chromium, driven over the DevTools
// protocol on a pipe (--remote-debugging-pipe: no WebSocket, no extra npm package), loads every
// page type of the example site from a server on 127.0.0.1 at a desktop and a phone width, saves
// screenshots (and of the first drawn screens of each flow page), runs axe-core with the WCAG 2.1 A
// and AA rules, checks that no drawn screen overflows its frame, and that the print stylesheet hides
// the navigation. With --manualgen, also `manualgen serve` on a copy of the example project: an
// edit of a prose file shows in the open page without a reload by hand, a bad edit shows the error
// overlay with file and line, and fixing it takes the overlay away. Exit 0 when all pass, 1 otherwise.
//
//   node run.mjs --site DIR --out DIR [--chromium PATH] [--manualgen PATH]

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { Browser } from './devtools.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const siteDir = resolve(args.site ?? 'public');
const outDir = resolve(args.out ?? 'artifacts');
const chromiumPath = args.chromium ?? 'chromium';
const manualgenPath = args.manualgen ? resolve(args.manualgen) : undefined;
const sourceDir = resolve(new URL('../..', import.meta.url).pathname);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Every page type, for two organisations with different brands and languages.
const PAGES = [
  ['site-index', 'index.html'],
  ['landing', 'zorggroep-noorderlicht/nl/index.html'],
  ['flow-register', 'zorggroep-noorderlicht/nl/register/index.html'],
  ['flow-reset', 'zorggroep-noorderlicht/nl/reset/index.html'],
  ['flow-unlock', 'zorggroep-noorderlicht/nl/unlock/index.html'],
  ['flow-change', 'zorggroep-noorderlicht/nl/change/index.html'],
  ['manual', 'zorggroep-noorderlicht/nl/manual.html'],
  ['landing-en', 'ziekenhuis-rivierenland/en/index.html'],
  ['flow-reset-en', 'ziekenhuis-rivierenland/en/reset/index.html'],
  ['manual-en', 'ziekenhuis-rivierenland/en/manual.html'],
  ['servicedesk', 'zorggroep-noorderlicht/nl/servicedesk/index.html'],
  ['servicedesk-en', 'ziekenhuis-rivierenland/en/servicedesk/index.html'],
];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800, mobile: false, deviceScaleFactor: 1 },
  { name: 'phone', width: 390, height: 844, mobile: true, deviceScaleFactor: 2 },
];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Navigation that print CSS must hide: skip link, language switcher, breadcrumb, permalinks,
// the method jump list, the link to the manual, the site footer, the servicedesk page's filter and
// copy buttons.
const NAVIGATION = ['.skip', 'nav.languages', '.crumbs', '.permalink', '.choice-nav', '.manual-link', '.site-footer', '.desk-filter', '.desk-copy'];
const MAX_SCREENSHOT_HEIGHT = 6000; // CSS pixels; the long manual is cut there
const DEADLINE_MS = 240_000;

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.pdf': 'application/pdf' };

function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    let file = path.endsWith(sep) ? join(path, 'index.html') : path;
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function openTab(browser) {
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const tab = (method, params) => browser.send(method, params, sessionId);
  await tab('Page.enable');
  await tab('Runtime.enable');
  return { tab, sessionId };
}

async function evaluate(tab, expression) {
  const { result, exceptionDetails } = await tab('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(`in page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}

async function load(browser, tab, sessionId, url) {
  const loaded = browser.event('Page.loadEventFired', sessionId);
  const { errorText } = await tab('Page.navigate', { url });
  if (errorText) throw new Error(`cannot load ${url}: ${errorText}`);
  await loaded;
}

async function screenshot(tab, file) {
  const { cssContentSize } = await tab('Page.getLayoutMetrics');
  const clip = { x: 0, y: 0, width: Math.ceil(cssContentSize.width), height: Math.min(Math.ceil(cssContentSize.height), MAX_SCREENSHOT_HEIGHT), scale: 1 };
  const { data } = await tab('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip });
  writeFileSync(file, Buffer.from(data, 'base64'));
}

// The drawn screens (figure.screen): each has an accessible name, and nothing inside sticks out of
// its frame at this width (a long label wraps instead of overflowing a button).
async function checkScreens(tab) {
  return evaluate(
    tab,
    `(() => {
       const problems = [];
       const figures = [...document.querySelectorAll('figure.screen')];
       for (const f of figures) {
         const id = f.dataset.screen;
         if (f.getAttribute('role') !== 'img' || !f.getAttribute('aria-label')) problems.push(id + ': no role=img with a name');
         const frame = f.querySelector('.screen-frame').getBoundingClientRect();
         for (const el of f.querySelectorAll('.screen-frame *')) {
           const r = el.getBoundingClientRect();
           if (r.width && (r.right > frame.right + 0.5 || r.left < frame.left - 0.5))
             problems.push(id + ': ' + (el.className || el.tagName) + ' sticks out of the frame');
           if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow === 'visible' && el.clientWidth)
             problems.push(id + ': ' + (el.className || el.tagName) + ' overflows');
         }
       }
       const rects = figures.slice(0, 4).map(f => { const r = f.getBoundingClientRect(); return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height, id: f.dataset.screen }; });
       return { count: figures.length, problems: [...new Set(problems)], rects };
     })()`,
  );
}

// The servicedesk page: its script shows the filter and a copy button per entry, and the filter
// leaves only the entries with the words typed.
async function checkServicedesk(tab) {
  const desk = await evaluate(
    tab,
    `(() => {
       const filter = document.getElementById('desk-filter');
       const items = [...document.querySelectorAll('.desk-link')];
       const buttons = [...document.querySelectorAll('.desk-copy')].filter(b => !b.hidden).length;
       filter.value = 'sms';
       filter.dispatchEvent(new Event('input'));
       const matching = items.filter(i => !i.hidden);
       const right = matching.every(i => i.textContent.toLowerCase().includes('sms'));
       filter.value = '';
       filter.dispatchEvent(new Event('input'));
       return { items: items.length, buttons, matching: matching.length, right, filter: !filter.parentNode.hidden };
     })()`,
  );
  const problems = [];
  if (!desk.filter) problems.push('the filter is not shown');
  if (desk.buttons !== desk.items) problems.push(`${desk.buttons} copy buttons for ${desk.items} entries`);
  if (!(desk.matching > 0 && desk.matching < desk.items) || !desk.right) problems.push(`filtering for "sms" leaves ${desk.matching} of ${desk.items} entries`);
  return problems;
}

async function screenshotRect(tab, rect, file) {
  const clip = { x: Math.floor(rect.x), y: Math.floor(rect.y), width: Math.ceil(rect.width), height: Math.ceil(rect.height), scale: 1 };
  const { data } = await tab('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip });
  writeFileSync(file, Buffer.from(data, 'base64'));
}

// A port nothing listens on now.
function freePort() {
  const probe = createServer();
  return new Promise((ok) => probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => ok(port));
  }));
}

// Polls `expression` in the page until it is true; false after `ms`.
async function pageBecomes(tab, expression, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((ok) => setTimeout(ok, 100))) {
    try {
      if (await evaluate(tab, expression)) return true;
    } catch {} // the page is between documents while it reloads
  }
  return false;
}

// `manualgen serve` on a copy of the example project, with one page open: the edits a writer
// makes, one after the other, and what the page must show within a few seconds of each.
async function checkServe(browser) {
  const project = mkdtempSync(join(tmpdir(), 'manualgen-serve-'));
  for (const name of ['site-config.json', 'content', 'locales', 'themes', 'assets', 'checks'])
    cpSync(join(sourceDir, name), join(project, name), { recursive: true });
  const port = await freePort();
  const serve = spawn(manualgenPath, ['serve', '--port', String(port), '--interval', '100', '-q'], {
    cwd: project, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MANUALGEN_CACHE_DIR: join(project, '.qr') },
  });
  let log = '';
  serve.stdout.on('data', (d) => { log += d; });
  serve.stderr.on('data', (d) => { log += d; });
  const failures = [];
  try {
    const { tab, sessionId } = await openTab(browser);
    const page = 'zorggroep-noorderlicht/nl/reset/index.html';
    for (let waited = 0; !existsSync(join(project, 'public', page)) && waited < 30_000; waited += 100)
      await new Promise((ok) => setTimeout(ok, 100));
    await load(browser, tab, sessionId, `http://127.0.0.1:${port}/${page}`);
    const prose = join(project, 'content/nl/reset.md');
    const original = readFileSync(prose, 'utf8');
    const marker = 'Live herladen werkt';
    const overlay = "document.getElementById('manualgen-error-overlay')";
    // A paragraph of its own under the title, which the page shows first.
    const intro = (text) => original.replace(/^(# [^\n]*\n)/, `$1\n${text}.\n`);
    const steps = [
      ['an edit shows in the open page', intro(marker),
        `document.body.innerText.includes(${JSON.stringify(marker)}) && !${overlay}`],
      ['a bad edit shows the error overlay with file and line', original.replace('{{ui.next}}.', '{{ui.next.'),
        String.raw`/content\/nl\/reset\.md:\d+(:\d+)?: error/.test(${overlay}?.innerText ?? '')`],
      ['fixing it takes the overlay away', intro(`${marker} weer`),
        `document.body.innerText.includes(${JSON.stringify(marker + ' weer')}) && !${overlay}`],
    ];
    for (const [what, text, expected] of steps) {
      if (text === original) throw new Error(`serve: ${what}: the edit does not apply to content/nl/reset.md any more`);
      writeFileSync(prose, text);
      if (await pageBecomes(tab, expected, 10_000)) console.log(`ok   serve: ${what}`);
      else failures.push(`serve: ${what}: not within 10 s`);
    }
    if (readFileSync(join(project, 'public', page), 'utf8').includes('__manualgen'))
      failures.push('serve: the live script was written into the built page');
  } finally {
    serve.kill('SIGTERM');
    await new Promise((ok) => (serve.exitCode === null ? serve.on('exit', ok) : ok()));
    rmSync(project, { recursive: true, force: true });
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  if (failures.length) console.log(`manualgen serve said:\n${log}`);
  return failures.length;
}

async function main() {
  const started = Date.now();
  const shots = join(outDir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  const server = await serve(siteDir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = new Browser(chromiumPath);
  const watchdog = setTimeout(() => {
    console.error(`browser-test: no result after ${DEADLINE_MS / 1000} s; Chromium said:\n${browser.stderr}`);
    browser.child.kill('SIGKILL');
    process.exit(1);
  }, DEADLINE_MS);
  const report = [];
  let failures = 0;
  try {
    const { version } = { version: (await browser.send('Browser.getVersion')).product };
    console.log(`browser-test: ${version}, axe-core ${JSON.parse(readFileSync(createRequire(import.meta.url).resolve('axe-core/package.json'), 'utf8')).version}, site on ${base}`);
    const { tab, sessionId } = await openTab(browser);
    for (const [name, path] of PAGES) {
      for (const viewport of VIEWPORTS) {
        await tab('Emulation.setDeviceMetricsOverride', viewport);
        await tab('Emulation.setEmulatedMedia', { media: 'screen' });
        await load(browser, tab, sessionId, base + path);
        const file = join(shots, `${name}-${viewport.name}.png`);
        await screenshot(tab, file);
        await evaluate(tab, axeSource);
        const axe = await evaluate(
          tab,
          `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })
             .then(r => ({ passes: r.passes.length, violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })) })) }))`,
        );
        const entry = { page: path, viewport: viewport.name, screenshot: file, violations: axe.violations };
        const screens = await checkScreens(tab);
        entry.screens = screens.count;
        for (const problem of screens.problems) {
          failures++;
          console.log(`FAIL ${path} (${viewport.name}): screen ${problem}`);
        }
        if (name.startsWith('servicedesk'))
          for (const problem of await checkServicedesk(tab)) {
            failures++;
            console.log(`FAIL ${path} (${viewport.name}): servicedesk page: ${problem}`);
          }
        if (name.startsWith('flow'))
          for (const [i, rect] of screens.rects.entries())
            await screenshotRect(tab, rect, join(shots, `screen-${name}-${viewport.name}-${i + 1}-${rect.id}.png`));
        for (const v of axe.violations) {
          failures++;
          console.log(`FAIL ${path} (${viewport.name}): axe ${v.id} [${v.impact}] ${v.help}`);
          for (const n of v.nodes.slice(0, 5)) console.log(`     at ${n.target}\n     ${n.summary.replace(/\n/g, '\n     ')}`);
        }
        // Print: navigation hidden, the content still there.
        if (viewport.name === 'desktop') {
          await tab('Emulation.setEmulatedMedia', { media: 'print' });
          const print = await evaluate(
            tab,
            `(() => {
               const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
               const visible = ${JSON.stringify(NAVIGATION)}.flatMap(s => [...document.querySelectorAll(s)].filter(shown).map(() => s));
               const main = document.querySelector('main');
               return { visible: [...new Set(visible)], content: !!main && shown(main) && main.innerText.trim().length > 100 };
             })()`,
          );
          entry.print = print;
          if (print.visible.length || !print.content) {
            failures++;
            console.log(`FAIL ${path} (print): ${print.visible.length ? 'navigation shown: ' + print.visible.join(', ') : 'the content is hidden'}`);
          }
          if (name.startsWith('manual') || name === 'flow-reset') await screenshot(tab, join(shots, `${name}-print.png`));
        }
        if (!axe.violations.length && (!entry.print || (!entry.print.visible.length && entry.print.content)))
          console.log(`ok   ${path} (${viewport.name}): ${axe.passes} axe rules pass, ${entry.screens} screens drawn${entry.print ? ', print hides navigation' : ''}`);
        report.push(entry);
      }
    }
    if (manualgenPath) failures += await checkServe(browser);
  } catch (error) {
    failures++;
    console.error(`browser-test: ${error.message}\nChromium said:\n${browser.stderr}`);
  } finally {
    clearTimeout(watchdog);
    await browser.close();
    server.close();
  }
  writeFileSync(join(outDir, 'browser-report.json'), JSON.stringify(report, null, 2) + '\n');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`browser-test: ${report.length} page loads, ${failures} failure${failures === 1 ? '' : 's'}, ${seconds} s; screenshots in ${shots}`);
  process.exit(failures ? 1 : 0);
}

main();
