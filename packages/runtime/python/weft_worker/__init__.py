"""Weft's Python worker and what a Python step may use beside `weft_contract`: reading and
writing datasets (JSON Lines), tensors as numpy arrays, and `Record`. Standard library only."""
from __future__ import annotations

import json
import os
from typing import Any, Iterable, Iterator

from .codec import Record


def read_records(dataset: Any) -> Iterator[Record]:
    """The records of a `Dataset` (a JSON Lines file), one by one."""
    with open(dataset.path, encoding='utf-8') as file:
        for line in file:
            if line.strip():
                yield Record(json.loads(line))


def write_dataset(path: str, records: Iterable[Any]) -> Any:
    """Writes `records` (dicts or dataclasses) as a JSON Lines file and returns its `Dataset`."""
    from weft_contract import Dataset
    from .codec import encode
    with open(path, 'w', encoding='utf-8') as file:
        for record in records:
            file.write(json.dumps(encode(record, top=True)) + '\n')
    return Dataset(path=os.path.abspath(path))


def load_tensor(tensor: Any) -> Any:
    """A `Tensor` input as a numpy array (numpy must be installed)."""
    import numpy
    return numpy.load(tensor.path)


__all__ = ['Record', 'load_tensor', 'read_records', 'write_dataset']
