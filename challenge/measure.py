"""Model size from an artifact, without running the model.

ONNX: the sum of initializer bytes (element count x dtype width). safetensors: the same from the
JSON header (dtypes and shapes), checked against the file length. Anything else: the file size.
"""

import json
import math
import os
import struct
from dataclasses import dataclass

from challenge.enums import SizeMethod

SAFETENSORS_DTYPE_BITS = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "I16": 16, "U16": 16, "F16": 16,
    "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "I64": 64, "U64": 64, "F64": 64,
}  # fmt: skip
# Reading the header is bounded: real headers are kilobytes, not hundreds of megabytes.
MAX_SAFETENSORS_HEADER = 100 * 2**20


class MalformedArtifact(Exception):
    pass


@dataclass(frozen=True)
class Measurement:
    size_bytes: int
    method: str


def _onnx_size(path: str) -> int:
    import onnx  # heavy import, only needed for ONNX artifacts
    from google.protobuf.message import DecodeError

    try:
        model = onnx.load(path, load_external_data=False)
    except (DecodeError, ValueError, OSError, RuntimeError) as exc:
        raise MalformedArtifact(f"not a readable ONNX model ({exc.__class__.__name__})") from exc
    graph = model.graph
    if not graph.node and not graph.initializer:
        raise MalformedArtifact("ONNX model has an empty graph")
    total_bits = 0
    for tensor in graph.initializer:
        try:
            np_dtype = onnx.helper.tensor_dtype_to_np_dtype(tensor.data_type)
            bits = np_dtype.itemsize * 8
        except (KeyError, TypeError) as exc:
            raise MalformedArtifact(f"initializer {tensor.name!r} has unknown dtype") from exc
        if tensor.data_type in _onnx_4bit_types(onnx):
            bits = 4
        total_bits += math.prod(tensor.dims) * bits
    return math.ceil(total_bits / 8)


def _onnx_4bit_types(onnx) -> set[int]:
    names = ("INT4", "UINT4", "FLOAT4E2M1")
    return {getattr(onnx.TensorProto, n) for n in names if hasattr(onnx.TensorProto, n)}


def _safetensors_size(path: str) -> int:
    file_size = os.path.getsize(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
        if len(head) != 8:
            raise MalformedArtifact("safetensors file shorter than its 8-byte header length")
        (header_len,) = struct.unpack("<Q", head)
        if header_len > MAX_SAFETENSORS_HEADER or 8 + header_len > file_size:
            raise MalformedArtifact("safetensors header length exceeds the file")
        try:
            header = json.loads(fh.read(header_len))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedArtifact("safetensors header is not valid JSON") from exc
    if not isinstance(header, dict):
        raise MalformedArtifact("safetensors header is not a JSON object")
    data_len = file_size - 8 - header_len
    total = 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            bits = SAFETENSORS_DTYPE_BITS[info["dtype"]]
            shape = [int(d) for d in info["shape"]]
            start, end = (int(x) for x in info["data_offsets"])
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedArtifact(f"tensor {name!r}: bad dtype, shape or offsets") from exc
        nbytes = math.ceil(math.prod(shape) * bits / 8)
        if end - start != nbytes or not 0 <= start <= end <= data_len:
            raise MalformedArtifact(f"tensor {name!r}: offsets do not match dtype and shape")
        total += nbytes
    return total


def measure_artifact(path: str, name: str = "") -> Measurement:
    """Raises MalformedArtifact with a reason a team can act on."""
    lower = (name or path).lower()
    if lower.endswith(".onnx"):
        return Measurement(_onnx_size(path), SizeMethod.ONNX)
    if lower.endswith(".safetensors"):
        return Measurement(_safetensors_size(path), SizeMethod.SAFETENSORS)
    size = os.path.getsize(path)
    if size == 0:
        raise MalformedArtifact("the file is empty")
    return Measurement(size, SizeMethod.FILE_SIZE)
