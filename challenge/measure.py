"""Model size from an artifact, without running the model, executing a pickle or loading a
framework.

The definition (stated on the public challenge page and in the API docs, ``SIZE_DEFINITION``):
the bytes of every stored parameter tensor at its stored precision. Every format is measured by
that one rule and returns a per-tensor breakdown; anything that cannot be measured exactly is
refused with a reason a team can act on (``MalformedArtifact``). Nothing is measured by the file
size alone.
"""

import io
import json
import logging
import math
import pickletools
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from challenge.enums import SizeMethod

SIZE_DEFINITION = (
    "Model size is the bytes of every stored parameter tensor at its stored precision: for each "
    "tensor the artifact stores, its element count times the bit width of its stored type, "
    "rounded up to whole bytes per tensor, summed over all tensors. Sub-byte types are "
    "bit-packed: INT4, UINT4 and FLOAT4E2M1 count half a byte per element, INT2 and UINT2 a "
    "quarter. 8-bit floats and integers and BOOL count one byte per element, strings their byte "
    "length. Quantization scales and zero points are tensors like any other and count at their "
    "own types. A sparse tensor counts its values and its indices. In ONNX this covers "
    "initializers, sparse initializers, every tensor held in a node attribute, every value of a "
    "Constant node (value_float(s) 4 bytes per float, value_int(s) 8 bytes per int, strings "
    "their length), every attribute value of nodes outside the default ONNX domain, in the "
    "main graph, every subgraph (If, Loop, Scan) and every local function, each stored tensor "
    "once. A tensor whose stored data does not match its type and shape exactly is refused; "
    "external data is refused unless the upload is a zip archive that contains it. "
    "safetensors: every tensor of the header. PyTorch (.pt zip as torch.save writes it): the "
    "uncompressed bytes of every storage in the archive plus 8 bytes per float literal of its "
    "pickle. Compression never makes a model smaller: zip archives count uncompressed. "
    "TensorFlow (SavedModel, .tflite) and other formats are refused: export ONNX."
)

EXPORT_ONNX = "export the model to ONNX (or safetensors) and submit that"
# Bounds against zip bombs and absurd archives; the upload limit bounds the rest.
MAX_ZIP_ENTRIES = 100_000
DEFAULT_LIMIT = 2 * 2**30  # when no upload limit is given
MAX_SAFETENSORS_HEADER = 100 * 2**20
# torch.save writes size and stride (at most 2 x ndim) and a few more ints per tensor.
MAX_PICKLE_INTS_PER_STORAGE = 24
MAX_PICKLE_INTS_BASE = 64


class MalformedArtifact(Exception):
    pass


@dataclass(frozen=True)
class TensorSize:
    name: str
    dtype: str
    shape: tuple[int, ...]
    size_bytes: int

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "shape": list(self.shape),
            "size_bytes": self.size_bytes,
        }


@dataclass(frozen=True)
class Measurement:
    size_bytes: int
    method: str
    tensors: tuple[TensorSize, ...] = field(default=())

    def breakdown(self) -> list[dict]:
        return [t.as_dict() for t in self.tensors]


def _total(method: str, tensors: list[TensorSize]) -> Measurement:
    return Measurement(sum(t.size_bytes for t in tensors), method, tuple(tensors))


def _check_dims(name: str, dims, bits: int, limit: int) -> int:
    """Element count of ``dims``; refused if negative or if the tensor could not fit the upload."""
    count = 1
    for d in dims:
        if not isinstance(d, int) or isinstance(d, bool) or d < 0:
            raise MalformedArtifact(f"tensor {name!r}: dimension {d!r} is not a natural number")
        count *= d
        # Checked as we go: a product of huge dims is refused before it grows further.
        if math.ceil(count * bits / 8) > limit:
            raise MalformedArtifact(
                f"tensor {name!r}: dims {list(dims)} declare more bytes than the upload holds"
            )
    return count


# --- ONNX ----------------------------------------------------------------------------------

