#!/usr/bin/env node
// A "browser" that speaks just enough DevTools to start and load a page, and never answers
// Page.printToPDF.
import { createReadStream, createWriteStream } from 'node:fs';

const from = createReadStream(null, { fd: 3 });
const to = createWriteStream(null, { fd: 4 });
const answers = {
  'Target.getTargets': { targetInfos: [{ targetId: 'T1', type: 'page' }] },
  'Target.attachToTarget': { sessionId: 'S1' },
  'Browser.getVersion': { product: 'HeadlessChrome/140.0.0.0' },
  'Page.getFrameTree': { frameTree: { frame: { id: 'F1' } } },
};
let buffered = '';
from.on('data', (chunk) => {
  buffered += chunk.toString('utf8');
  for (let end = buffered.indexOf('\0'); end !== -1; end = buffered.indexOf('\0')) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (message.method === 'Page.printToPDF') continue;
    if (message.method === 'Browser.close') process.exit(0);
    to.write(JSON.stringify({ id: message.id, sessionId: message.sessionId, result: answers[message.method] ?? {} }) + '\0');
  }
});
setTimeout(() => {}, 600_000);
