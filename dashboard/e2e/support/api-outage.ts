import { execSync } from 'node:child_process';
import type { Page } from 'playwright-core';

/**
 * Takes the API away from the browser. With E2E_STOP_API_COMMAND (and E2E_START_API_COMMAND to bring it
 * back) the real gateway is stopped; without them, the browser's requests to /api are refused at the
 * network layer, which the page cannot tell apart from a stopped server.
 */
export async function stopApi(page: Page): Promise<'stopped' | 'blocked'> {
  const command = process.env.E2E_STOP_API_COMMAND;
  if (command) {
    execSync(command, { stdio: 'inherit' });
    return 'stopped';
  }
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  return 'blocked';
}

export async function restoreApi(page: Page, how: 'stopped' | 'blocked'): Promise<void> {
  if (how === 'blocked') return page.unroute('**/api/**');
  const command = process.env.E2E_START_API_COMMAND;
  if (command) execSync(command, { stdio: 'inherit' });
}
