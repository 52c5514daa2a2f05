import { describe, expect, it } from 'vitest';
import { htmlLang, initialLanguage } from './language';

describe('initialLanguage', () => {
  it('takes ?lang= first, then the stored choice, then the browser, then English', () => {
    expect(initialLanguage({ url: 'zh', stored: 'en', browser: ['en-US'] })).toBe('zh');
    expect(initialLanguage({ stored: 'zh', browser: ['en-US'] })).toBe('zh');
    expect(initialLanguage({ stored: 'fr', browser: ['fr-FR', 'zh-TW', 'en'] })).toBe('zh');
    expect(initialLanguage({ browser: ['de-DE', 'en-GB'] })).toBe('en');
    expect(initialLanguage({ browser: ['de-DE'] })).toBe('en');
    expect(initialLanguage({})).toBe('en');
  });

  it('names the html lang of each language', () => {
    expect(htmlLang('zh')).toBe('zh-CN');
    expect(htmlLang('en')).toBe('en');
  });
});
