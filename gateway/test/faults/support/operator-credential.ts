/** The gateway of a fault stack and the operator key (ADMIN_API_KEY) every client of the suite presents. */
export type ApiTarget = { baseUrl: string; adminKey: string };

/** `Authorization: Bearer <key>`: the stack runs with ANONYMOUS_LOOPBACK=false, so nothing passes without it. */
export function operatorAuthorization(adminKey: string): Record<string, string> {
  return { authorization: `Bearer ${adminKey}` };
}
