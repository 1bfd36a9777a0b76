// The API's try-it page: Swagger UI (from the npm registry, served by the gateway itself)
// over the OpenAPI document, in Debian's headless Chromium. A login made from the page
// with "Try it out" reaches the gateway and answers with a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, registerUser, startGateway } from './stack.mjs';

test('the try-it page lists the routes and a call made from it succeeds', async (t) => {
  const origin = await startGateway(t);
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  const outside = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) outside.push(request.url());
  });
  // A deep link opens the login route: past 150 routes Swagger UI renders only the
  // blocks in view, so they are reached by link (or by scrolling), not all at once.
  await page.goto(`${origin}/sparkweb/api/docs/#/default/login`);
  const login = page.locator('#operations-default-login');
  await login.waitFor({ timeout: 20000 });
  const routes = await page.evaluate(() => window.ui.specSelectors.operations().size);
  assert.ok(routes > 140, `every route is on the page: ${routes}`);

  const { username, password } = registerUser('docs');
  await login.locator('button.try-out__btn').click();
  await login.locator('input[placeholder="username"]').fill(username);
  await login.locator('textarea.body-param__text').fill(password);
  await login.locator('button.execute').click();
  const status = login.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor({ timeout: 20000 });
  assert.equal((await status.textContent()).trim(), '200');
  const body = await login.locator('.live-responses-table tbody .response-col_description pre').first().textContent();
  assert.ok(JSON.parse(body).token, `a token: ${body}`);
  assert.deepEqual(outside, [], 'nothing is fetched from elsewhere');
});