# (bits per element, typed field, typed values per element; None: packed bytes)
_ONNX_TYPES = {
    "FLOAT": (32, "float_data", 1), "UINT8": (8, "int32_data", 1),
    "INT8": (8, "int32_data", 1), "UINT16": (16, "int32_data", 1),
    "INT16": (16, "int32_data", 1), "INT32": (32, "int32_data", 1),
    "INT64": (64, "int64_data", 1), "BOOL": (8, "int32_data", 1),
    "FLOAT16": (16, "int32_data", 1), "DOUBLE": (64, "double_data", 1),
    "UINT32": (32, "uint64_data", 1), "UINT64": (64, "uint64_data", 1),
    "COMPLEX64": (64, "float_data", 2), "COMPLEX128": (128, "double_data", 2),
    "BFLOAT16": (16, "int32_data", 1), "FLOAT8E4M3FN": (8, "int32_data", 1),
    "FLOAT8E4M3FNUZ": (8, "int32_data", 1), "FLOAT8E5M2": (8, "int32_data", 1),
    "FLOAT8E5M2FNUZ": (8, "int32_data", 1), "FLOAT8E8M0": (8, "int32_data", 1),
    "UINT4": (4, "int32_data", None), "INT4": (4, "int32_data", None),
    "FLOAT4E2M1": (4, "int32_data", None), "UINT2": (2, "int32_data", None),
    "INT2": (2, "int32_data", None),
}  # fmt: skip
_TYPED_FIELDS = (
    "float_data", "int32_data", "string_data", "int64_data", "double_data", "uint64_data",
)  # fmt: skip


class _OnnxWalker:
    def __init__(self, *, onnx, limit: int, external: "_ZipExternal | None"):
        self.onnx = onnx
        self.limit = limit
        self.external = external
        self.types = {
            getattr(onnx.TensorProto, n): (n, *spec)
            for n, spec in _ONNX_TYPES.items()
            if hasattr(onnx.TensorProto, n)
        }
        self.tensors: list[TensorSize] = []

    def tensor(self, t, where: str) -> int:
        name = f"{where}{t.name or '(unnamed)'}"
        tp = self.onnx.TensorProto
        if t.data_type == tp.STRING:
            others = [f for f in _TYPED_FIELDS if f != "string_data" and len(getattr(t, f))]
            if t.HasField("raw_data") or others:
                raise MalformedArtifact(f"tensor {name!r}: a string tensor stores raw data")
            count = _check_dims(name, t.dims, 8, self.limit)
            if len(t.string_data) != count:
                raise MalformedArtifact(
                    f"tensor {name!r}: {len(t.string_data)} strings stored, dims say {count}"
                )
            return self._add(name, "STRING", t.dims, sum(len(s) for s in t.string_data))
        if t.data_type not in self.types:
            raise MalformedArtifact(f"tensor {name!r}: unknown or unsupported dtype {t.data_type}")
        dtype, bits, typed_field, per_element = self.types[t.data_type]
        count = _check_dims(name, t.dims, bits, self.limit)
        nbytes = math.ceil(count * bits / 8)
        filled = [f for f in _TYPED_FIELDS if len(getattr(t, f))]
        if t.data_location == tp.EXTERNAL:
            if filled or t.HasField("raw_data"):
                raise MalformedArtifact(f"tensor {name!r}: external and embedded data at once")
            self._external(t, name, nbytes)
        elif t.HasField("raw_data"):
            if filled:
                raise MalformedArtifact(f"tensor {name!r}: raw and typed data at once")
            if len(t.raw_data) != nbytes:
                raise MalformedArtifact(
                    f"tensor {name!r}: raw_data holds {len(t.raw_data):,} bytes,"
                    f" {dtype} x {list(t.dims)} is {nbytes:,} bytes"
                )
        else:
            if set(filled) - {typed_field}:
                raise MalformedArtifact(f"tensor {name!r}: data in a field {dtype} does not use")
            expected = nbytes if per_element is None else count * per_element
            stored = len(getattr(t, typed_field))
            if stored != expected:
                raise MalformedArtifact(
                    f"tensor {name!r}: {stored:,} values stored,"
                    f" {dtype} x {list(t.dims)} needs {expected:,}"
                )
        return self._add(name, dtype, t.dims, nbytes)

    def _external(self, t, name: str, nbytes: int) -> None:
        if self.external is None:
            raise MalformedArtifact(
                f"tensor {name!r} keeps its data in an external file, which was not uploaded:"
                " upload one .zip with the model and its data files, or embed the data"
            )
        info = {e.key: e.value for e in t.external_data}
        try:
            offset = int(info.get("offset", 0))
            length = int(info["length"]) if "length" in info else None
        except ValueError:
            raise MalformedArtifact(
                f"tensor {name!r}: bad external data offset or length"
            ) from None
        self.external.check(name=name, location=info.get("location", ""), offset=offset,
                            length=length, nbytes=nbytes)  # fmt: skip

    def sparse(self, s, where: str) -> None:
        label = f"{where}{s.values.name or '(sparse)'}"
        _check_dims(label, s.dims, 1, self.limit)
        self.tensor(s.values, f"{where}sparse values: ")
        self.tensor(s.indices, f"{where}sparse indices: ")
        nnz = s.values.dims[0] if len(s.values.dims) == 1 else None
        if nnz is None or not s.indices.dims or s.indices.dims[0] != nnz:
            raise MalformedArtifact(f"sparse tensor {label!r}: values and indices do not agree")

    def _add(self, name: str, dtype: str, dims, nbytes: int) -> int:
        self.tensors.append(TensorSize(name, dtype, tuple(dims), nbytes))
        return nbytes

    def graph(self, g, where: str) -> None:
        where = f"{where}{g.name or 'graph'}/"
        seen = set()
        for t in g.initializer:
            if t.name in seen:
                raise MalformedArtifact(f"initializer {t.name!r} is defined twice")
            seen.add(t.name)
            self.tensor(t, where)
        for s in g.sparse_initializer:
            self.sparse(s, where)
        self.nodes(g.node, where)

    def nodes(self, nodes, where: str) -> None:
        for i, node in enumerate(nodes):
            here = f"{where}{node.name or f'{node.op_type}#{i}'}."
            custom = node.domain not in ("", "ai.onnx")
            constant = node.op_type == "Constant" and not custom
            self.attributes(node.attribute, here, numbers=constant or custom)

    def attributes(self, attributes, here: str, *, numbers: bool) -> None:
        at = self.onnx.AttributeProto
        for a in attributes:
            label = f"{here}{a.name}"
            if a.ref_attr_name:
                continue  # a function's formal parameter: the caller's value is counted
            if a.type == at.TENSOR:
                self.tensor(a.t, f"{label}: ")
            elif a.type == at.TENSORS:
                for t in a.tensors:
                    self.tensor(t, f"{label}: ")
            elif a.type == at.SPARSE_TENSOR:
                self.sparse(a.sparse_tensor, f"{label}: ")
            elif a.type == at.SPARSE_TENSORS:
                for sp in a.sparse_tensors:
                    self.sparse(sp, f"{label}: ")
            elif a.type == at.GRAPH:
                self.graph(a.g, f"{label}: ")
            elif a.type == at.GRAPHS:
                for g in a.graphs:
                    self.graph(g, f"{label}: ")
            elif numbers:
                self._number_attribute(a, label)

    def _number_attribute(self, a, label: str) -> None:
        at = self.onnx.AttributeProto
        spec = {
            at.FLOAT: ("FLOAT", 1, 4), at.INT: ("INT64", 1, 8),
            at.FLOATS: ("FLOAT", len(a.floats), 4), at.INTS: ("INT64", len(a.ints), 8),
        }  # fmt: skip
        if a.type in spec:
            dtype, count, width = spec[a.type]
            self._add(label, dtype, (count,), count * width)
        elif a.type == at.STRING:
            self._add(label, "STRING", (1,), len(a.s))
        elif a.type == at.STRINGS:
            self._add(label, "STRING", (len(a.strings),), sum(len(s) for s in a.strings))


