"""`out/failure.json` (worker/worker-protocol.ts `WorkerFailure`) and the worker's exit codes."""
from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Optional

FAILURE_FILE = 'failure.json'
# worker-protocol.ts `WorkerExit`.
STEP_FAILED = 1
WORKER_FAILED = 2

_WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def step_stack(error: BaseException, root: str) -> Optional[str]:
    """The traceback's frames, innermost first like a JavaScript stack (`at train (steps/train.py:12)`),
    named relative to the project; the worker's and the import machinery's frames are left out."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not frame.filename.startswith((_WORKER_DIR + os.sep, '<frozen '))]
    lines = []
    for frame in reversed(frames):
        relative = os.path.relpath(frame.filename, root) if os.path.isabs(frame.filename) else frame.filename
        place = frame.filename if relative.startswith('..') else relative
        lines.append(f'at {frame.name} ({place}:{frame.lineno})')
    return '\n'.join(lines) or None


def fail(out_dir: str, origin: str, error: BaseException, retryable: bool, stack: Optional[str] = None) -> int:
    failure = {'message': str(error) or type(error).__name__, 'name': type(error).__name__, 'origin': origin, 'retryable': retryable}
    if stack is not None:
        failure['stack'] = stack
    try:
        with open(os.path.join(out_dir, FAILURE_FILE), 'w', encoding='utf-8') as file:
            json.dump(failure, file)
    except OSError:
        sys.stderr.write(json.dumps({'weftFailure': failure}) + '\n')
    return STEP_FAILED if origin == 'step' else WORKER_FAILED
