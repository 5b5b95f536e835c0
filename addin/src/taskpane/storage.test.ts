import { describe, expect, it } from 'vitest';
import { loadSettings, saveSettings, type KeyValueStore } from './storage';

function memory(): KeyValueStore {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('the UI language', () => {
  it.each([
    ['ja-JP', 'ja'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    [undefined, 'ja'],
  ])('Office’s display language %s, nothing chosen yet → %s', (display, lang) => {
    expect(loadSettings(memory(), 'https://svc', display).lang).toBe(lang);
  });

  it('the clerk’s choice wins over Office’s display language', () => {
    const store = memory();
    saveSettings(store, { ...loadSettings(store, 'https://svc', 'en-US'), lang: 'ja' });
    expect(loadSettings(store, 'https://svc', 'en-US').lang).toBe('ja');
  });
});