def _onnx_measure(data: bytes, *, limit: int, external: "_ZipExternal | None" = None):
    import onnx  # heavy import, only needed for ONNX artifacts
    from google.protobuf.message import DecodeError

    model = onnx.ModelProto()
    try:
        model.ParseFromString(data)
    except (DecodeError, ValueError, RuntimeError, RecursionError) as exc:
        raise MalformedArtifact(f"not a readable ONNX model ({exc.__class__.__name__})") from exc
    if not model.HasField("graph") or not (model.graph.node or model.graph.initializer):
        raise MalformedArtifact("not an ONNX model: the graph is empty")
    walker = _OnnxWalker(onnx=onnx, limit=limit, external=external)
    try:
        walker.graph(model.graph, "")
        for f in model.functions:
            where = f"function {f.domain}.{f.name}/"
            walker.attributes(f.attribute_proto, where, numbers=True)
            walker.nodes(f.node, where)
        for i, info in enumerate(model.training_info):
            walker.graph(info.initialization, f"training_info[{i}].initialization: ")
            walker.graph(info.algorithm, f"training_info[{i}].algorithm: ")
    except RecursionError as exc:
        raise MalformedArtifact("ONNX subgraphs are nested too deeply") from exc
    return _total(SizeMethod.ONNX, walker.tensors)


