import { describe, expect, it } from 'vitest';
import {
  hostMessage,
  MAX_HEIGHT,
  PROTOCOL_SOURCE,
  PROTOCOL_VERSION,
  parseHostMessage,
  parseOrigin,
  parseTutorMessage,
  tutorMessage,
} from './protocol';
import { tutorFrameUrl } from './url';

const envelope = { source: PROTOCOL_SOURCE, version: PROTOCOL_VERSION };

describe('parseHostMessage', () => {
  it('accepts setProblem and solve, and what hostMessage builds', () => {
    expect(parseHostMessage({ ...envelope, type: 'setProblem', problem: '1+1' })).toEqual({
      ...envelope,
      type: 'setProblem',
      problem: '1+1',
    });
    expect(parseHostMessage({ ...envelope, type: 'solve' })).toEqual({
      ...envelope,
      type: 'solve',
    });
    const built = hostMessage({ type: 'setProblem', problem: 'x' });
    expect(parseHostMessage(built)).toEqual(built);
    expect(parseHostMessage(structuredClone(hostMessage({ type: 'solve' })))).toBeDefined();
  });

  it('ignores other sources, other versions and unknown types', () => {
    for (const data of [
      { source: 'other-widget', version: 1, type: 'solve' },
      { source: PROTOCOL_SOURCE, version: 2, type: 'solve' },
      { source: PROTOCOL_SOURCE, version: '1', type: 'solve' },
      { source: PROTOCOL_SOURCE, type: 'solve' },
      { ...envelope, type: 'eval', code: 'alert(1)' },
      { ...envelope, type: 'ready' },
      { ...envelope },
      null,
      undefined,
      'solve',
      42,
      [envelope],
    ]) {
      expect(parseHostMessage(data), JSON.stringify(data)).toBeUndefined();
    }
  });

  it('rejects a setProblem without a string problem', () => {
    for (const problem of [undefined, null, 3, ['1+1'], { toString: () => '1+1' }]) {
      expect(parseHostMessage({ ...envelope, type: 'setProblem', problem })).toBeUndefined();
    }
  });

  it('keeps only the known fields', () => {
    const parsed = parseHostMessage({ ...envelope, type: 'solve', model: 'x', __proto__: {} });
    expect(Object.keys(parsed ?? {}).sort()).toEqual(['source', 'type', 'version']);
  });
});

describe('parseTutorMessage', () => {
  it('accepts each tutor message', () => {
    const solved = tutorMessage({
      type: 'solved',
      problem: 'What is 3+4?',
      answer: '7',
      answerLatex: '7',
    });
    expect(parseTutorMessage(solved)).toEqual(solved);
    expect(parseTutorMessage(tutorMessage({ type: 'ready' }))).toEqual({
      ...envelope,
      type: 'ready',
    });
    expect(
      parseTutorMessage(tutorMessage({ type: 'error', code: 'model-missing', message: 'Missing' })),
    ).toEqual({ ...envelope, type: 'error', code: 'model-missing', message: 'Missing' });
    // A code this version does not know is still an error, typed as 'internal'.
    expect(
      parseTutorMessage({ ...envelope, type: 'error', code: 'from-the-future', message: 'm' }),
    ).toEqual({ ...envelope, type: 'error', code: 'internal', message: 'm' });
    expect(parseTutorMessage(tutorMessage({ type: 'resize', height: 812.5 }))).toEqual({
      ...envelope,
      type: 'resize',
      height: 812.5,
    });
  });

  it('rejects malformed payloads', () => {
    for (const data of [
      { ...envelope, type: 'solved', problem: 'p', answer: 7, answerLatex: '7' },
      { ...envelope, type: 'solved', problem: 'p', answer: '7' },
      { ...envelope, type: 'error', code: 'x' },
      { ...envelope, type: 'error', code: 1, message: 'm' },
      { ...envelope, type: 'resize', height: '100' },
      { ...envelope, type: 'resize', height: Number.NaN },
      { ...envelope, type: 'resize', height: Number.POSITIVE_INFINITY },
      { ...envelope, type: 'resize', height: -1 },
      { ...envelope, type: 'setProblem', problem: 'host messages are not tutor messages' },
      { source: PROTOCOL_SOURCE, version: 0, type: 'ready' },
    ]) {
      expect(parseTutorMessage(data), JSON.stringify(data)).toBeUndefined();
    }
  });

  it('caps a runaway height', () => {
    const parsed = parseTutorMessage({ ...envelope, type: 'resize', height: 1e9 });
    expect(parsed).toEqual({ ...envelope, type: 'resize', height: MAX_HEIGHT });
  });

  it('drops extra fields from a solved message', () => {
    const parsed = parseTutorMessage({
      ...envelope,
      type: 'solved',
      problem: 'p',
      answer: '7',
      answerLatex: '7',
      text: 'the whole solution',
    });
    expect(parsed).not.toHaveProperty('text');
  });
});

describe('parseOrigin', () => {
  it('accepts http(s) origins, with or without a trailing slash', () => {
    expect(parseOrigin('https://school.example')).toBe('https://school.example');
    expect(parseOrigin('https://school.example/')).toBe('https://school.example');
    expect(parseOrigin('http://127.0.0.1:4173')).toBe('http://127.0.0.1:4173');
  });

  it('refuses anything that is not exactly an origin', () => {
    for (const value of [
      null,
      undefined,
      '',
      'null',
      '*',
      'file:///home/teacher/course.html',
      'https://school.example/course/page.html',
      'https://school.example?x=1',
      'https://user:pw@school.example',
      'HTTPS://School.Example',
      'javascript:alert(1)',
      'school.example',
    ]) {
      expect(parseOrigin(value), String(value)).toBeUndefined();
    }
  });
});

describe('tutorFrameUrl', () => {
  const attributes =
    (values: Record<string, string>) =>
    (name: string): string | null =>
      values[name] ?? null;

  it('puts the embed flag, the host and the attributes in the app URL', () => {
    const url = new URL(
      tutorFrameUrl(
        'https://tutor.example/app/',
        'https://school.example',
        attributes({
          problem: 'What is 3+4?',
          model: 'tiny-qwen2-scripted',
          backend: 'wasm',
          autosolve: '',
          style: 'x',
        }),
      ),
    );
    expect(url.origin + url.pathname).toBe('https://tutor.example/app/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      embed: '1',
      host: 'https://school.example',
      problem: 'What is 3+4?',
      model: 'tiny-qwen2-scripted',
      backend: 'wasm',
      autosolve: '1',
    });
  });

  it('leaves out what is absent', () => {
    const url = new URL(
      tutorFrameUrl('https://tutor.example/', undefined, attributes({ autosolve: 'false' })),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({ embed: '1' });
  });
});
