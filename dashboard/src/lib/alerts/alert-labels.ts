import type { AlertResolution, AlertSeverity, AlertStatus, AlertType } from '@emissions/contracts';

export const TYPE_LABEL: Record<AlertType, string> = {
  limit_exceeded: 'Limit exceeded',
  annual_limit_exceeded: 'Annual limit exceeded',
  near_limit: 'Near limit',
  super_emitter: 'Super-emitter event',
};

export const SEVERITY_LABEL: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning' };
export const STATUS_LABEL: Record<AlertStatus, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
export const RESOLUTION_LABEL: Record<AlertResolution, string> = { fixed: 'Fixed', false_alarm: 'False alarm' };
export const ACTION_LABEL = { raised: 'Raised', acknowledged: 'Acknowledged', resolved: 'Resolved' } as const;
