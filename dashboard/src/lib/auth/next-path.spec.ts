import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPathFor } from './next-path';

describe('safeNextPath', () => {
  it.each([
    ['/', '/'],
    ['/sites/new', '/sites/new'],
    ['/sites/6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01/ingest?tab=csv#rows', '/sites/6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01/ingest?tab=csv#rows'],
    ['/sites/../sites/new', '/sites/new'],
  ])('keeps the same-site path %s', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['sites/new'],
    ['https://evil.example/'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/.//evil.example'],
    ['/%2e//evil.example'],
    ['javascript:alert(1)'],
    [' /sites'],
  ])('sends %j to / instead of away from the dashboard', (raw) => {
    expect(safeNextPath(raw)).toBe('/');
  });

  it('never returns to the sign-in page itself', () => {
    expect(safeNextPath('/sign-in?next=/sites')).toBe('/');
  });
});

describe('signInPathFor', () => {
  it('carries the current path and query in next', () => {
    const to = signInPathFor({ pathname: '/sites/abc', search: '?x=1&y=2' });
    expect(to).toBe('/sign-in?next=%2Fsites%2Fabc%3Fx%3D1%26y%3D2');
    expect(safeNextPath(new URL(to, 'http://h').searchParams.get('next'))).toBe('/sites/abc?x=1&y=2');
  });

  it('leaves next out for the home page and for the sign-in page', () => {
    expect(signInPathFor({ pathname: '/', search: '' })).toBe('/sign-in');
    expect(signInPathFor({ pathname: '/sign-in', search: '?next=%2Fsites' })).toBe('/sign-in');
  });
});
