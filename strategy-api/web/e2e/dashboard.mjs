// Drives the dashboard in Debian's Chromium (headless) with Playwright: every page renders real
// numbers and charts, a video plays, a brief is created. Screenshots go to SCREENSHOT_DIR.
// The review page is driven by keyboard only (j/k, a, r + reason + Enter) with a review key.
// Env: BASE_URL, API_KEY, REVIEW_KEY, SCREENSHOT_DIR. Exits non-zero with the reason on any failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const key = process.env.API_KEY;
const shots = process.env.SCREENSHOT_DIR;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required'],
  // Playwright gives the browser a new, empty profile directory of its own.
});
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const consoleErrors = [];
  page.on('pageerror', e => consoleErrors.push(e.message));
  await page.goto(base + '/');
  await page.fill('#api-key', key);
  await page.click('#key-form button');

  async function settle() {
    await page.waitForFunction(() => document.querySelectorAll('.panel').length > 0 &&
      [...document.querySelectorAll('.panel')].every(p => p.dataset.state !== 'loading'), null, { timeout: 20000 });
  }
  async function visit(n, name) {
    await page.keyboard.press(String(n));
    await page.waitForFunction(p => document.getElementById('page').dataset.page === p, name);
    await settle();
    await page.screenshot({ path: join(shots, `${n}-${name}.png`), fullPage: true });
  }
  const state = id => page.$eval('#' + id, p => p.dataset.state);
  const text = id => page.$eval('#' + id, p => p.innerText);
  const canvases = id => page.$$eval('#' + id + ' canvas', cs => cs.length);

  await visit(1, 'kpis');
  check(await state('kpi-platforms') === 'ready', 'KPI totals panel ready');
  check(/TIKTOK/.test(await text('kpi-platforms')) && /\d{3}/.test(await text('kpi-platforms')), 'KPI totals show numbers');
  check(await canvases('kpi-arms') === 1, 'KPI arm chart drawn');
  check(/2 arms, 20 windows/.test(await text('kpi-arms')), 'KPI arm series has the seeded windows');
  check(await state('kpi-trends') === 'ready', 'trends panel ready');
  // Live: the page reloads its data without a page reload.
  const before = await page.evaluate(() => performance.getEntriesByType('resource').filter(r => r.name.includes('/v1/kpis/arms')).length);
  await page.waitForTimeout(5600);
  const after = await page.evaluate(() => performance.getEntriesByType('resource').filter(r => r.name.includes('/v1/kpis/arms')).length);
  check(after > before, 'KPI page refreshes by itself');

  await visit(2, 'pipeline');
  check(await state('pipeline-status') === 'ready' && await canvases('pipeline-status') === 1, 'pipeline status chart');
  check(/requested/.test(await text('pipeline-status')), 'pipeline status shows requested jobs');
  check(await state('pipeline-days') === 'ready' && await canvases('pipeline-days') === 1, 'pipeline per-day chart');
  check(await state('pipeline-stages') === 'ready' && await canvases('pipeline-stages') === 1, 'stage latency chart');
  check(/ASSEMBLY/.test(await text('pipeline-stages')), 'stages listed');
  check(await state('pipeline-cost') === 'ready' && await canvases('pipeline-cost') === 1, 'cost chart');
  check(/1\.25/.test(await text('pipeline-cost')) && /\b5\b/.test(await text('pipeline-cost')), 'cost and budget shown');

  await visit(3, 'models');
  check(await state('models-versions') === 'ready', 'models panel ready');
  check(await canvases('models-versions') === 2, 'model metric and importance charts');
  check(await page.$$eval('#models-versions img.plot', imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).length) >= 1, 'training plots shown');
  check(/Top features[^\n]*\n\s*hook_style/.test(await text('models-versions')), 'the top feature is the planted one (hook style)');

  await visit(4, 'recommendations');
  for (const p of ['YOUTUBE_SHORTS', 'TIKTOK', 'INSTAGRAM_REELS']) {
    check(await state('rec-' + p) === 'ready' && await canvases('rec-' + p) === 1, 'recommendations for ' + p);
    check(/thompson/.test(await text('rec-' + p)), 'recommendations use the champion for ' + p);
    const rec = await text('rec-' + p);
    check(/\d of 6 arms explore/.test(rec) && /explores with probability 70%/.test(rec), 'how much the list explores, for ' + p);
    check(/hook [a-z ]+, pacing [a-z]+, length \d+ s, voice .+, posting hour \d\d:00/.test(rec), 'the best arm in full, for ' + p);
    check(/as the best, but |the best arm again/.test(rec), 'the other arms by what sets them apart, for ' + p);
    check(/[\d.,]+–[\d.,]+/.test(rec), 'a predicted range per arm, for ' + p);
  }

  await visit(5, 'videos');
  check(await state('videos-gallery') === 'ready', 'gallery ready');
  const thumbs = await page.$$eval('.card img', imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).length);
  check(thumbs >= 1, 'thumbnails load');
  // Each thumbnail is shown whole: the share of the image inside its box, from its natural size,
  // its box and its object-fit (cover crops, contain and scale-down never do; fill/none show all
  // of it undistorted only when the box has the image's aspect).
  const shown = await page.$$eval('.card img', imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).map(i => {
    const fit = getComputedStyle(i).objectFit;
    const cw = i.clientWidth, ch = i.clientHeight, nw = i.naturalWidth, nh = i.naturalHeight;
    if (fit === 'fill' || fit === 'none') return Math.abs(cw / ch - nw / nh) < 0.01 ? 1 : 0;
    const s = fit === 'cover' ? Math.max(cw / nw, ch / nh)
      : Math.min(cw / nw, ch / nh, fit === 'scale-down' ? 1 : Infinity);
    return Math.min(1, cw / (nw * s)) * Math.min(1, ch / (nh * s));
  }));
  check(shown.length >= 1 && shown.every(x => x > 0.999), 'thumbnails shown whole (visible share ' + JSON.stringify(shown) + ')');
  // The video seeded with its licence evidence (the review queue's videos are in the gallery too).
  await page.click(`.card[data-video="${process.env.EVIDENCE_VIDEO}"]`);
  await page.waitForSelector('#video-player', { timeout: 10000 });
  const played = await page.waitForFunction(() => {
    const v = document.getElementById('video-player');
    return v && v.currentTime > 0.3 && v.readyState >= 2;
  }, null, { timeout: 15000 }).then(() => true, () => false);
  check(played, 'the video plays');
  await page.waitForSelector('#evidence-verdict', { timeout: 10000 });
  const evidence = await page.$eval('#video-evidence', e => e.innerText);
  check(/espeak-ng/.test(evidence) && /GPL-3.0-or-later/.test(evidence), 'the voice evidence is shown');
  check(/template corpus/.test(evidence) && /sha256:/.test(evidence), 'the script evidence is shown with its receipt');
  check(/Not publishable: licence evidence: music \(music-folder\): no licence/.test(evidence), 'the missing music licence is named');
  check(/music-folder[\s\S]*missing/.test(evidence), 'the missing licence is marked in the table');
  await page.screenshot({ path: join(shots, '5-videos-playing.png'), fullPage: true });

  await visit(6, 'experiments');
  check(await state('experiments-list') === 'ready', 'experiments ready');
  check(/Hook test/.test(await text('experiments-list')), 'the seeded experiment is listed');
  check(await canvases('experiments-list') === 1, 'experiment chart');

  await visit(7, 'briefs');
  await page.selectOption('#new-brief select[name=platform]', 'TIKTOK');
  await page.fill('#new-brief input[name=niche]', 'fitness');
  await page.fill('#new-brief input[name=count]', '2');
  await page.click('#new-brief button');
  const created = await page.waitForSelector('#brief-created', { timeout: 20000 }).then(() => true, () => false);
  check(created, 'a brief is created from the form');
  if (created) check(/2 jobs requested/.test(await page.innerText('#brief-created')), 'the brief has 2 jobs');
  await page.screenshot({ path: join(shots, '7-briefs-created.png'), fullPage: true });

  await visit(8, 'accounts');
  check(await state('accounts-list') === 'ready', 'accounts ready');
  check(/TIKTOK\s+open-1\s+Clip Studio/.test(await text('accounts-list')), 'the connected TikTok account is listed');
  check(/init 2/.test(await text('accounts-list')), "today's quota use is shown");
  // Every column is on screen: the table does not overflow its panel.
  check(await page.$eval('#accounts-list', p => p.scrollWidth <= p.clientWidth), 'the accounts table fits its panel');

  // The review queue needs a key with the review scope.
  await page.fill('#api-key', process.env.REVIEW_KEY);
  await page.click('#key-form button');
  await visit(9, 'review');
  check(await state('review-queue') === 'ready', 'review queue ready');
  const reviewItems = () => page.$$eval('#review-list li', lis => lis.map(l => l.dataset.video));
  const selected = () => page.$eval('#review-list li.selected', l => l.dataset.video);
  const waiting = await reviewItems();
  check(waiting.length === 2, 'two videos wait for review (' + waiting.length + ')');
  check(/borderline moderation: borderline: financial promise/.test(await text('review-queue')), 'why a video waits is shown');
  const reviewPlayed = await page.waitForFunction(() => {
    const v = document.getElementById('review-player');
    return v && v.currentTime > 0.3 && v.readyState >= 2;
  }, null, { timeout: 15000 }).then(() => true, () => false);
  check(reviewPlayed, 'the waiting video plays');
  await page.keyboard.press('j');
  check(await selected() === waiting[1], 'j moves to the next video');
  await page.keyboard.press('k');
  check(await selected() === waiting[0], 'k moves back');
  await page.screenshot({ path: join(shots, '9-review.png'), fullPage: true });
  await page.keyboard.press('a');
  const approvedOk = await page.waitForFunction(() => /Approved/.test(document.getElementById('review-status').innerText) &&
    document.querySelectorAll('#review-list li').length === 1, null, { timeout: 10000 }).then(() => true, () => false);
  check(approvedOk, 'a approves the video shown: ' + await text('review-queue'));
  // r without a reason only puts the cursor in the reason box; Enter with a reason rejects.
  await page.keyboard.press('r');
  check(await page.evaluate(() => document.activeElement.id) === 'reject-reason', 'r focuses the reason box');
  await page.keyboard.type('off-brand music');
  await page.keyboard.press('Enter');
  const rejectedOk = await page.waitForSelector('#review-empty', { timeout: 10000 }).then(() => true, () => false);
  check(rejectedOk, 'r + reason + Enter rejects the last video: ' + await text('review-queue'));
  check(/Rejected .*: off-brand music/.test(await text('review-queue')), 'the rejection and its reason are confirmed');
  await page.screenshot({ path: join(shots, '9-review-done.png'), fullPage: true });
  check(consoleErrors.length === 0, 'no script errors: ' + consoleErrors.join('; '));
} catch (e) {
  failures.push('exception: ' + e.message);
} finally {
  await browser.close();
}
if (failures.length) {
  console.log('FAILED: ' + failures.join(' | '));
  process.exit(1);
}
console.log('dashboard ok');