# --- zip archives --------------------------------------------------------------------------


def _zip_open(fh, *, limit: int) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(fh)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise MalformedArtifact(f"not a readable zip archive ({exc})") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise MalformedArtifact(f"the archive has more than {MAX_ZIP_ENTRIES:,} entries")
    names = set()
    for info in infos:
        p = PurePosixPath(info.filename)
        if p.is_absolute() or ".." in p.parts or "\\" in info.filename:
            raise MalformedArtifact(f"archive entry {info.filename!r} has an unsafe path")
        if info.filename in names:
            raise MalformedArtifact(f"archive entry {info.filename!r} appears twice")
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise MalformedArtifact("the archive is encrypted")
    if sum(i.file_size for i in infos) > limit:
        raise MalformedArtifact(
            f"the archive unpacks to more than the {limit:,} bytes an upload may hold"
        )
    return zf


def _zip_read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, keep: bool) -> bytes:
    """Reads an entry in full, checking that it unpacks to exactly its declared size (and CRC):
    a lying directory cannot make an entry smaller or larger than its content."""
    out = io.BytesIO() if keep else None
    total = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(2**20):
                total += len(chunk)
                if total > info.file_size:
                    break
                if out is not None:
                    out.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError) as exc:
        raise MalformedArtifact(f"archive entry {info.filename!r} is corrupt ({exc})") from exc
    if total != info.file_size:
        raise MalformedArtifact(f"archive entry {info.filename!r} lies about its size")
    return out.getvalue() if out is not None else b""


def _nested_archive(name: str, head: bytes) -> bool:
    return head[:4] == b"PK\x03\x04" or name.lower().endswith((".zip", ".tar", ".gz", ".tgz"))


class _ZipExternal:
    """External data of an ONNX model, resolved inside the uploaded archive."""

    def __init__(self, zf: zipfile.ZipFile, base: PurePosixPath):
        self.zf = zf
        self.base = base
        self.used: set[str] = set()

    def check(self, *, name: str, location: str, offset: int, length, nbytes: int) -> None:
        p = PurePosixPath(location)
        if not location or p.is_absolute() or ".." in p.parts:
            raise MalformedArtifact(f"tensor {name!r}: external location {location!r} is unsafe")
        member = str(self.base / p)
        try:
            info = self.zf.getinfo(member)
        except KeyError:
            raise MalformedArtifact(
                f"tensor {name!r}: {location!r} is not in the archive"
            ) from None
        if length is None:
            length = info.file_size - offset
        if length != nbytes or offset < 0 or offset + length > info.file_size:
            raise MalformedArtifact(
                f"tensor {name!r}: external data ({length:,} bytes at {offset:,} in {location!r})"
                f" does not match its {nbytes:,} bytes of dtype x dims"
            )
        if member not in self.used:
            self.used.add(member)
            _zip_read(self.zf, info, keep=False)


_TORCH_STORAGE = re.compile(r"^[^/]+/data/\d+$")
_TORCH_ENTRY = re.compile(
    r"^(data\.pkl|data/\d+|version|byteorder|\.data/version|\.data/serialization_id"
    r"|\.format_version|\.storage_alignment)$"
)
_TORCH_GLOBALS = {
    "collections OrderedDict", "torch._utils _rebuild_tensor_v2", "torch._utils _rebuild_tensor",
    "torch._utils _rebuild_parameter", "torch._utils _rebuild_qtensor",
    "torch._utils _rebuild_parameter_with_state", "torch._tensor _rebuild_from_type_v2",
    "torch Tensor", "torch.nn.parameter Parameter", "torch per_tensor_affine",
    "torch per_channel_affine", "torch per_channel_affine_float_qparams", "torch Size",
    "torch._utils _rebuild_meta_tensor_no_storage", "builtins set",
}  # fmt: skip
_TORCH_STORAGE_TYPES = re.compile(
    r"^torch \w*(Storage|float\d*|int\d*|uint\d*|bool|bfloat16|half|double)$"
)  # noqa: E501


