/**
 * The Python half of the runner, installed into Pyodide as a module. It
 * follows Qwen2.5-Math's evaluation executor (evaluation/python_executor.py,
 * "auto mode") and documents where it deliberately differs (docs/python.md).
 * Kept as a string so that the browser bundle, the Node worker and the tests
 * install the very same code without a loader for .py files.
 */
export const EXECUTOR_MODULE = '_math_tutor_executor';

export const EXECUTOR_SOURCE = String.raw`
"""Runs model-written programs as Qwen2.5-Math's evaluation executor does."""
import ast
import builtins
import io
import json
import re
import sys
import traceback

_SESSIONS = {}
_BLOCKED = {}
_MAX_LENGTH = 400
# The evaluation refuses any program that calls input(); so do we, before running any of it.
_INPUT_CALL = re.compile(r"(?<![\w.])input\s*\(")
_INPUT_MESSAGE = "input() is not supported: the program cannot read from the keyboard"


def _truncate(s, max_length=_MAX_LENGTH):
    half = max_length // 2
    if len(s) > max_length:
        s = s[:half] + "..." + s[-half:]
    return s


def _namespace(session):
    ns = _SESSIONS.get(session)
    if ns is None:
        ns = {"__name__": "__main__", "__builtins__": builtins}
        _SESSIONS[session] = ns
    return ns


def end(session):
    _SESSIONS.pop(session, None)


def _trailing_expression(tree, line_count):
    """The last statement when it is an expression standing alone on the last line."""
    if not tree.body:
        return None
    last = tree.body[-1]
    if not isinstance(last, ast.Expr) or last.col_offset != 0:
        return None
    if last.lineno != line_count or last.end_lineno != line_count:
        return None
    if len(tree.body) > 1 and tree.body[-2].end_lineno >= line_count:
        return None
    return last


def _execute(ns, code, out):
    lines = code.split("\n")
    if "print(" in lines[-1]:
        exec(compile(code, "<cell>", "exec"), ns)
        return out.getvalue()
    tree = ast.parse(code, "<cell>")
    last = _trailing_expression(tree, len(lines))
    if last is None:
        # Not an expression (an assignment, an indented line, ...): what was printed.
        exec(compile(tree, "<cell>", "exec"), ns)
        return out.getvalue()
    exec(compile(ast.Module(body=tree.body[:-1], type_ignores=[]), "<cell>", "exec"), ns)
    return str(eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns))


def run(session, code):
    """(ok, output): output stripped and truncated as the evaluation does."""
    code = code.strip()
    ns = _namespace(session)
    out = io.StringIO()
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, io.StringIO(), io.StringIO()
    try:
        if _INPUT_CALL.search(code):
            raise RuntimeError(_INPUT_MESSAGE)
        result = _execute(ns, code, out)
        ok = True
    except BaseException:
        result = traceback.format_exc().split("\n")[-2]
        ok = False
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
    return ok, _truncate(str(result).strip())


class _BlockedFinder:
    """Refuses blocked modules with a message that says why (ImportError, so
    that 'from pyodide import http' keeps the message too)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        for blocked, message in _BLOCKED.items():
            if name == blocked or name.startswith(blocked + "."):
                raise ImportError(message, name=name)
        return None


def _refuse(message, error):
    def refuse(*args, **kwargs):
        raise error(message)

    return refuse


def _exit(status=0):
    raise SystemExit(status)


def lockdown(blocked_json):
    """Python's side of the sandbox: clear errors for what the JS side blocks anyway."""
    _BLOCKED.update(json.loads(blocked_json))
    for name in list(sys.modules):
        root = name.split(".")[0]
        if root == "pyodide_js" or any(name == b or name.startswith(b + ".") for b in _BLOCKED):
            del sys.modules[name]
    # A loaded package keeps its submodules as attributes too ("import pyodide; pyodide.ffi").
    for blocked in _BLOCKED:
        parent, _, child = blocked.rpartition(".")
        if parent in sys.modules and hasattr(sys.modules[parent], child):
            delattr(sys.modules[parent], child)
    if _BlockedFinder not in sys.meta_path:
        sys.meta_path.insert(0, _BlockedFinder)
    builtins.input = _refuse(_INPUT_MESSAGE, RuntimeError)

    import os
    import posix

    no_programs = _refuse("Running other programs is disabled: Python code here runs in a sandbox", OSError)
    for module in (os, posix):
        for name in dir(module):
            if name in ("system", "popen", "fork", "forkpty", "kill", "killpg") or name.startswith(
                ("exec", "spawn", "posix_spawn")
            ):
                setattr(module, name, no_programs)
        # os._exit would end the interpreter for good; make it a SystemExit like sys.exit.
        module._exit = _exit

    import socket

    no_network = _refuse("Network access is disabled: Python code here runs offline", OSError)
    for name in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
        setattr(socket.socket, name, no_network)
    for name in (
        "create_connection",
        "create_server",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
        "getnameinfo",
    ):
        setattr(socket, name, no_network)
`;
