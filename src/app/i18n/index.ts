/**
 * The interface language: i18next with the English and Chinese resources
 * bundled (each a few kB: no flash of the wrong language while one loads).
 * `<html lang>` follows the language, and the student's choice is kept on
 * this device. Error sentences are made from the error's code here, so a
 * failure reported in English by a worker reads in Chinese on a Chinese page.
 */
import i18next, { type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { AppError } from '../../core/errors';
import { htmlLang, initialLanguage, isLanguage, type Language } from '../../core/language';
import { en } from './en';
import { errorsZh } from './errors-zh';
import { zh } from './zh';

const STORAGE_KEY = 'math-tutor:language';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage denied (a cross-site embed in a strict browser): nothing remembered.
    return null;
  }
}

export function startI18n(urlLanguage: Language | undefined): Language {
  const language = initialLanguage({
    url: urlLanguage,
    stored: storedLanguage(),
    browser: navigator.languages,
  });
  void i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, zh: { translation: zh } },
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
  });
  document.documentElement.lang = htmlLang(language);
  return language;
}

export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = htmlLang(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered; the choice still holds for this visit.
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

/** The sentence for an error in the interface language. */
export function errorMessage(error: Pick<AppError, 'code' | 'params' | 'message'>): string {
  if (currentLanguage() === 'en') return error.message;
  const params: Record<string, string | number> = { model: '该模型', ...error.params };
  return errorsZh[error.code].replace(/\{\{(\w+)\}\}/g, (_, key: string) =>
    String(params[key] ?? ''),
  );
}

/** A translate function for one language, outside React (tests, pure helpers). */
export function fixedT(language: Language): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    resources: { en: { translation: en }, zh: { translation: zh } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance.t;
}

export type { TFunction };
export { useTranslation };
