import { siteTimeZone } from '$lib/format';

const STORAGE_KEY = 'emissions.times-in-utc';

/**
 * Which zone times are shown in: each site's own zone (UTC for a site without one), or UTC everywhere when the
 * operator turns the toggle on. The choice is kept in this browser.
 */
class DisplayZone {
  utc = $state(false);

  constructor() {
    if (typeof localStorage !== 'undefined') this.utc = localStorage.getItem(STORAGE_KEY) === 'true';
  }

  set(utc: boolean): void {
    this.utc = utc;
    if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, String(utc));
  }

  zoneFor(site: object | null | undefined): string {
    return this.utc ? 'UTC' : siteTimeZone(site);
  }
}

export const displayZone = new DisplayZone();
