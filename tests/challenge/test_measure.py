import json
import struct

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import save_file

from challenge.enums import SizeMethod
from challenge.measure import MalformedArtifact, measure_artifact


def tiny_onnx(path):
    """A 4x3 float32 weight (48 bytes) and a 3-element float16 bias (6 bytes)."""
    w = numpy_helper.from_array(np.ones((4, 3), dtype=np.float32), name="W")
    b = numpy_helper.from_array(np.zeros(3, dtype=np.float16), name="B")
    node = helper.make_node("MatMul", ["X", "W"], ["Y"])
    graph = helper.make_graph(
        [node],
        "tiny",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [1, 3])],
        initializer=[w, b],
    )
    onnx.save(helper.make_model(graph), str(path))
    return path


def test_onnx_size_is_the_sum_of_initializer_bytes(tmp_path):
    m = measure_artifact(str(tiny_onnx(tmp_path / "m.onnx")))
    assert (m.size_bytes, m.method) == (4 * 3 * 4 + 3 * 2, SizeMethod.ONNX)


def test_safetensors_size_from_header(tmp_path):
    path = tmp_path / "m.safetensors"
    save_file({"w": np.ones((10, 10), dtype=np.float32), "q": np.ones(7, dtype=np.int8)}, str(path))
    m = measure_artifact(str(path))
    assert (m.size_bytes, m.method) == (400 + 7, SizeMethod.SAFETENSORS)


def test_other_files_fall_back_to_the_file_size(tmp_path):
    path = tmp_path / "model.pt"
    path.write_bytes(b"x" * 1234)
    m = measure_artifact(str(path))
    assert (m.size_bytes, m.method) == (1234, SizeMethod.FILE_SIZE)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.onnx", b"\xff\xfe this is not a protobuf \x00\x01"),
        ("bad.safetensors", b"\x05"),
        ("bad.safetensors", struct.pack("<Q", 10_000) + b"{}"),
        ("bad.safetensors", struct.pack("<Q", 3) + b"{{{"),
        ("empty.bin", b""),
    ],
    ids=["onnx-garbage", "st-short", "st-header-too-long", "st-bad-json", "empty"],
)
def test_malformed_artifacts_raise_with_a_reason(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(MalformedArtifact):
        measure_artifact(str(path))


def test_safetensors_offsets_must_match_dtype_and_shape(tmp_path):
    header = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 8]}}).encode()
    path = tmp_path / "lie.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + b"\x00" * 8)
    with pytest.raises(MalformedArtifact, match="offsets"):
        measure_artifact(str(path))
