"""The step context a Python step gets (weft_contract.StepContext): logger, trace, cancellation.
Log entries are the Node worker's JSON lines on stderr (executors/forward-logs.ts); spans are
recorded as worker/worker-spans.ts records them, in `out/spans.json`."""
from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from typing import Any, Mapping, Optional

SPANS_FILE = 'spans.json'


def log_line(level: str, message: str, fields: Optional[Mapping[str, object]] = None) -> None:
    entry: dict[str, Any] = {'weftLog': level, 'message': str(message)}
    if fields is not None:
        entry['fields'] = dict(fields)
    sys.stderr.write(json.dumps(entry, default=str) + '\n')
    sys.stderr.flush()


class StepLogger:
    def debug(self, message: str, fields: Optional[Mapping[str, object]] = None) -> None:
        log_line('debug', message, fields)

    def info(self, message: str, fields: Optional[Mapping[str, object]] = None) -> None:
        log_line('info', message, fields)

    def warn(self, message: str, fields: Optional[Mapping[str, object]] = None) -> None:
        log_line('warn', message, fields)

    def error(self, message: str, fields: Optional[Mapping[str, object]] = None) -> None:
        log_line('error', message, fields)


class LoggingHandler(logging.Handler):
    """Records of Python's `logging` as log entries of their level."""

    def emit(self, record: logging.LogRecord) -> None:
        level = 'debug' if record.levelno < logging.INFO else 'info' if record.levelno < logging.WARNING else 'warn' if record.levelno < logging.ERROR else 'error'
        log_line(level, self.format(record), {'logger': record.name} if record.name != 'root' else None)


def _now() -> float:
    return time.time() * 1000


class StepSpan:
    def __init__(self, name: str, attributes: Optional[Mapping[str, Any]]) -> None:
        self.name = name
        self.start_time = _now()
        self.end_time: Optional[float] = None
        self.attributes = dict(attributes or {})
        self.events: list[dict[str, Any]] = []
        self.error: Optional[str] = None

    def set_attribute(self, key: str, value: Any) -> None:
        self.attributes[key] = value

    def add_event(self, name: str, attributes: Optional[Mapping[str, Any]] = None) -> None:
        self.events.append(_event(name, attributes))

    def record_error(self, error: BaseException) -> None:
        self.error = str(error)

    def end(self) -> None:
        if self.end_time is None:
            self.end_time = _now()


class StepTrace:
    """The ids of `TRACEPARENT` (zeros when untraced) and a recorder of the step's spans."""

    def __init__(self, environment: Mapping[str, str]) -> None:
        self.traceparent = environment.get('TRACEPARENT', f'00-{"0" * 32}-{"0" * 16}-00')
        parts = self.traceparent.split('-')
        self.trace_id = parts[1] if len(parts) > 2 else '0' * 32
        self.span_id = parts[2] if len(parts) > 2 else '0' * 16
        self.spans: list[StepSpan] = []
        self.attempt_events: list[dict[str, Any]] = []

    def add_event(self, name: str, attributes: Optional[Mapping[str, Any]] = None) -> None:
        self.attempt_events.append(_event(name, attributes))

    def start_span(self, name: str, attributes: Optional[Mapping[str, Any]] = None) -> StepSpan:
        span = StepSpan(name, attributes)
        self.spans.append(span)
        return span

    def write(self, out_dir: str) -> None:
        if not self.spans and not self.attempt_events:
            return
        ended = _now()
        spans = []
        for span in self.spans:
            recorded: dict[str, Any] = {'name': span.name, 'startTime': span.start_time, 'endTime': span.end_time or ended,
                                        'attributes': span.attributes, 'events': span.events}
            if span.error is not None:
                recorded['error'] = span.error
            if span.end_time is None:
                recorded['unended'] = True
            spans.append(recorded)
        with open(os.path.join(out_dir, SPANS_FILE), 'w', encoding='utf-8') as file:
            json.dump({'spans': spans, 'attemptEvents': self.attempt_events}, file)


def _event(name: str, attributes: Optional[Mapping[str, Any]]) -> dict[str, Any]:
    event: dict[str, Any] = {'name': name, 'time': _now()}
    if attributes:
        event['attributes'] = dict(attributes)
    return event


class StepContext:
    def __init__(self, node: str, attempt: int, work_dir: str, trace: StepTrace) -> None:
        self.node = node
        self.attempt = attempt
        self.work_dir = work_dir
        self.trace = trace
        self.logger = StepLogger()
        self.cancelled = threading.Event()
