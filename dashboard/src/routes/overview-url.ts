import { DEFAULT_VIEW, type OverviewView, SORT_LABELS, type SortKey, type StatusFilter } from './overview-rows';

const STATUSES: StatusFilter[] = ['all', 'exceeded', 'near', 'within'];

/** The overview's view from its URL (`?q=&status=&meta=key:value&sort=&dir=&page=`); anything unknown is the default. */
export function viewFromUrl(params: URLSearchParams): OverviewView {
  const sort = params.get('sort') as SortKey | null;
  const status = params.get('status') as StatusFilter | null;
  const meta = params.get('meta') ?? '';
  const cut = meta.indexOf(':');
  const page = Number(params.get('page'));
  return {
    query: params.get('q') ?? '',
    status: status && STATUSES.includes(status) ? status : DEFAULT_VIEW.status,
    metaKey: cut > 0 ? meta.slice(0, cut) : '',
    metaValue: cut > 0 ? meta.slice(cut + 1) : '',
    sortBy: sort && sort in SORT_LABELS ? sort : DEFAULT_VIEW.sortBy,
    descending: params.has('dir') ? params.get('dir') === 'desc' : DEFAULT_VIEW.descending,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The query string of a view, leaving defaults out so a plain `/` stays plain. */
export function viewToQuery(view: OverviewView): string {
  const params = new URLSearchParams();
  if (view.query) params.set('q', view.query);
  if (view.status !== DEFAULT_VIEW.status) params.set('status', view.status);
  if (view.metaKey) params.set('meta', `${view.metaKey}:${view.metaValue}`);
  if (view.sortBy !== DEFAULT_VIEW.sortBy) params.set('sort', view.sortBy);
  if (view.descending !== DEFAULT_VIEW.descending) params.set('dir', view.descending ? 'desc' : 'asc');
  if (view.page !== 1) params.set('page', String(view.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
