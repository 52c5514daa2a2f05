/**
 * The interface languages. The tutor speaks English and Simplified Chinese,
 * the two languages Qwen2.5-Math was trained to solve in.
 */
export type Language = 'en' | 'zh';

export const LANGUAGES: ReadonlyArray<{ code: Language; name: string; htmlLang: string }> = [
  { code: 'en', name: 'English', htmlLang: 'en' },
  { code: 'zh', name: '中文', htmlLang: 'zh-CN' },
];

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'zh';
}

export function htmlLang(language: Language): string {
  return language === 'zh' ? 'zh-CN' : 'en';
}

/**
 * The language to open in: `?lang=` (a course page's choice), else the
 * student's own earlier choice on this device, else the first of the
 * browser's languages that we speak, else English.
 */
export function initialLanguage(options: {
  url?: Language | undefined;
  stored?: string | null | undefined;
  browser?: readonly string[] | undefined;
}): Language {
  if (options.url) return options.url;
  if (isLanguage(options.stored)) return options.stored;
  for (const tag of options.browser ?? []) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'zh') return 'zh';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
