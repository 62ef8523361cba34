"""Values between `inputs.json`/`outputs.json` and Python, mirroring the runtime's value codec
(packages/runtime/src/store/value-codec.ts): handles are tagged `{"$weft": "dataset" | "model" |
"file", "path": ...}`, a tensor `{"$weft": "tensor", "dtype", "shape", "base64"}` and a Map
`{"$weft": "map", "entries": [[key, value], ...]}`.

Records become the step's generated dataclasses when its function carries its contract
(`@implement(contract)`), else `Record`s: dicts whose keys also read as attributes.
"""
from __future__ import annotations

import base64
import dataclasses
import keyword
import os
import sys
import types
import typing
from typing import Any

from . import npy

# What generated modules append `_` to besides keywords (python-names.ts `reserved`).
_RESERVED = set(keyword.kwlist) | {
    'annotations', 'dataclass', 'Any', 'Generic', 'Literal', 'Optional', 'TypeAlias', 'TypeVar', 'Union',
    'Dataset', 'Model', 'File', 'Tensor', 'Metrics', 'DType', 'Failure', 'StepContext', 'StepContract', 'implement',
}


def python_name(name: str) -> str:
    """A Weft name as a generated dataclass spells its field (python-names.ts `pyFieldName`)."""
    cleaned = ''.join(char if char.isalnum() or char == '_' else '_' for char in name)
    if cleaned[:1].isdigit():
        cleaned = f'_{cleaned}'
    return f'{cleaned}_' if cleaned in _RESERVED else cleaned


def weft_name(name: str) -> str:
    """A dataclass field as its Weft name: `from_` is `from`."""
    return name[:-1] if name.endswith('_') and name[:-1] in _RESERVED else name


class Record(dict):  # type: ignore[type-arg]
    """A record without a generated dataclass: `record['from']`, or `record.from_` as a dataclass spells it."""

    def __getattr__(self, name: str) -> Any:
        for key in (name, weft_name(name)):
            if key in self:
                return self[key]
        raise AttributeError(f'the record has no field {name!r} (it has {", ".join(self) or "none"})')


class Handles:
    """The handle classes the step sees: those of the `weft_contract` module it imports."""

    def __init__(self) -> None:
        import weft_contract
        self.dataset = weft_contract.Dataset
        self.model = weft_contract.Model
        self.file = weft_contract.File
        self.tensor = weft_contract.Tensor
        self._tensor_dir: str | None = None

    def tensor_file(self, dtype: str, shape: list[int], data: bytes) -> Any:
        """An input tensor as the contract's `Tensor`: its `.npy` file in a folder of its own."""
        if self._tensor_dir is None:
            import tempfile
            self._tensor_dir = tempfile.mkdtemp(prefix='weft-tensors-')
        file = os.path.join(self._tensor_dir, f'{len(os.listdir(self._tensor_dir))}.npy')
        npy.write(file, dtype, shape, data)
        return self.tensor(dtype=dtype, shape=tuple(shape), path=file)


def decode(value: Any, handles: Handles, hint: Any = None, owner: Any = None) -> Any:
    """An encoded value as the step takes it; `hint` is the annotation it is declared with, when known."""
    if isinstance(hint, str) and owner is not None:
        hint = _evaluate(hint, owner)
    if isinstance(value, list):
        item = _argument(hint, list, 0)
        return [decode(entry, handles, item, owner) for entry in value]
    if not isinstance(value, dict):
        return value
    tag = value.get('$weft')
    if tag == 'dataset':
        return handles.dataset(path=value['path'])
    if tag == 'model':
        return handles.model(path=value['path'])
    if tag == 'file':
        return handles.file(path=value['path'])
    if tag == 'tensor':
        return handles.tensor_file(value['dtype'], list(value['shape']), base64.b64decode(value['base64']))
    if tag == 'map':
        entry_hint = _argument(hint, dict, 1)
        return {decode(key, handles): decode(entry, handles, entry_hint, owner) for key, entry in value['entries']}
    record_type = _dataclass_in(hint)
    if record_type is not None:
        return to_dataclass(value, record_type, handles)
    return Record((key, decode(entry, handles)) for key, entry in value.items())


def to_dataclass(value: dict[str, Any], record_type: Any, handles: Handles) -> Any:
    """A record as its generated dataclass: each Weft name given to the field that spells it."""
    hints = _hints(record_type)
    by_field = {python_name(key): entry for key, entry in value.items()}
    fields = {}
    for field in dataclasses.fields(record_type):
        if field.name in by_field:
            fields[field.name] = decode(by_field[field.name], handles, hints.get(field.name), record_type)
    return record_type(**fields)


def encode(value: Any, top: bool = False) -> Any:
    """A value the step returned, encoded for `outputs.json`: a dict with string keys (a record, a
    `Metrics`, a `Map<string, T>`) as a JSON object, as TypeScript steps return them; one with other keys as a tagged Map."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    kind = type(value).__name__
    if kind in ('Dataset', 'Model', 'File') and hasattr(value, 'path'):
        return {'$weft': kind.lower(), 'path': os.path.abspath(value.path)}
    if kind == 'Tensor' and hasattr(value, 'path'):
        dtype, shape, data = npy.read(value.path)
        return _tensor(dtype, shape, data)
    if kind == 'ndarray':
        dtype, shape, data = npy.from_array(value)
        return _tensor(dtype, shape, data)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {weft_name(field.name): encode(getattr(value, field.name)) for field in dataclasses.fields(value)
                if getattr(value, field.name) is not None}
    if isinstance(value, dict) and (top or all(isinstance(key, str) for key in value)):
        return {key: encode(entry) for key, entry in value.items() if entry is not None}
    if isinstance(value, dict):
        return {'$weft': 'map', 'entries': [[encode(key), encode(entry)] for key, entry in value.items()]}
    if isinstance(value, (list, tuple)):
        return [encode(entry) for entry in value]
    if hasattr(value, 'item') and callable(value.item):
        # A numpy scalar (numpy.float64) is a number.
        return encode(value.item())
    raise TypeError(f'a {type(value).__name__} cannot be an output value (return numbers, strings, lists, records, handles or tensors)')


def _tensor(dtype: str, shape: list[int], data: bytes) -> dict[str, Any]:
    return {'$weft': 'tensor', 'dtype': dtype, 'shape': shape, 'base64': base64.b64encode(data).decode('ascii')}


def _hints(record_type: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(record_type)
    except Exception:
        return {field.name: field.type for field in dataclasses.fields(record_type)}


def _evaluate(text: str, owner: Any) -> Any:
    """A quoted alias (`Json: TypeAlias = "..."`) in the namespace of the module that declares `owner`."""
    namespace = vars(sys.modules[owner.__module__]) if owner.__module__ in sys.modules else {}
    try:
        return eval(text, dict(namespace))  # noqa: S307 - a generated annotation
    except Exception:
        return None


def _unwrap(hint: Any) -> list[Any]:
    """The members of a `Union`/`Optional`, or the hint itself."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return [member for member in typing.get_args(hint) if member is not type(None)]
    return [hint]


def _argument(hint: Any, origin: type, index: int) -> Any:
    for member in _unwrap(hint):
        if typing.get_origin(member) is origin and len(typing.get_args(member)) > index:
            return typing.get_args(member)[index]
    return None


def _dataclass_in(hint: Any) -> Any:
    for member in _unwrap(hint):
        candidate = typing.get_origin(member) or member
        if isinstance(candidate, type) and dataclasses.is_dataclass(candidate) and candidate.__name__ not in ('Dataset', 'Model', 'File', 'Tensor'):
            return candidate
    return None

