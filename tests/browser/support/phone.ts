import type { Locator } from 'playwright-core';
import type { Session } from './browser';

/** The page on top of the stack (the one the person sees); locators pierce its shadow root. */
export function topPage(s: Session): Locator {
  return s.phone.locator('.wv-page--top .wv-scroller');
}

/** The custom tab bar of the page on top. */
export function tabBar(s: Session): Locator {
  return s.phone.locator('.wv-page--top .wv-tabbar');
}

/** Visible text of a page, whitespace collapsed (shadow DOM included). */
export async function phoneText(page: Locator): Promise<string> {
  return (await page.evaluate((host) => host.shadowRoot?.textContent ?? host.textContent ?? '')).replace(/\s+/g, ' ');
}

export async function waitForRoute(s: Session, route: string, timeout = 10_000): Promise<void> {
  await s.phone.locator(`.wv-page--top[data-route="${route}"]`).waitFor({ timeout });
}
