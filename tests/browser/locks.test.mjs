// Browser test of locks: a customer locked in the map view is counted, the comparison runs again
// and equals the native CLI's with the same lock file, the lock survives a reload (autosave),
// and clearing the locks brings the plans back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, fingerprinted, open, recompute, settled } from './helpers.mjs';

const NATIVE = process.env.VISIT_SANDBOX_BIN
  ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'visit-sandbox');

/** The native comparison of the rural preset (plans as planned), with a lock file or without. */
function native(lockFile) {
  const args = ['compare', '--preset', 'rural', '--seed', '42', '--no-headcount-search', '--json'];
  if (lockFile) args.push('--lock', lockFile);
  return JSON.parse(execFileSync(NATIVE, args, { maxBuffer: 1 << 26 }).toString());
}

const prints = (json) => Object.fromEntries(json.models.map((m) => [m.model, m.calendar_fingerprint]));

/** The page's calendar fingerprints per model. */
const shown = (page) => page.$$eval('td.fingerprint',
  (tds) => Object.fromEntries(tds.map((td) => [td.dataset.model, td.textContent])));

/** Waits until the running computation (if any) has finished. */
const idle = (page) => page.waitForFunction(() => !document.getElementById('run-status'), null, { timeout: 180000 });

const count = (page) => page.$eval('#lock-count', (e) => Number(e.textContent.match(/\d+/)[0]));

test('locks: a customer locked in the map view is kept by every model, survives a reload, and clearing it restores the plans', async () => {
  assert.ok(existsSync(NATIVE), `native CLI missing at ${NATIVE}: run cargo test first`);
  const free = native(null);
  const { context, page, errors } = await open('en');
  await fingerprinted(page);
  await recompute(page, () => page.selectOption('#preset', 'rural'));
  await settled(page);
  assert.deepEqual(await shown(page), prints(free));

  await page.click('#tab-map');
  await page.waitForSelector('#lock-count');
  assert.equal(await count(page), 0);
  assert.ok(await page.isDisabled('#lock-clear'), 'nothing to clear');
  assert.ok(await page.isDisabled('#lock-customer'), 'no customer chosen');
  await page.fill('#find-customer', 'C00017');
  await page.press('#find-customer', 'Enter');
  await page.waitForFunction(() => document.querySelector('#customer-details h3')?.textContent.startsWith('C00017'));
  // The button names the manager serving the customer in the model shown (region, by default).
  const label = await page.textContent('#lock-customer');
  const manager = label.match(/\(([^()]+)\)\s*$/)?.[1];
  assert.ok(manager, `the lock button names the manager: ${label}`);

  await page.click('#lock-customer');
  await page.waitForFunction(() => /\b1\b/.test(document.getElementById('lock-count').textContent));
  await idle(page);
  await page.waitForSelector('#customer-lock');
  assert.match(await page.textContent('#customer-lock'), new RegExp(`\\(${manager}\\)`));
  assert.match(await page.textContent('#lock-customer'), /Unlock/);
  assert.ok(!(await page.isDisabled('#lock-clear')));

  // The page's plans with the lock are the native ones with the same lock file.
  const dir = mkdtempSync(join(tmpdir(), 'locks-'));
  const file = join(dir, 'locks.csv');
  writeFileSync(file, `customer_id,main_staff\nC00017,${manager}\n`);
  const locked = native(file);
  assert.ok(locked.models.every((m) => m.plan.locks_kept + m.plan.locks_unkept === 1));
  assert.equal(locked.models.find((m) => m.model === 'region').plan.locks_kept, 1);
  await page.screenshot({ path: join(SHOTS, 'locks-map.png'), fullPage: true });
  await page.click('#tab-compare');
  await settled(page, 180000);
  const withLock = await shown(page);
  assert.deepEqual(withLock, prints(locked), 'wasm and native plans with the lock differ');
  assert.notDeepEqual(withLock, prints(free), 'the lock moves the customer in some model');

  // A reload restores the lock from the autosave, and the same plans.
  await page.reload();
  await page.waitForSelector('#workload-summary:not(:empty)', { timeout: 30000 });
  await settled(page, 180000);
  assert.deepEqual(await shown(page), withLock, 'the reload keeps the lock');
  await page.click('#tab-map');
  await page.waitForSelector('#lock-count');
  assert.equal(await count(page), 1);

  // Clear all: no locks, the plans of the preset as generated.
  await page.click('#lock-clear');
  await page.waitForFunction(() => /\b0\b/.test(document.getElementById('lock-count').textContent));
  assert.ok(await page.isDisabled('#lock-clear'));
  await idle(page);
  await page.click('#tab-compare');
  await settled(page, 180000);
  assert.deepEqual(await shown(page), prints(free), 'clearing the lock restores the plans');
  assert.deepEqual(errors, []);
  await context.close();
});
