"""The gaming and malformed corpus: each artifact is measured at its true size or refused with
a message. Sizes are written out by hand (elements x bytes per element)."""

import struct
import time
import zipfile

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import save_file

from challenge import measure
from challenge.enums import SizeMethod
from challenge.measure import MalformedArtifact, measure_artifact, measure_artifact_bounded
from tests.challenge.artifacts import (
    graph,
    model_bytes,
    safetensors_bytes,
    tensor,
    tflite_bytes,
    tiny_onnx,
    torch_pickle,
    torch_zip,
    zip_bytes,
)

W12 = np.ones((4, 3), dtype=np.float32)  # 48 bytes
MATMUL = helper.make_node("MatMul", ["X", "W"], ["Y"])


def write(tmp_path, name, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def size_of(tmp_path, name, data, **kwargs):
    return measure_artifact(write(tmp_path, name, data), name, **kwargs)


def refused(tmp_path, name, data, match, **kwargs):
    with pytest.raises(MalformedArtifact, match=match):
        size_of(tmp_path, name, data, **kwargs)


# --- ONNX: honest and gaming models measured at their true size ------------------------------


def test_onnx_size_is_the_bytes_of_every_initializer(tmp_path):
    m = size_of(tmp_path, "m.onnx", tiny_onnx())
    assert (m.size_bytes, m.method) == (4 * 3 * 4 + 3 * 2, SizeMethod.ONNX)
    assert m.breakdown() == [
        {"name": "g/W", "dtype": "FLOAT", "shape": [4, 3], "size_bytes": 48},
        {"name": "g/B", "dtype": "FLOAT16", "shape": [3], "size_bytes": 6},
    ]


def test_onnx_weights_moved_into_a_constant_node_count(tmp_path):
    const = helper.make_node("Constant", [], ["W"], value=tensor("w", W12))
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([const, MATMUL])))
    assert m.size_bytes == 48


@pytest.mark.parametrize(
    ("attrs", "size"),
    [
        ({"value_floats": [1.0] * 10}, 40),
        ({"value_ints": list(range(10))}, 80),
        ({"value_float": 1.0}, 4),
        ({"value_strings": [b"abcd", b"ef"]}, 6),
    ],
    ids=["floats", "ints", "float", "strings"],
)
def test_onnx_every_constant_value_attribute_counts(tmp_path, attrs, size):
    const = helper.make_node("Constant", [], ["W"], **attrs)
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([const, MATMUL])))
    assert m.size_bytes == size


def test_onnx_sparse_constant_counts_values_and_indices(tmp_path):
    values = tensor("v", np.ones(5, dtype=np.float32))  # 20 bytes
    indices = tensor("i", np.arange(5, dtype=np.int64))  # 40 bytes
    sparse = helper.make_sparse_tensor(values, indices, [100])
    const = helper.make_node("Constant", [], ["W"], sparse_value=sparse)
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([const, MATMUL])))
    assert m.size_bytes == 60


def test_onnx_sparse_initializer_counts_values_and_indices(tmp_path):
    values = tensor("S", np.ones(3, dtype=np.float32))  # 12
    indices = tensor("S_idx", np.array([0, 5, 9], dtype=np.int64))  # 24
    sparse = helper.make_sparse_tensor(values, indices, [10])
    m = size_of(
        tmp_path, "m.onnx", model_bytes(graph([MATMUL], [tensor("W", W12)], sparse=[sparse]))
    )
    assert m.size_bytes == 48 + 12 + 24


def test_onnx_weights_inside_if_branches_count_once_each(tmp_path):
    then_g = graph([], [tensor("W", W12)], name="then")
    else_g = graph([], [tensor("W", np.ones(8, dtype=np.float64))], name="else")  # 64
    cond = helper.make_node("If", ["C"], ["Y"], then_branch=then_g, else_branch=else_g)
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([cond])))
    assert m.size_bytes == 48 + 64
    assert sorted(t["name"] for t in m.breakdown()) == [
        "g/If#0.else_branch: else/W",
        "g/If#0.then_branch: then/W",
    ]


def test_onnx_nested_loop_body_inside_if_counts(tmp_path):
    body = graph([], [tensor("L", np.ones(10, dtype=np.int8))], name="body")  # 10
    loop = helper.make_node("Loop", ["M", "C"], ["Y"], body=body)
    inner = graph([loop], name="inner")
    cond = helper.make_node("If", ["C"], ["Y"], then_branch=inner, else_branch=graph(name="e"))
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([cond])))
    assert m.size_bytes == 10


