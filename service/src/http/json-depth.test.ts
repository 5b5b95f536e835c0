import { describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH } from './api';

const depth = (text: string) => jsonDepth(Buffer.from(text));

describe('jsonDepth', () => {
  it('counts brackets outside strings only, escaped quotes included', () => {
    expect(depth('{"rows":[{"kpi":"a"}]}')).toBe(3);
    expect(depth('{"kpi":"[[[{{{"}')).toBe(1);
    expect(depth('{"kpi":"\\"[[["}')).toBe(1);
    expect(depth('[]')).toBe(1);
    expect(depth('"plain"')).toBe(0);
  });

  it('stops counting past the limit: a million nested arrays cost one short pass', () => {
    expect(depth('['.repeat(1_000_000) + ']'.repeat(1_000_000))).toBe(MAX_JSON_DEPTH + 1);
    expect(depth('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH);
  });
});