def _torch_pickle_check(data: bytes, *, storages: int) -> int:
    """Reads the pickle's opcodes (nothing is executed). Returns the bytes of its float
    literals; refuses anything torch.save does not write for tensors (bytes payloads, unknown
    globals, more integers than shapes and strides need)."""
    floats = ints = 0
    strings: list[str] = []
    try:
        for op, arg, _pos in pickletools.genops(data):
            name = op.name
            if name in ("GLOBAL",):
                target = arg.replace("\n", " ") if isinstance(arg, str) else str(arg)
                strings.clear()
                _torch_global(target)
            elif name == "STACK_GLOBAL":
                if len(strings) < 2:
                    raise MalformedArtifact("the pickle builds a global it does not name")
                _torch_global(f"{strings[-2]} {strings[-1]}")
            elif name in ("SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE"):
                strings.append(arg)
            elif name in ("BINFLOAT", "FLOAT"):
                floats += 1
            elif name in ("BININT", "BININT1", "BININT2", "INT", "LONG", "LONG1", "LONG4"):
                ints += 1
            elif name in ("BINBYTES", "SHORT_BINBYTES", "BINBYTES8", "BYTEARRAY8",
                          "BINSTRING", "SHORT_BINSTRING", "STRING"):  # fmt: skip
                raise MalformedArtifact(
                    f"the PyTorch pickle stores raw bytes outside tensor storages; {EXPORT_ONNX}"
                )
    except (ValueError, EOFError, struct.error, UnicodeDecodeError) as exc:
        raise MalformedArtifact(f"the PyTorch pickle is not readable ({exc})") from exc
    if ints > MAX_PICKLE_INTS_BASE + MAX_PICKLE_INTS_PER_STORAGE * storages:
        raise MalformedArtifact(
            f"the PyTorch pickle stores numbers outside tensor storages; {EXPORT_ONNX}"
        )
    return floats * 8


def _torch_global(target: str) -> None:
    if target not in _TORCH_GLOBALS and not _TORCH_STORAGE_TYPES.match(target):
        raise MalformedArtifact(
            f"the PyTorch pickle refers to {target!r}, which is not a tensor; {EXPORT_ONNX}"
        )


def _zip_measure(fh, *, limit: int, framework: str) -> Measurement:
    zf = _zip_open(fh, limit=limit)
    infos = [i for i in zf.infolist() if not i.is_dir()]
    names = {i.filename for i in infos}
    onnx_files = [i for i in infos if i.filename.lower().endswith(".onnx")]
    pickles = [i for i in infos if re.fullmatch(r"[^/]+/data\.pkl", i.filename)]
    if any(n.endswith(("/constants.pkl", ".py")) or "/code/" in n for n in names):
        raise MalformedArtifact(f"TorchScript archives cannot be measured exactly; {EXPORT_ONNX}")
    if any(n.endswith("saved_model.pb") or n.endswith("saved_model.pbtxt") for n in names):
        _framework_check(framework, "savedmodel")
        raise MalformedArtifact(
            f"TensorFlow SavedModel size cannot be measured exactly here; {EXPORT_ONNX}"
        )
    for info in infos:
        try:
            with zf.open(info) as member:
                head = member.read(4) if info.file_size else b""
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError) as exc:
            raise MalformedArtifact(f"archive entry {info.filename!r} is corrupt ({exc})") from exc
        if _nested_archive(info.filename, head):
            raise MalformedArtifact(f"the archive contains another archive ({info.filename!r})")
    if len(pickles) == 1 and not onnx_files:
        _framework_check(framework, "pytorch")
        return _torch_measure(zf, infos, pickles[0])
    if len(onnx_files) != 1:
        raise MalformedArtifact(
            "a zip archive must hold one .onnx model (with its external data files) or be a"
            " PyTorch torch.save archive"
        )
    model_info = onnx_files[0]
    external = _ZipExternal(zf, PurePosixPath(model_info.filename).parent)
    data = _zip_read(zf, model_info, keep=True)
    return _onnx_measure(data, limit=limit, external=external)


