/**
 * The executor's semantics, through the real engine: Pyodide in a Node worker
 * thread behind the same proxy the app uses, with the packed sympy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodePythonRunner } from './node';
import type { PythonProxy } from './proxy';

let python: PythonProxy;
let n = 0;
const session = () => `test-${++n}`;
const run = (code: string, s = session(), timeoutMs?: number) =>
  python.run(code, { session: s, timeoutMs });

beforeAll(async () => {
  python = await createNodePythonRunner();
  const info = await python.warm();
  expect(info.packagesFrom).toBe('archive');
  expect(Object.keys(info.packages).sort()).toEqual(['mpmath', 'sympy']);
});

afterAll(() => python?.dispose());

describe('output', () => {
  it('is what was printed when the last line prints', async () => {
    expect(await run('x = 6 * 7\nprint("x =", x)')).toEqual({ output: 'x = 42', ok: true });
    expect(await run('for i in range(3):\n    print(i)')).toEqual({ output: '0\n1\n2', ok: true });
  });

  it('is the value of a last line that is an expression', async () => {
    expect(await run('x = 2\nx ** 100')).toEqual({ output: String(2n ** 100n), ok: true });
    expect(await run('"text"')).toEqual({ output: 'text', ok: true });
    expect(await run('None')).toEqual({ output: 'None', ok: true });
  });

  it('drops what was printed before a last-line expression, as the evaluation does', async () => {
    expect(await run('print("ignored")\n1 + 1')).toEqual({ output: '2', ok: true });
  });

  it('is what was printed when the last line is not an expression', async () => {
    expect(await run('print("a")\nx = 5')).toEqual({ output: 'a', ok: true });
    expect(await run('def f():\n    print("hidden")\n    return 1')).toEqual({
      output: '',
      ok: true,
    });
    expect(await run('x = 5')).toEqual({ output: '', ok: true });
  });

  it('is stripped and truncated to the first and last 200 characters', async () => {
    expect(await run('print("  padded  \\n\\n")')).toEqual({ output: 'padded', ok: true });
    const long = await run('print("a" * 300 + "b" * 300)');
    expect(long.output).toBe(`${'a'.repeat(200)}...${'b'.repeat(200)}`);
    expect((await run('"c" * 400')).output).toBe('c'.repeat(400));
  });
});

describe('state', () => {
  it('carries from block to block within a session, and only there', async () => {
    const s = session();
    expect(await run('from sympy import symbols\nx = symbols("x")\nk = 3', s)).toEqual({
      output: '',
      ok: true,
    });
    expect(await run('print((x + k) ** 2)', s)).toEqual({ output: '(x + 3)**2', ok: true });
    const other = await run('k');
    expect(other).toEqual({ output: "NameError: name 'k' is not defined", ok: false });
  });

  it('is gone after endSession', async () => {
    const s = session();
    await run('y = 1', s);
    await python.endSession(s);
    expect((await run('y', s)).ok).toBe(false);
  });
});

describe('errors', () => {
  it('report the last line of the traceback', async () => {
    expect(await run('print("before")\n1 / 0')).toEqual({
      output: 'ZeroDivisionError: division by zero',
      ok: false,
    });
    expect(await run('def f(:\n    pass')).toMatchObject({ ok: false });
    expect((await run('def f(:\n    pass')).output).toMatch(/^SyntaxError: /);
    expect(await run('import numpy')).toEqual({
      output: "ModuleNotFoundError: No module named 'numpy'",
      ok: false,
    });
    expect(await run('raise ValueError("bad value")')).toEqual({
      output: 'ValueError: bad value',
      ok: false,
    });
  });

  it('refuse input()', async () => {
    const result = await run('name = input("Name? ")\nprint(name)');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^RuntimeError: input\(\) is not supported/);
  });

  it('survive exit() and os._exit()', async () => {
    expect(await run('import sys\nsys.exit(3)')).toEqual({ output: 'SystemExit: 3', ok: false });
    expect(await run('import os\nos._exit(2)')).toEqual({ output: 'SystemExit: 2', ok: false });
    expect(await run('def f(n):\n    return f(n + 1)\nf(0)')).toMatchObject({
      output: expect.stringMatching(/^RecursionError: maximum recursion depth exceeded/),
      ok: false,
    });
    expect(await run('1 + 1')).toEqual({ output: '2', ok: true });
  });
});

describe('sympy', () => {
  it('solves, simplifies, finds eigenvalues and keeps exact rationals', async () => {
    const s = session();
    await run('from sympy import *\nx = symbols("x")', s);
    expect(await run('solve(x**2 - 5*x + 6, x)', s)).toEqual({ output: '[2, 3]', ok: true });
    expect(await run('simplify(sin(x)**2 + cos(x)**2)', s)).toEqual({ output: '1', ok: true });
    expect(await run('Matrix([[2, 1], [1, 2]]).eigenvals()', s)).toEqual({
      output: '{3: 1, 1: 1}',
      ok: true,
    });
    expect(await run('print(Rational(1, 3) + Rational(1, 6))', s)).toEqual({
      output: '1/2',
      ok: true,
    });
    expect(await run('integrate(x * exp(x), (x, 0, 1))', s)).toEqual({ output: '1', ok: true });
  });
});

describe('limits', () => {
  it('end an infinite loop with "Timeout Error", and the next run works', async () => {
    const s = session();
    await run('kept = 41', s);
    const started = Date.now();
    expect(await run('while True:\n    pass', s, 1500)).toEqual({
      output: 'Timeout Error',
      ok: false,
    });
    expect(Date.now() - started).toBeLessThan(3000);
    // A fresh worker, and the session's earlier programs replayed into it.
    expect(await run('kept + 1', s)).toEqual({ output: '42', ok: true });
  });

  it('end a memory bomb with MemoryError, and the next run works', async () => {
    // The time limit only has to be longer than filling the memory cap takes on
    // a loaded machine (8 s once ran out at load 7); what is tested is that the
    // cap, not the clock, ends the program. Speed is the benchmarks' business.
    const bomb = await run(
      'a = []\nwhile True:\n    a.append(bytearray(10**7))',
      session(),
      30_000,
    );
    expect(bomb).toEqual({ output: 'MemoryError', ok: false });
    expect(await run('print("alive")')).toEqual({ output: 'alive', ok: true });
    expect(await run('bytearray(2 * 10**9)')).toEqual({ output: 'MemoryError', ok: false });
    expect(await run('2 ** 10')).toEqual({ output: '1024', ok: true });
  });
});
