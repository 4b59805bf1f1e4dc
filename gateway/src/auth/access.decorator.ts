import { SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/**
 * Who may call a route. Routes without a decorator are operator-only, so a new route is closed until
 * someone opens it on purpose.
 * - `public`: no credential (health, metrics, docs, problem pages, sign-in).
 * - `authenticated`: any valid credential (who-am-I).
 * - `site`: operators, or a device key of the site in the route's `:id` (or, for ingest, the body's `site_id`).
 * - `operator`: operators only.
 */
export type Access = 'public' | 'authenticated' | 'site' | 'operator';

export const ACCESS_METADATA = 'emissions:access';

export const Allow = (access: Access) => SetMetadata(ACCESS_METADATA, access);

/** Who may call a handler: its own @Allow, else its controller's, else operators only (read by the guard and the API document). */
export const accessOf = (reflector: Reflector, handlerAndClass: Parameters<Reflector['getAllAndOverride']>[1]): Access =>
  reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, handlerAndClass) ?? 'operator';
