import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { imageAction, recipeDigest, requiredImages, STANDINS } from './standin-images.mjs';

const root = new URL('../../', import.meta.url).pathname;

describe('requiredImages', () => {
  it('lists images of default-profile services without a build, and the Dockerfile FROM images but not its stages', () => {
    const compose = {
      services: {
        db: { image: 'postgres:15-bookworm' },
        app: { build: '.', image: 'app:local' },
        grafana: { image: 'grafana/grafana:11', profiles: ['observability'] },
      },
    };
    const dockerfile =
      'FROM node:20-bookworm-slim AS build\nRUN x\nFROM build AS test\nfrom --platform=linux/amd64 node:20-bookworm-slim AS runtime\n';
    expect(requiredImages(compose, dockerfile)).toEqual(['node:20-bookworm-slim', 'postgres:15-bookworm']);
  });

  it('every image the repository needs by default has a stand-in recipe (the test can run with no registry)', () => {
    const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true });
    const images = requiredImages(compose, readFileSync(`${root}Dockerfile`, 'utf8'));
    expect(images).toEqual(['node:20-bookworm-slim', 'postgres:15-bookworm', 'redis:7-bookworm']);
    for (const image of images) expect(Object.keys(STANDINS)).toContain(image);
  });
});

describe('imageAction', () => {
  it('uses an official image (no stand-in label) and a current stand-in as they are', () => {
    expect(imageAction({ present: true }, 'abc')).toBe('use');
    expect(imageAction({ present: true, label: 'abc' }, 'abc')).toBe('use');
  });

  it('rebuilds a stand-in whose recipe changed, and gets a missing image', () => {
    expect(imageAction({ present: true, label: 'old' }, 'new')).toBe('rebuild-standin');
    expect(imageAction({ present: false }, 'new')).toBe('pull-or-standin');
  });
});

describe('recipeDigest', () => {
  it('differs between recipes and is stable', () => {
    expect(recipeDigest('postgres')).toBe(recipeDigest('postgres'));
    expect(recipeDigest('postgres')).not.toBe(recipeDigest('redis'));
  });
});
