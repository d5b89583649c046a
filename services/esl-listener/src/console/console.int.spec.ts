import { launchChromium, requireChromium } from '@sapien/testing';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { namedEvent } from '../websocket/testing/fake-hub.ts';
import { startTestServer, TEST_TOKEN, type RunningTestServer } from '../websocket/testing/test-server.ts';
import { CONSOLE_CSP } from './console-routes.ts';

describe('the live console page', () => {
  let server: RunningTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];

  before(requireChromium);

  before(async () => {
    server = await startTestServer();
    server.hub.statuses = [{ node: 'fs1', mode: 'inbound', state: 'ready', coreUuid: '6f2ea8b8-2f3a-4c1e-9b59-3f0d2c4e8a11', lastSequence: 42 }];
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const events = () => page.getByRole('list', { name: 'Live events, newest first' }).getByRole('listitem');
  const connectionStatus = () => page.locator('#connection-status');

  it('is served with a strict content security policy', async () => {
    const response = await page.goto(`${server.url}/`);
    expect(response?.status()).to.equal(200);
    expect(response?.headers()['content-security-policy']).to.equal(CONSOLE_CSP);
    expect(CONSOLE_CSP).to.contain("default-src 'self'").and.contain("connect-src 'self'");
  });

  it('has a language, a title, one h1 and labelled inputs', async () => {
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    expect(await page.title()).to.contain('ESL live console');
    expect(await page.getByRole('heading', { level: 1 }).count()).to.equal(1);
    for (const input of await page.locator('input').all()) {
      const id = await input.getAttribute('id');
      expect(await page.locator(`label[for="${id}"]`).count(), `label for #${id}`).to.equal(1);
    }
  });

  it('connects with the token, keeps it for the tab, and shows the nodes', async () => {
    await page.getByLabel('Access token').fill(TEST_TOKEN);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await connectionStatus().getByText('Connected; showing ALL.').waitFor();
    await page.getByRole('cell', { name: 'fs1' }).waitFor();
    expect(await page.getByRole('row').nth(1).innerText()).to.contain('ready').and.contain('42');
    expect(await page.evaluate(() => sessionStorage.getItem('sapien.esl.token'))).to.equal(TEST_TOKEN);
    expect(server.websockets.metrics().clients).to.equal(1);
  });

  it('shows live events, newest first', async () => {
    server.hub.emit(namedEvent('CHANNEL_ANSWER', undefined, { 'Unique-ID': 'a1b2' }));
    server.hub.emit(namedEvent('CUSTOM', 'sofia::register'));
    await events().nth(1).waitFor();
    expect(await events().nth(0).getAttribute('data-name')).to.equal('CUSTOM::sofia::register');
    expect(await events().nth(1).innerText()).to.contain('CHANNEL_ANSWER').and.contain('a1b2').and.contain('fs1');
  });

  it('filters by event name', async () => {
    await page.getByLabel('Event names (space-separated)').fill('CHANNEL_ANSWER');
    await page.getByRole('button', { name: 'Apply' }).click();
    await connectionStatus().getByText('Connected; showing CHANNEL_ANSWER.').waitFor();
    expect(await events().count()).to.equal(0);
    server.hub.emit(namedEvent('CHANNEL_HANGUP'));
    server.hub.emit(namedEvent('CUSTOM', 'sofia::register'));
    server.hub.emit(namedEvent('CHANNEL_ANSWER', undefined, { 'Unique-ID': 'c3d4' }));
    // Sent in order on one connection: once the answer shows, the others would have shown before it.
    await events().first().waitFor();
    expect(await events().count()).to.equal(1);
    expect(await events().first().innerText()).to.contain('CHANNEL_ANSWER').and.contain('c3d4');
  });

  it('refuses a filter that is not an event name without losing the subscription', async () => {
    await page.getByLabel('Event names (space-separated)').fill('channel answer');
    await page.getByRole('button', { name: 'Apply' }).click();
    await connectionStatus().getByText('"channel" is not an event name', { exact: false }).waitFor();
    expect(await page.getByLabel('Event names (space-separated)').getAttribute('aria-invalid')).to.equal('true');
    server.hub.emit(namedEvent('CHANNEL_ANSWER', undefined, { 'Unique-ID': 'e5f6' }));
    await page.getByText('e5f6', { exact: false }).waitFor();
  });

  it('starts a capture, stops it and downloads it as NDJSON', async () => {
    const captureStatus = page.locator('#capture-status');
    await page.getByRole('button', { name: 'Start capture' }).click();
    await captureStatus.getByText('running', { exact: false }).waitFor();
    const captureId = server.websockets.capture.list()[0]!.captureId;

    server.hub.emit(namedEvent('CHANNEL_ANSWER'));
    server.hub.emit(namedEvent('HEARTBEAT'), { format: 'json' });
    await server.hub.api('fs1', 'status');
    await page.getByRole('button', { name: 'Stop capture' }).click();
    await captureStatus.getByText(`Capture ${captureId} stopped (requested): 4 entries.`).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download NDJSON' }).click()]);
    expect(download.suggestedFilename()).to.equal(`capture-${captureId}.ndjson`);
    const text = await readFile(await download.path(), 'utf8');
    expect(text).to.equal(server.websockets.capture.ndjson(captureId));
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as { seq: number; direction: string });
    expect(lines.map((entry) => [entry.seq, entry.direction])).to.deep.equal([
      [1, 'in'],
      [2, 'in'],
      [3, 'out'],
      [4, 'in'],
    ]);
  });

  it('reconnects by itself on reload with the token kept for the tab', async () => {
    await page.reload();
    await connectionStatus().getByText('Connected; showing ALL.').waitFor();
  });

  it('reports a refused token', async () => {
    await page.getByLabel('Access token').fill('not-the-token');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await connectionStatus().getByText('Connection refused: check the access token.').waitFor();
  });

  it('met no content security policy violation', () => {
    expect(cspViolations).to.deep.equal([]);
  });
});