def test_onnx_constant_inside_a_local_function_counts(tmp_path):
    const = helper.make_node("Constant", [], ["W"], value=tensor("w", W12))
    fn = helper.make_function(
        "custom", "Dense", ["X"], ["Y"], [const, MATMUL], [helper.make_opsetid("", 17)]
    )
    call = helper.make_node("Dense", ["X"], ["Y"], domain="custom")
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([call]), functions=[fn]))
    assert m.size_bytes == 48


def test_onnx_tensor_attribute_of_any_node_counts(tmp_path):
    node = helper.make_node(
        "ConstantOfShape", ["S"], ["Y"], value=tensor("v", np.ones(1, dtype=np.float32))
    )
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([node])))
    assert m.size_bytes == 4


def test_onnx_number_lists_of_custom_domain_ops_count(tmp_path):
    node = helper.make_node(
        "LinearRegressor", ["X"], ["Y"], domain="ai.onnx.ml", coefficients=[0.5] * 12
    )
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([node])))
    assert m.size_bytes == 12 * 4


def test_onnx_int4_is_bit_packed(tmp_path):
    w = helper.make_tensor("Q", TensorProto.INT4, [5], [1, 2, 3, 4, 5])
    scale = tensor("scale", np.ones(1, dtype=np.float32))
    zero = tensor("zero", np.zeros(1, dtype=np.int8))
    m = size_of(tmp_path, "m.onnx", model_bytes(graph([MATMUL], [w, scale, zero])))
    assert [t["size_bytes"] for t in m.breakdown()] == [3, 4, 1]


# --- ONNX: refused ---------------------------------------------------------------------------


def _raw(dims, data, dtype=TensorProto.FLOAT, name="W"):
    t = TensorProto(name=name, data_type=dtype, dims=dims)
    t.raw_data = data
    return t


@pytest.mark.parametrize(
    ("t", "match"),
    [
        (_raw([1], b"\x00" * 4000), "raw_data holds 4,000 bytes"),
        (_raw([10], b"\x00" * 8), "raw_data holds 8 bytes"),
        (_raw([-1], b""), "not a natural number"),
        (_raw([2**62, 2**62], b""), "more bytes than the upload"),
        (_raw([1_000_000_000], b""), "more bytes than the upload"),
        (TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[3], float_data=[1]), "1 values"),
        (TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[1], int64_data=[1]), "field"),
        (TensorProto(name="W", data_type=999, dims=[1]), "unknown"),
    ],
    ids=["raw-longer", "raw-shorter", "negative-dim", "overflow", "beyond-upload", "typed-short",
         "wrong-field", "unknown-dtype"],
)  # fmt: skip
def test_onnx_tensor_data_must_match_dtype_and_dims(tmp_path, t, match):
    refused(tmp_path, "m.onnx", model_bytes(graph([MATMUL], [t])), match)


def test_onnx_lying_tensor_inside_a_subgraph_is_refused(tmp_path):
    branch = graph([], [_raw([1], b"\x00" * 400)], name="then")
    cond = helper.make_node("If", ["C"], ["Y"], then_branch=branch, else_branch=graph(name="e"))
    refused(tmp_path, "m.onnx", model_bytes(graph([cond])), "raw_data holds 400")


def test_onnx_duplicate_initializer_is_refused(tmp_path):
    data = model_bytes(graph([MATMUL], [tensor("W", W12), tensor("W", W12)]))
    refused(tmp_path, "m.onnx", data, "defined twice")


def _external(dims=(4, 3), location="w.bin", length=None):
    t = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=list(dims))
    t.data_location = TensorProto.EXTERNAL
    info = {"location": location, "offset": "0"}
    if length is not None:
        info["length"] = str(length)
    for k, v in info.items():
        t.external_data.add(key=k, value=v)
    return model_bytes(graph([MATMUL], [t]))


def test_onnx_external_data_not_uploaded_is_refused(tmp_path):
    refused(tmp_path, "m.onnx", _external(), "external file, which was not uploaded")


def test_onnx_external_data_inside_the_archive_is_measured(tmp_path):
    data = zip_bytes({"model/m.onnx": _external(), "model/w.bin": b"\x00" * 48})
    m = size_of(tmp_path, "m.zip", data)
    assert (m.size_bytes, m.method) == (48, SizeMethod.ONNX)


