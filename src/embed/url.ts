import { HOST_PARAM } from './protocol';

/** The element's attributes that become the app's URL parameters (CONTRACT.md). */
export const URL_ATTRIBUTES = ['problem', 'model', 'mode', 'lang', 'backend'] as const;
/** Boolean attributes: present means on. */
export const FLAG_ATTRIBUTES = ['autosolve'] as const;

/**
 * The iframe's address: the app at `appUrl` in embed mode, told which origin
 * embeds it, with the element's attributes as the app's own URL parameters.
 * The app validates every value itself, as it does for any link.
 */
export function tutorFrameUrl(
  appUrl: string,
  hostOrigin: string | undefined,
  attribute: (name: string) => string | null,
): string {
  const url = new URL(appUrl);
  url.search = '';
  url.hash = '';
  url.searchParams.set('embed', '1');
  if (hostOrigin) url.searchParams.set(HOST_PARAM, hostOrigin);
  for (const name of URL_ATTRIBUTES) {
    const value = attribute(name);
    if (value) url.searchParams.set(name, value);
  }
  for (const name of FLAG_ATTRIBUTES) {
    const value = attribute(name);
    if (value !== null && value !== 'false' && value !== '0') url.searchParams.set(name, '1');
  }
  return url.href;
}
