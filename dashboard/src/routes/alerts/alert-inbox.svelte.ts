import type { Alert, AlertCounts, AlertDetail, AlertResolution } from '@emissions/contracts';
import type { ApiClient } from '$lib/api/api.client';
import { ApiProblemError, describeApiError } from '$lib/api/api-errors';
import type { AlertFilters } from '$lib/api/alert-endpoints';

export type AlertInboxApi = Pick<ApiClient, 'listAlertInbox' | 'getAlert' | 'acknowledgeAlert' | 'resolveAlert'>;
export type AlertMove = 'acknowledge' | 'resolve';

/**
 * The alerts inbox: the filtered list (open first) with its counts, the one action form open at a time,
 * and the histories the operator has expanded. Every answer from a move replaces the row and is followed
 * by a reload, so the counts stay true; a reload that returns after a newer one is dropped.
 */
export class AlertInbox {
  alerts = $state<Alert[] | null>(null);
  counts = $state<AlertCounts | null>(null);
  loadError = $state<string | null>(null);
  filters = $state<AlertFilters>({});
  acting = $state<{ id: string; move: AlertMove } | null>(null);
  note = $state('');
  resolution = $state<AlertResolution>('fixed');
  busy = $state(false);
  actionError = $state<string | null>(null);
  histories = $state<Record<string, AlertDetail>>({});
  private loads = 0;

  constructor(readonly api: AlertInboxApi) {}

  async load(): Promise<void> {
    const mine = ++this.loads;
    try {
      const list = await this.api.listAlertInbox($state.snapshot(this.filters));
      if (mine !== this.loads) return;
      this.alerts = list.data;
      this.counts = list.counts;
      this.loadError = null;
      // Expanded histories follow the list (a move by someone else appears in them too).
      for (const id of Object.keys(this.histories)) if (list.data.some((a) => a.id === id)) void this.refreshHistory(id);
    } catch (error) {
      if (mine === this.loads) this.loadError = describeApiError(error);
    }
  }

  setFilter<K extends keyof AlertFilters>(name: K, value: AlertFilters[K] | ''): void {
    this.filters = { ...this.filters, [name]: value || undefined };
    void this.load();
  }

  startAction(id: string, move: AlertMove): void {
    this.acting = { id, move };
    this.note = '';
    this.resolution = 'fixed';
    this.actionError = null;
  }

  cancelAction(): void {
    this.acting = null;
    this.actionError = null;
  }

  async submit(): Promise<void> {
    if (!this.acting) return;
    const { id, move } = this.acting;
    const note = this.note.trim() || undefined;
    this.busy = true;
    this.actionError = null;
    try {
      const detail =
        move === 'acknowledge' ? await this.api.acknowledgeAlert(id, note) : await this.api.resolveAlert(id, this.resolution, note);
      this.alerts = (this.alerts ?? []).map((a) => (a.id === id ? stripHistory(detail) : a));
      if (this.histories[id]) this.histories = { ...this.histories, [id]: detail };
      this.acting = null;
    } catch (error) {
      this.actionError =
        error instanceof ApiProblemError && error.code === 'alert_state_conflict'
          ? `Someone else has already moved this alert. ${error.detail}`
          : describeApiError(error);
    } finally {
      this.busy = false;
      void this.load();
    }
  }

  async toggleHistory(id: string): Promise<void> {
    if (this.histories[id]) {
      const { [id]: _closed, ...rest } = this.histories;
      this.histories = rest;
      return;
    }
    await this.refreshHistory(id);
  }

  private async refreshHistory(id: string): Promise<void> {
    try {
      this.histories = { ...this.histories, [id]: await this.api.getAlert(id) };
    } catch (error) {
      this.actionError = describeApiError(error);
    }
  }
}

function stripHistory(detail: AlertDetail): Alert {
  const { history: _history, ...alert } = detail;
  return alert;
}
