/**
 * Puts focus on a page's heading when it appears, unless the user is already somewhere on the page: after a
 * client-side navigation focus would otherwise stay on <body>, and a screen reader would not hear where it
 * landed. Pages whose heading waits for data (a site's name) get focus when the name is there.
 */
export function focusHeading(node: HTMLElement): void {
  node.tabIndex = -1;
  const active = document.activeElement;
  if (!active || active === document.body || !document.body.contains(active)) node.focus({ preventScroll: true });
}
