"""One attempt of one Python step: the protocol of worker/worker-protocol.ts."""
from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import json
import logging
import os
import re
import signal
import sys
from typing import Any, Callable

from . import codec
from .context import LoggingHandler, StepContext, StepTrace
from .failure import WORKER_FAILED, fail, step_stack

INPUTS_FILE = 'inputs.json'
OUTPUTS_FILE = 'outputs.json'
COMPLETED = 0


class StepCancelled(BaseException):
    """Raised in the step when the attempt is stopped (SIGTERM: cancellation or timeout); `ctx.cancelled` is set too."""


class WorkerError(Exception):
    """Why the worker could not run the step (a missing module or function, an import that fails)."""


class OutputsError(Exception):
    """What the step returned cannot be its outputs (not a record, a value JSON cannot hold)."""


def main(argv: list[str]) -> int:
    if len(argv) != 5:
        return fail(argv[-1] if argv else '.', 'worker', WorkerError('usage: weft_worker <project root> <module file> <function> <input folder> <out folder>'), False)
    root, module_file, function_name, input_dir, out_dir = argv
    try:
        with open(os.path.join(input_dir, INPUTS_FILE), encoding='utf-8') as file:
            spec = json.load(file)
        function = load_function(root, module_file, function_name)
        contract = getattr(function, '__weft_contract__', None)
        declared = getattr(contract, 'contract_hash', None)
        if declared is not None and declared != spec['contractHash']:
            raise WorkerError(f'the implementation of {spec["step"]} was generated for another contract than the plan\'s; regenerate with `weft generate --lang python`')
        arity = step_arity(function, relative(root, module_file))
        handles = codec.Handles()
        inputs_type = getattr(contract, 'inputs_type', None)
        inputs = (codec.to_dataclass(spec['inputs'], inputs_type, handles) if dataclasses.is_dataclass(inputs_type)
                  else codec.decode(spec['inputs'], handles))
    except WorkerError as error:
        return fail(out_dir, 'worker', error, False)
    except BaseException as error:
        return fail(out_dir, 'worker', error, False, step_stack(error, root))
    context = StepContext(spec['node'], spec['attempt'], out_dir, StepTrace(os.environ))
    install_cancellation(context)
    logging.getLogger().addHandler(LoggingHandler())
    logging.getLogger().setLevel(logging.INFO)
    try:
        result = function(inputs, context) if arity == 2 else function(inputs)
        if inspect.isawaitable(result):
            # Imported only for an `async def` step: asyncio is the slowest module to load.
            import asyncio
            result = asyncio.run(awaited(result))
    except StepCancelled as error:
        write_spans(context, out_dir)
        return fail(out_dir, 'step', error, True)
    except BaseException as error:
        write_spans(context, out_dir)
        return fail(out_dir, 'step', error, True, step_stack(error, root))
    write_spans(context, out_dir)
    if result is None:
        result = {}
    if not (isinstance(result, dict) or (dataclasses.is_dataclass(result) and not isinstance(result, type))):
        return fail(out_dir, 'step', OutputsError(f'{spec["step"]} returned {result!r} instead of an outputs record'), False)
    try:
        encoded = codec.encode(result, top=True)
    except (TypeError, ValueError, OSError) as error:
        return fail(out_dir, 'step', error, False)
    try:
        text = json.dumps(encoded, allow_nan=False)
    except ValueError as error:
        return fail(out_dir, 'step', OutputsError(f'{spec["step"]} returned a value JSON cannot hold: {error}'), False)
    try:
        with open(os.path.join(out_dir, OUTPUTS_FILE), 'w', encoding='utf-8') as file:
            file.write(text)
    except OSError as error:
        return fail(out_dir, 'worker', error, False)
    return COMPLETED


def load_function(root: str, module_file: str, function_name: str) -> Callable[..., Any]:
    """The function, imported from the step's file as a module named after its path (`steps.train`)."""
    shown = relative(root, module_file)
    if not os.path.isfile(module_file):
        raise WorkerError(f'the Python module {shown} does not exist')
    # The step's own folder and the project root come first, as for `python3 steps/train.py`.
    for folder in (os.path.dirname(os.path.abspath(module_file)), os.path.abspath(root)):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    name = module_name(shown)
    module_spec = importlib.util.spec_from_file_location(name, module_file)
    if module_spec is None or module_spec.loader is None:
        raise WorkerError(f'{shown} cannot be imported as a Python module')
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    module_spec.loader.exec_module(module)
    function = getattr(module, function_name, None)
    if function is None:
        defined = sorted(key for key, value in vars(module).items() if inspect.isfunction(value) and value.__module__ == name and not key.startswith('_'))
        raise WorkerError(f'{shown} defines no function `{function_name}`' + (f' (it defines {", ".join(defined)})' if defined else ''))
    if not callable(function):
        raise WorkerError(f'`{function_name}` in {shown} is a {type(function).__name__}, not a function')
    return function


def step_arity(function: Callable[..., Any], shown: str) -> int:
    """2 for `f(inputs, ctx)`, 1 for `f(inputs)`; anything else cannot implement a step."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return 2
    for arity in (2, 1):
        try:
            signature.bind(*range(arity))
            return arity
        except TypeError:
            continue
    raise WorkerError(f'`{getattr(function, "__name__", "?")}{signature}` in {shown} cannot implement a step: a step function takes (inputs, ctx)')


def install_cancellation(context: StepContext) -> None:
    """SIGTERM sets `ctx.cancelled` and raises `StepCancelled` in the step, once; the host kills after its grace period."""
    def stop(_signal: int, _frame: object) -> None:
        if context.cancelled.is_set():
            return
        context.cancelled.set()
        raise StepCancelled('the attempt was stopped (SIGTERM)')
    signal.signal(signal.SIGTERM, stop)


async def awaited(awaitable: Any) -> Any:
    return await awaitable


def write_spans(context: StepContext, out_dir: str) -> None:
    """Spans are a by-product: failing to write them is logged, never the attempt's failure."""
    try:
        context.trace.write(out_dir)
    except OSError as error:
        context.logger.warn(f"the step's spans were not recorded: {error}")


def relative(root: str, file: str) -> str:
    shown = os.path.relpath(os.path.abspath(file), os.path.abspath(root))
    return file if shown.startswith('..') else shown


def module_name(shown: str) -> str:
    """`steps/train.py` → `steps.train`; a path that is no dotted name gets a private one."""
    dotted = shown[:-3].replace(os.sep, '.') if shown.endswith('.py') else shown
    return dotted if all(re.fullmatch(r'[A-Za-z_][A-Za-z0-9_]*', part) for part in dotted.split('.')) else '__weft_step__'