@pytest.mark.parametrize(
    ("entries", "match"),
    [
        ({"m.onnx": _external(location="missing.bin")}, "not in the archive"),
        ({"m.onnx": _external(location="../w.bin"), "w.bin": b"\x00" * 48}, "unsafe"),
        ({"m.onnx": _external(), "w.bin": b"\x00" * 47}, "does not match"),
        ({"m.onnx": _external(length=4), "w.bin": b"\x00" * 48}, "does not match"),
        ({"m.onnx": tiny_onnx(), "n.onnx": tiny_onnx()}, "one .onnx model"),
        ({"m.onnx": tiny_onnx(), "inner.zip": zip_bytes({"a": b"b"})}, "another archive"),
        ({"../m.onnx": tiny_onnx()}, "unsafe path"),
        ({"saved_model.pb": b"x", "variables/variables.index": b"x"}, "export the model to ONNX"),
    ],
    ids=["missing", "traversal", "short-file", "lying-length", "two-models", "nested-zip",
         "zip-slip", "savedmodel"],
)  # fmt: skip
def test_onnx_archives_that_lie_are_refused(tmp_path, entries, match):
    refused(tmp_path, "m.zip", zip_bytes(entries), match)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field, written by hand (the helpers refuse deep nesting)."""
    length, out = len(payload), b""
    while True:
        byte, length = length & 0x7F, length >> 7
        out += bytes([byte | (0x80 if length else 0)])
        if not length:
            break
    return bytes([number << 3 | 2]) + out + payload


def test_onnx_deep_nesting_is_refused_not_crashing(tmp_path):
    g = graph([MATMUL], [tensor("W", W12)], name="leaf").SerializeToString()
    for _ in range(200):
        # AttributeProto{name=1, g=6, type=20 (GRAPH=5)} in NodeProto.attribute=5 in Graph.node=1
        attr = _field(1, b"then_branch") + _field(6, g) + b"\xa0\x01\x05"
        g = _field(1, _field(4, b"If") + _field(5, attr))
    data = b"\x08\x07" + _field(7, g)  # ModelProto{ir_version=7, graph=7}
    refused(tmp_path, "m.onnx", data, "not a readable ONNX|nested too deeply")


@pytest.mark.parametrize(
    ("name", "data", "match"),
    [
        ("m.onnx", b"\xff\xfe this is not a protobuf \x00\x01", "not a readable ONNX"),
        ("m.onnx", b"\x08\x07", "graph is empty"),
        ("empty.onnx", b"", "empty"),
        ("model.h5", b"\x89HDF\r\n", "not measured"),
    ],
    ids=["garbage", "no-graph", "empty", "unknown-extension"],
)
def test_unreadable_artifacts_are_refused(tmp_path, name, data, match):
    refused(tmp_path, name, data, match)


# --- safetensors -------------------------------------------------------------------------------


def test_safetensors_counts_every_tensor(tmp_path):
    path = tmp_path / "m.safetensors"
    save_file({"w": np.ones((10, 10), dtype=np.float32), "q": np.ones(7, dtype=np.int8)}, str(path))
    m = measure_artifact(str(path), "m.safetensors")
    assert (m.size_bytes, m.method) == (400 + 7, SizeMethod.SAFETENSORS)
    assert sorted(t["size_bytes"] for t in m.breakdown()) == [7, 400]


def st(dtype="F32", shape=(4,), offsets=(0, 16)):
    return {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets)}


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"\x05", "shorter"),
        (struct.pack("<Q", 10_000) + b"{}", "exceeds the file"),
        (struct.pack("<Q", 3) + b"{{{", "not valid JSON"),
        (safetensors_bytes([1, 2], b""), "not a JSON object"),
        (safetensors_bytes({"w": st(offsets=(0, 8))}, b"\x00" * 8), "offsets do not match"),
        (safetensors_bytes({"w": st(dtype="F33")}, b"\x00" * 16), "unknown dtype"),
        (safetensors_bytes({"w": st(shape=(-4,))}, b"\x00" * 16), "natural number"),
        (safetensors_bytes({"w": st(shape=(2**40, 2**40))}, b"\x00" * 16), "more bytes"),
        (safetensors_bytes({"w": st(offsets=(True, 16))}, b"\x00" * 16), "two integers"),
        (safetensors_bytes({"w": st(), "v": st()}, b"\x00" * 16), "overlaps"),
        (safetensors_bytes({"w": st(offsets=(16, 32))}, b"\x00" * 32), "gap"),
        (safetensors_bytes({"w": st()}, b"\x00" * 1000), "belong to no tensor"),
        (safetensors_bytes({"w": {**st(), "extra": 1}}, b"\x00" * 16), "exactly dtype"),
    ],
    ids=["short", "header-too-long", "bad-json", "not-object", "lying-offsets", "dtype",
         "negative-shape", "overflow", "bool-offset", "overlap", "gap", "hidden-bytes",
         "extra-key"],
)  # fmt: skip
def test_safetensors_lying_headers_are_refused(tmp_path, data, match):
    refused(tmp_path, "m.safetensors", data, match)


# --- PyTorch ---------------------------------------------------------------------------------


def test_pytorch_zip_counts_uncompressed_storages_not_the_file_size(tmp_path):
    data = torch_zip({"fc.weight": (100, 10), "fc.bias": (10,)})
    m = size_of(tmp_path, "m.pt", data)
    assert (m.size_bytes, m.method) == (4000 + 40, SizeMethod.PYTORCH)
    assert len(data) < 4000  # the zeros deflate: the compressed file would have measured less
    assert [t["name"] for t in m.breakdown()] == [
        "storage archive/data/0",
        "storage archive/data/1",
    ]


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (torch_zip({"w": (10,)}, extra={"stash": b"\x00" * 1000}), "not a tensor"),
        (torch_zip({"w": (10,)}, extra={"stash": list(range(1000))}), "numbers outside"),
        (torch_zip({"w": (10,)}, more_entries={"archive/code/m.py": b"x"}), "TorchScript"),
        (torch_zip({"w": (10,)}, more_entries={"archive/hidden.bin": b"x" * 99}), "not part"),
        (zip_bytes({"archive/data.pkl": b"\x80\x02cos\nsystem\n."}), "not a tensor"),
        (zip_bytes({"archive/data.pkl": b"\x80\x03}X\x01\x00\x00\x00sC\x03abcs."}), "raw bytes"),
        (b"\x80\x02}q\x00.", "legacy"),
    ],
    ids=["bytes-in-pickle", "ints-in-pickle", "torchscript", "extra-entry", "evil-global",
         "binbytes", "legacy"],
)  # fmt: skip
def test_pytorch_gaming_archives_are_refused(tmp_path, data, match):
    refused(tmp_path, "m.pt", data, match)


def test_pytorch_float_literals_in_the_pickle_count(tmp_path):
    data = torch_zip({"w": (10,)}, extra={"scale": 0.5, "zero": 1.5})
    assert size_of(tmp_path, "m.pt", data).size_bytes == 40 + 16


def _patch_central_size(data: bytes, new_size: int) -> bytes:
    """Rewrites the uncompressed size of every central-directory entry (a lying header)."""
    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        out[pos + 24 : pos + 28] = struct.pack("<I", new_size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def test_zip_lying_about_uncompressed_sizes_is_refused(tmp_path):
    data = zip_bytes(
        {"archive/data.pkl": torch_pickle({"w": (1000,)}), "archive/data/0": b"\0" * 4000}
    )
    refused(tmp_path, "m.pt", _patch_central_size(data, 10), "corrupt|lies")


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    bomb = zip_bytes({"m.onnx": tiny_onnx(), "w.bin": b"\x00" * 50_000_000})
    assert len(bomb) < 100_000
    refused(tmp_path, "m.zip", bomb, "unpacks to more than the 1,000,000 bytes", limit=1_000_000)


def test_zip_with_encrypted_flag_is_refused(tmp_path):
    data = bytearray(zip_bytes({"m.onnx": tiny_onnx()}))
    pos = data.find(b"PK\x01\x02")
    data[pos + 8] |= 0x1
    refused(tmp_path, "m.zip", bytes(data), "encrypted")


# --- TensorFlow and format mismatch -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "framework", "match"),
    [
        ("m.tflite", "TensorFlow", "export the model to ONNX"),
        ("m.onnx", "", "named .onnx but its content is tflite"),
        ("m.tflite", "ONNX", "format mismatch"),
    ],
)
def test_tflite_is_refused_with_export_onnx_or_mismatch(tmp_path, name, framework, match):
    refused(tmp_path, name, tflite_bytes(), match, framework=framework)


def test_onnx_may_be_declared_under_its_training_framework(tmp_path):
    m = size_of(tmp_path, "m.onnx", tiny_onnx(), framework="PyTorch")
    assert m.size_bytes == 54


@pytest.mark.parametrize(
    ("name", "data", "framework"),
    [
        ("m.pt", torch_zip({"w": (10,)}), "TensorFlow"),
        ("m.pt", torch_zip({"w": (10,)}), "ONNX"),
        ("m.zip", zip_bytes({"saved_model.pb": b"x"}), "PyTorch"),
    ],
    ids=["pytorch-as-tf", "pytorch-as-onnx", "savedmodel-as-pytorch"],
)
def test_framework_formats_declared_as_another_are_refused(tmp_path, name, data, framework):
    refused(tmp_path, name, data, "format mismatch", framework=framework)


def test_safetensors_named_onnx_is_refused(tmp_path):
    path = tmp_path / "m.safetensors"
    save_file({"w": np.ones(3, dtype=np.float32)}, str(path))
    refused(tmp_path, "m.pt", path.read_bytes(), "named .pt but its content is safetensors")


# --- bounds ------------------------------------------------------------------------------------


def test_bounded_measurement_returns_the_same_measurement(tmp_path):
    path = write(tmp_path, "m.onnx", tiny_onnx())
    assert measure_artifact_bounded(path, "m.onnx") == measure_artifact(path, "m.onnx")


def test_bounded_measurement_stops_at_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(measure, "measure_artifact", lambda *a, **k: time.sleep(30))
    path = write(tmp_path, "m.onnx", tiny_onnx())
    started = time.monotonic()
    with pytest.raises(MalformedArtifact, match="longer than 0.5 seconds"):
        measure_artifact_bounded(path, "m.onnx", seconds=0.5)
    assert time.monotonic() - started < 5


def test_bounded_measurement_stops_at_the_memory_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(measure, "measure_artifact", lambda *a, **k: bytearray(2**30))
    path = write(tmp_path, "m.onnx", tiny_onnx())
    with pytest.raises(MalformedArtifact, match="memory"):
        measure_artifact_bounded(path, "m.onnx", memory_bytes=50 * 2**20)


def test_bounded_measurement_reports_a_crash_as_a_reason(tmp_path, monkeypatch):
    def crash(*a, **k):
        raise KeyError("boom")

    monkeypatch.setattr(measure, "measure_artifact", crash)
    path = write(tmp_path, "m.onnx", tiny_onnx())
    with pytest.raises(MalformedArtifact, match="could not be measured"):
        measure_artifact_bounded(path, "m.onnx")


def test_size_definition_names_every_rule():
    text = measure.SIZE_DEFINITION
    for phrase in ("stored parameter tensor at its stored precision", "half a byte", "zero points",
                   "sparse tensor counts its values and its indices", "export ONNX"):  # fmt: skip
        assert phrase in text


def test_zipfile_constant_used_for_stored_entries():
    assert zipfile.ZIP_STORED == 0  # the hand-written archives rely on zipfile's layout
    assert numpy_helper is not None


def test_bounded_measurement_falls_back_where_it_cannot_fork(tmp_path, monkeypatch):
    import multiprocessing.process

    monkeypatch.setitem(multiprocessing.process.current_process()._config, "daemon", True)
    path = write(tmp_path, "m.onnx", tiny_onnx())
    assert measure_artifact_bounded(path, "m.onnx").size_bytes == 54


def _varint(n: int) -> bytes:
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def _deep_onnx(levels: int) -> bytes:
    """A model whose graph nests ``levels`` If-branches (3 messages each), built outside-in in
    linear time: Graph.node(1) -> Node.attribute(5) -> Attribute.g(6) -> Graph ..."""
    core = graph([MATMUL], [tensor("W", W12)], name="leaf").SerializeToString()
    prefixes, length = [], len(core)
    for _ in range(levels):
        for number in (6, 5, 1):  # innermost first
            prefixes.append(bytes([number << 3 | 2]) + _varint(length))
            length += len(prefixes[-1])
    return b"\x08\x07" + bytes([7 << 3 | 2]) + _varint(length) + b"".join(reversed(prefixes)) + core


@pytest.mark.parametrize(
    ("name", "make", "match"),
    [
        ("bomb.zip", lambda: zip_bytes({"m.onnx": tiny_onnx(), "w.bin": b"\0" * 200_000_000}),
         "unpacks to more than"),
        ("deep.onnx", lambda: _deep_onnx(350_000), "not a readable ONNX|nested too deeply"),
    ],
    ids=["zip-bomb-200MB", "nesting-1M-deep"],
)  # fmt: skip
def test_hostile_artifacts_are_refused_quickly_in_the_bounded_child(tmp_path, name, make, match):
    path = write(tmp_path, name, make())
    started = time.monotonic()
    with pytest.raises(MalformedArtifact, match=match):
        measure_artifact_bounded(path, name, limit=10_000_000)
    elapsed = time.monotonic() - started
    print(f"{name}: {tmp_path.joinpath(name).stat().st_size:,} bytes refused in {elapsed:.2f} s")
    assert elapsed < 2
