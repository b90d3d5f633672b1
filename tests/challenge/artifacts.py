"""Model artifacts for the measurement tests, built with the ``onnx`` helper API and
hand-written bytes (no framework installed)."""

import collections
import io
import json
import pickle
import struct
import sys
import types
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array), name=name)


def graph(nodes=(), initializer=(), name="g", sparse=()):
    return helper.make_graph(
        list(nodes),
        name,
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [1, 3])],
        initializer=list(initializer),
        sparse_initializer=list(sparse),
    )


def model_bytes(g, functions=()) -> bytes:
    model = helper.make_model(g, functions=list(functions))
    return model.SerializeToString()


def tiny_onnx() -> bytes:
    """A 4x3 float32 weight (48 bytes) and a 3-element float16 bias (6 bytes)."""
    w = tensor("W", np.ones((4, 3), dtype=np.float32))
    b = tensor("B", np.zeros(3, dtype=np.float16))
    return model_bytes(graph([helper.make_node("MatMul", ["X", "W"], ["Y"])], [w, b]))


def tflite_bytes() -> bytes:
    # A flatbuffer's root offset, then the "TFL3" file identifier.
    return struct.pack("<I", 16) + b"TFL3" + b"\x00" * 64


def safetensors_bytes(header: dict, data: bytes) -> bytes:
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + data


def zip_bytes(entries: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


# --- a torch.save-shaped pickle, written without torch ---------------------------------------


def _fake_torch_modules():
    """Modules named like torch's so that pickle writes the globals torch.save writes."""
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):
        raise AssertionError("never called: the measurement does not unpickle")

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    storage = type("FloatStorage", (), {"__module__": "torch"})
    torch.FloatStorage = storage
    torch._utils = utils
    return {"torch": torch, "torch._utils": utils}, _rebuild_tensor_v2, storage


class _StorageRef:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class _Tensor:
    def __init__(self, rebuild, ref, shape):
        self.rebuild, self.ref, self.shape = rebuild, ref, shape

    def __reduce__(self):
        stride = tuple(int(np.prod(self.shape[i + 1 :])) for i in range(len(self.shape)))
        return (self.rebuild, (self.ref, 0, self.shape, stride, False, collections.OrderedDict()))


def torch_pickle(shapes: dict, extra: dict | None = None) -> bytes:
    """data.pkl of a state dict {name: float32 tensor of shape}; storage keys 0, 1, ..."""
    modules, rebuild, storage_type = _fake_torch_modules()
    saved = {k: sys.modules.get(k) for k in modules}
    sys.modules.update(modules)
    try:
        state = collections.OrderedDict()
        for i, (name, shape) in enumerate(shapes.items()):
            state[name] = _Tensor(rebuild, _StorageRef(str(i), int(np.prod(shape))), shape)
        state.update(extra or {})
        buf = io.BytesIO()

        class Pickler(pickle.Pickler):
            def persistent_id(self, obj):
                if isinstance(obj, _StorageRef):
                    return ("storage", storage_type, obj.key, "cpu", obj.numel)
                return None

        Pickler(buf, protocol=2).dump(state)
        return buf.getvalue()
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


def torch_zip(shapes: dict, extra: dict | None = None, more_entries: dict | None = None) -> bytes:
    entries = {"archive/data.pkl": torch_pickle(shapes, extra), "archive/version": b"3\n"}
    for i, shape in enumerate(shapes.values()):
        entries[f"archive/data/{i}"] = b"\x00" * (4 * int(np.prod(shape)))
    entries.update(more_entries or {})
    return zip_bytes(entries)


__all__ = ["onnx", "helper", "TensorProto"]