def _torch_measure(zf, infos, pickle_info) -> Measurement:
    prefix = pickle_info.filename.split("/", 1)[0]
    storages = [i for i in infos if _TORCH_STORAGE.match(i.filename)]
    for info in infos:
        rest = info.filename[len(prefix) + 1 :]
        if not info.filename.startswith(prefix + "/") or not _TORCH_ENTRY.match(rest):
            raise MalformedArtifact(
                f"{info.filename!r} is not part of a torch.save archive; {EXPORT_ONNX}"
            )
    float_bytes = _torch_pickle_check(_zip_read(zf, pickle_info, keep=True), storages=len(storages))
    tensors = []
    for info in sorted(storages, key=lambda i: int(i.filename.rsplit("/", 1)[1])):
        _zip_read(zf, info, keep=False)
        tensors.append(TensorSize(f"storage {info.filename}", "bytes", (info.file_size,),
                                  info.file_size))  # fmt: skip
    if float_bytes:
        tensors.append(
            TensorSize("pickle float literals", "FLOAT64", (float_bytes // 8,), float_bytes)
        )
    if not tensors:
        raise MalformedArtifact("the PyTorch archive stores no tensors")
    return _total(SizeMethod.PYTORCH, tensors)


# --- safetensors ---------------------------------------------------------------------------

SAFETENSORS_DTYPE_BITS = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "I16": 16,
    "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "I64": 64, "U64": 64,
    "F64": 64, "F4": 4,
}  # fmt: skip


def _safetensors_measure(fh, *, file_size: int) -> Measurement:
    head = fh.read(8)
    if len(head) != 8:
        raise MalformedArtifact("safetensors file shorter than its 8-byte header length")
    (header_len,) = struct.unpack("<Q", head)
    if header_len > MAX_SAFETENSORS_HEADER or 8 + header_len > file_size:
        raise MalformedArtifact("safetensors header length exceeds the file")
    try:
        header = json.loads(fh.read(header_len))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise MalformedArtifact("safetensors header is not valid JSON") from exc
    if not isinstance(header, dict):
        raise MalformedArtifact("safetensors header is not a JSON object")
    data_len = file_size - 8 - header_len
    spans, tensors = [], []
    for name, info in header.items():
        if name == "__metadata__":
            if not isinstance(info, dict) or not all(isinstance(v, str) for v in info.values()):
                raise MalformedArtifact("safetensors __metadata__ must map strings to strings")
            continue
        if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
            raise MalformedArtifact(f"tensor {name!r}: needs exactly dtype, shape, data_offsets")
        dtype, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
        if dtype not in SAFETENSORS_DTYPE_BITS:
            raise MalformedArtifact(f"tensor {name!r}: unknown dtype {dtype!r}")
        if not isinstance(shape, list):
            raise MalformedArtifact(f"tensor {name!r}: shape is not a list")
        bits = SAFETENSORS_DTYPE_BITS[dtype]
        count = _check_dims(name, shape, bits, file_size)
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in offsets)
        ):
            raise MalformedArtifact(f"tensor {name!r}: data_offsets must be two integers")
        start, end = offsets
        nbytes = math.ceil(count * bits / 8)
        if end - start != nbytes or not 0 <= start <= end <= data_len:
            raise MalformedArtifact(f"tensor {name!r}: offsets do not match dtype and shape")
        spans.append((start, end, name))
        tensors.append(TensorSize(name, dtype, tuple(shape), nbytes))
    position = 0
    for start, end, name in sorted(spans):
        if start != position:
            raise MalformedArtifact(f"tensor {name!r}: data overlaps or leaves a gap")
        position = end
    if position != data_len:
        raise MalformedArtifact("safetensors data has bytes that belong to no tensor")
    return _total(SizeMethod.SAFETENSORS, tensors)


# --- detection -----------------------------------------------------------------------------

# The framework each format belongs to. An ONNX model may be declared under the framework it
# was trained in; a framework's own format must not be declared as another's.
FORMAT_FRAMEWORK = {"onnx": "onnx", "tflite": "tensorflow", "pickle": "pytorch",
                    "pytorch": "pytorch", "savedmodel": "tensorflow"}  # fmt: skip


def _framework_check(framework: str, kind: str) -> None:
    declared = (framework or "").strip().lower()
    content = FORMAT_FRAMEWORK.get(kind)
    if declared not in ("onnx", "pytorch", "tensorflow") or content is None:
        return
    if declared == content or content == "onnx":
        return
    raise MalformedArtifact(f"declared as {framework} but the file is {kind}: format mismatch")


def _detect(head: bytes) -> str:
    if head[:4] == b"PK\x03\x04" or head[:4] == b"PK\x05\x06":
        return "zip"
    if len(head) >= 8 and head[4:8] == b"TFL3":
        return "tflite"
    if len(head) >= 9 and head[8:9] == b"{":
        return "safetensors"
    if head[:2] == b"\x80\x02" or head[:1] == b"\x80":
        return "pickle"
    return "onnx"  # a protobuf has no magic number: parsing decides


