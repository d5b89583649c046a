import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium, requireChromium } from './browser.ts';

describe('the test browser', () => {
  before(requireChromium);

  it('renders a page served on loopback and clicks a button', async () => {
    const server = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end('<button onclick="this.textContent=\'clicked\'">click</button>'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.getByRole('button').click();
      expect(await page.getByRole('button').textContent()).to.equal('clicked');
    } finally {
      await browser.close();
      server.close();
    }
  });
});
