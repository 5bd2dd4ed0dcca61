// The location policy of compiled output, as data: environment in, folders out (pure).
import { describe, expect, it } from 'vitest';
import { cacheFolderName, compiledPlaces, pathKey, placeList, type PlaceEnv } from '../../src/compiled/place.js';

const key = (dir: string) => cacheFolderName(dir);
const cases: { name: string; dir: string; env: PlaceEnv; expected: string[] }[] = [
  { name: 'XDG_CACHE_HOME wins', dir: '/srv/policies', env: { XDG_CACHE_HOME: '/c', HOME: '/home/a' }, expected: ['/srv/policies/.handbook', `/c/handbook/${key('/srv/policies')}`] },
  { name: 'HOME/.cache by default', dir: '/srv/policies', env: { HOME: '/home/a' }, expected: ['/srv/policies/.handbook', `/home/a/.cache/handbook/${key('/srv/policies')}`] },
  { name: 'a relative XDG_CACHE_HOME is ignored (XDG spec)', dir: '/srv/p', env: { XDG_CACHE_HOME: 'cache', HOME: '/home/a' }, expected: ['/srv/p/.handbook', `/home/a/.cache/handbook/${key('/srv/p')}`] },
  { name: 'an empty XDG_CACHE_HOME is unset', dir: '/srv/p', env: { XDG_CACHE_HOME: '', HOME: '/h' }, expected: ['/srv/p/.handbook', `/h/.cache/handbook/${key('/srv/p')}`] },
  { name: 'no usable cache: beside only', dir: '/srv/p', env: { HOME: '' }, expected: ['/srv/p/.handbook'] },
];

describe('compiledPlaces', () => {
  for (const c of cases) {
    it(c.name, () => {
      // Ensure each environment gives exactly these folders, in this order.
      expect(placeList(compiledPlaces(c.dir, c.env))).toEqual(c.expected);
    });
  }

  it('keys folders by their path: two folders of the same name never share a cache folder', () => {
    // Ensure one handbook's output can never be taken for (or overwrite) another's.
    expect(key('/a/policies')).not.toBe(key('/b/policies'));
    expect(key('/a/policies')).toBe(key('/a/policies'));
    expect(key('/a/policies')).toMatch(/^policies-[0-9a-f]{16}$/);
    expect(key('/srv/政策 汇编')).toMatch(/^政策_汇编-[0-9a-f]{16}$/);
    expect(key('/')).toMatch(/^root-/);
  });

  it('pathKey is FNV-1a 64 of the UTF-8 bytes', () => {
    // Ensure the key is stable across versions (published FNV-1a 64 test vectors).
    expect(pathKey('')).toBe('cbf29ce484222325');
    expect(pathKey('a')).toBe('af63dc4c8601ec8c');
    expect(pathKey('foobar')).toBe('85944171f73967e8');
  });

  it('refuses a relative folder', () => {
    // Ensure a key is never made of a path that means different folders from different places.
    expect(() => compiledPlaces('policies', {})).toThrow(/absolute/);
  });
});