_EXTENSIONS = {
    ".onnx": {"onnx"}, ".safetensors": {"safetensors"}, ".zip": {"zip"},
    ".pt": {"zip", "pickle"}, ".pth": {"zip", "pickle"}, ".tflite": {"tflite"},
}  # fmt: skip


def measure_artifact(
    path: str, name: str = "", *, limit: int | None = None, framework: str = ""
) -> Measurement:
    """Measures the artifact at ``path`` (``name`` is the uploaded name, ``framework`` what the
    team declared; ``limit`` bounds what an archive may unpack to and what a tensor may declare,
    by default the file's own size). Raises MalformedArtifact with a reason a team can act on."""
    import os

    file_size = os.path.getsize(path)
    if file_size == 0:
        raise MalformedArtifact("the file is empty")
    limit = max(limit or DEFAULT_LIMIT, file_size)
    suffix = PurePosixPath((name or path).lower()).suffix
    with open(path, "rb") as fh:
        head = fh.read(16)
        fh.seek(0)
        kind = _detect(head)
        if suffix in _EXTENSIONS and kind not in _EXTENSIONS[suffix] and kind != "onnx":
            raise MalformedArtifact(f"the file is named {suffix} but its content is {kind}")
        _framework_check(framework, kind)
        if kind == "tflite":
            raise MalformedArtifact(f"TFLite size cannot be measured exactly here; {EXPORT_ONNX}")
        if kind == "pickle":
            raise MalformedArtifact(
                f"a legacy (non-zip) PyTorch file cannot be measured without running it; "
                f"{EXPORT_ONNX}"
            )
        if kind == "zip":
            return _zip_measure(fh, limit=limit, framework=framework)
        if suffix == ".safetensors" or (kind == "safetensors" and suffix != ".onnx"):
            return _safetensors_measure(fh, file_size=file_size)
        if suffix in (".pt", ".pth"):
            raise MalformedArtifact(f"not a torch.save zip archive; {EXPORT_ONNX}")
        if suffix not in ("", ".onnx"):
            raise MalformedArtifact(
                f"{suffix} files are not measured; submit ONNX, safetensors or a torch.save .pt"
            )
        return _onnx_measure(fh.read(), limit=limit)


# --- bounded run ---------------------------------------------------------------------------

MEASURE_SECONDS = 120
MEASURE_MEMORY_BYTES = 2 * 2**30


def _measure_child(conn, path, name, limit, framework, memory_bytes, seconds) -> None:
    import resource

    try:
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError):
        used = 0
    # The forked process already maps the parent's memory: the bound is on what it adds.
    resource.setrlimit(resource.RLIMIT_AS, (used + memory_bytes, used + memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 1))
    try:
        conn.send((True, measure_artifact(path, name, limit=limit, framework=framework)))
    except MalformedArtifact as exc:
        conn.send((False, str(exc)))
    except MemoryError:
        conn.send((False, f"measuring needs more than {memory_bytes:,} bytes of memory"))
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised in the parent
        conn.send((False, f"the artifact could not be measured ({exc.__class__.__name__})"))
    finally:
        conn.close()


def measure_artifact_bounded(
    path: str,
    name: str = "",
    *,
    limit: int | None = None,
    framework: str = "",
    seconds: float | None = None,
    memory_bytes: int | None = None,
) -> Measurement:
    """``measure_artifact`` in a forked process with a time and a memory bound: a hostile
    artifact can neither hang the worker nor exhaust its memory. Raises MalformedArtifact."""
    import multiprocessing

    seconds = seconds or MEASURE_SECONDS
    memory_bytes = memory_bytes or MEASURE_MEMORY_BYTES
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_measure_child,
        args=(sender, path, name, limit, framework, memory_bytes, int(seconds)),
        daemon=True,
    )
    try:
        proc.start()
    except (AssertionError, OSError):
        # A daemonic pool process may not fork children: measure in-process, unbounded.
        logging.getLogger(__name__).warning("measuring without a time/memory bound")
        sender.close()
        receiver.close()
        return measure_artifact(path, name, limit=limit, framework=framework)
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise MalformedArtifact(f"measuring took longer than {seconds:g} seconds")
        ok, value = receiver.recv()
    except (EOFError, OSError):
        raise MalformedArtifact(
            "measuring stopped before it finished (out of memory or time)"
        ) from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receiver.close()
    if not ok:
        raise MalformedArtifact(value)
    return value
