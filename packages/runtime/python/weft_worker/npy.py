"""`.npy` files (format 1.0, little-endian, C order) in the standard library, as
packages/contract/src/handles/npy.ts reads and writes them; numpy is optional."""
from __future__ import annotations

import ast
import struct
from typing import Any

# Weft's element types and numpy's `descr` of each (dtypes.ts); bf16 travels as raw u2.
DESCR = {'f16': '<f2', 'bf16': '<u2', 'f32': '<f4', 'f64': '<f8', 'i8': '|i1', 'i32': '<i4', 'i64': '<i8', 'u8': '|u1', 'bool': '|b1'}
_DTYPE = {descr: dtype for dtype, descr in DESCR.items() if dtype != 'bf16'}
_MAGIC = b'\x93NUMPY'


def write(path: str, dtype: str, shape: list[int], data: bytes) -> None:
    dims = f'({shape[0]},)' if len(shape) == 1 else f'({", ".join(str(dim) for dim in shape)})'
    header = f"{{'descr': '{DESCR[dtype]}', 'fortran_order': False, 'shape': {dims}, }}"
    unpadded = len(_MAGIC) + 4 + len(header) + 1
    header += ' ' * ((64 - unpadded % 64) % 64) + '\n'
    with open(path, 'wb') as file:
        file.write(_MAGIC + b'\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1') + data)


def read(path: str) -> tuple[str, list[int], bytes]:
    """The dtype, shape and elements of a `.npy` file."""
    with open(path, 'rb') as file:
        content = file.read()
    if content[:6] != _MAGIC:
        raise ValueError(f'{path} is not a .npy file (no magic number)')
    major = content[6]
    start, length = (10, struct.unpack('<H', content[8:10])[0]) if major == 1 else (12, struct.unpack('<I', content[8:12])[0])
    header = ast.literal_eval(content[start:start + length].decode('latin1'))
    if header['fortran_order']:
        raise ValueError(f'{path} is in Fortran order; only C order is read')
    descr = header['descr'].replace('=', '<', 1)
    if descr not in _DTYPE:
        raise ValueError(f'{path} has the unsupported element type {descr}')
    return _DTYPE[descr], list(header['shape']), content[start + length:]


def from_array(array: Any) -> tuple[str, list[int], bytes]:
    """A numpy array's dtype, shape and elements in C order."""
    import numpy
    contiguous = numpy.ascontiguousarray(array)
    descr = contiguous.dtype.newbyteorder('<').str if contiguous.dtype.byteorder == '>' else contiguous.dtype.str
    descr = descr.replace('=', '<', 1)
    if descr not in _DTYPE:
        raise TypeError(f'a numpy array of {contiguous.dtype} cannot be a tensor (use one of {", ".join(_DTYPE)})')
    return _DTYPE[descr], list(contiguous.shape), contiguous.astype(descr, copy=False).tobytes()
