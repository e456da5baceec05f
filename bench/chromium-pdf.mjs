// The renderer a user would otherwise pick for HTML to PDF, for bench/pdf.sh: Debian's headless
// Chromium, started once and kept warm, prints each page given with Page.printToPDF (tagged, with
// an outline), JOBS tabs at a time, over the browser stage's DevTools client (tests/browser). It
// writes PAGE.chromium.pdf beside each page. Chromium has no target-counter(), leader() or string(),
// so these PDFs have no page numbers in the contents and no running header: the comparison is of
// speed only (README, "Speed → PDFs").
//
//   node bench/chromium-pdf.mjs JOBS PAGE…

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser } from '../tests/browser/devtools.mjs';

const [jobs, ...pages] = process.argv.slice(2);
const browser = new Browser('chromium');

async function printAll(queue) {
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const tab = (method, params) => browser.send(method, params, sessionId);
  await tab('Page.enable');
  for (let page; (page = queue.shift()); ) {
    const loaded = browser.event('Page.loadEventFired', sessionId);
    const { errorText } = await tab('Page.navigate', { url: `file://${resolve(page)}` });
    if (errorText) throw new Error(`cannot load ${page}: ${errorText}`);
    await loaded;
    const { data } = await tab('Page.printToPDF', {
      printBackground: true,
      preferCSSPageSize: true,
      generateTaggedPDF: true,
      generateDocumentOutline: true,
    });
    writeFileSync(`${page}.chromium.pdf`, Buffer.from(data, 'base64'));
  }
}

try {
  const queue = [...pages];
  await Promise.all(Array.from({ length: Number(jobs) }, () => printAll(queue)));
} finally {
  await browser.close();
}
