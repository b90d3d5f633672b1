#!/usr/bin/env python3
"""Reference evaluator for the emc2 challenge: claims, evaluates ONNX models, posts results.

It runs a real evaluation: each claimed artifact is loaded with onnxruntime and run on the
held-out part of scikit-learn's digits data set (1,797 8x8 images of handwritten digits that
ship with scikit-learn; a fixed stratified split, 30 % = 540 images held out, seed 0). The
accuracy (a fraction in [0, 1]) is posted with an idempotency key, together with a log.

    # an evaluator token: manage.py evaluator_token <email>
    export EMC2_EVALUATOR_TOKEN=<key>
    python tools/evaluator/emc2_evaluator.py evaluate --server http://127.0.0.1:8000 \\
        --edition 2027-demo [--once]

    # a model to submit (logistic regression trained on the other 70 %)
    python tools/evaluator/emc2_evaluator.py make-model digits.onnx

The model contract: one float32 input of shape [N, 64] (the 64 pixels scaled to [0, 1]); the
first output is either [N, 10] class scores (the argmax is taken) or [N] labels.

Protocol (see /api/docs/): POST evaluator/claim/ (200 with a lease, 204 when nothing is
queued) -> GET the artifact -> POST heartbeat/ while it runs -> POST logs/ -> POST results/
with ``idempotency_key`` "emc2-evaluator:<submission>:<claim>": a retried post of the same
claim is answered with the same result, never counted twice.

Needs numpy, scikit-learn, onnx and onnxruntime (the project's dev dependencies). Lives outside
the product's packages: it talks to the server only over HTTP.
"""

import argparse
import json
import os
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request

SPLIT_SEED = 0
TEST_FRACTION = 0.3


def digits_split():
    """(X_train, X_test, y_train, y_test) of the digits data set, pixels scaled to [0, 1]."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    return train_test_split(
        x, digits.target, test_size=TEST_FRACTION, random_state=SPLIT_SEED, stratify=digits.target
    )


def make_model(path: str) -> float:
    """Train a logistic regression on the training split and write it as ONNX (MatMul + Add).
    Returns its held-out accuracy as scikit-learn computes it."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from sklearn.linear_model import LogisticRegression

    x_train, x_test, y_train, y_test = digits_split()
    clf = LogisticRegression(max_iter=2000).fit(x_train, y_train)
    weights = numpy_helper.from_array(clf.coef_.T.astype(np.float32), name="W")
    bias = numpy_helper.from_array(clf.intercept_.astype(np.float32), name="b")
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["pixels", "W"], ["logits"]),
            helper.make_node("Add", ["logits", "b"], ["scores"]),
        ],
        "digits_logistic_regression",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, [None, 64])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [None, 10])],
        initializer=[weights, bias],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return float(clf.score(x_test, y_test))


def evaluate_onnx(artifact: bytes) -> tuple[float, str]:
    """Accuracy of the ONNX model on the held-out digits, and a log of what was run."""
    import numpy as np
    import onnxruntime as ort

    _, x_test, _, y_test = digits_split()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(artifact, options, providers=["CPUExecutionProvider"])
    inputs = session.get_inputs()
    if len(inputs) != 1:
        raise ValueError(f"the model must take one input, it takes {len(inputs)}")
    started = time.monotonic()
    output = session.run(None, {inputs[0].name: x_test})[0]
    seconds = time.monotonic() - started
    output = np.asarray(output)
    predicted = output.argmax(axis=1) if output.ndim == 2 else output.reshape(-1)
    if predicted.shape[0] != y_test.shape[0]:
        raise ValueError(f"{predicted.shape[0]} predictions for {y_test.shape[0]} images")
    correct = int((predicted.astype(np.int64) == y_test).sum())
    accuracy = correct / len(y_test)
    log = (
        f"onnxruntime {ort.__version__}, input {inputs[0].name!r} {inputs[0].shape}\n"
        f"digits held-out split: {len(y_test)} images (test_size={TEST_FRACTION},"
        f" random_state={SPLIT_SEED}, stratified)\n"
        f"correct: {correct}/{len(y_test)}, accuracy {accuracy:.6f}, inference {seconds:.3f} s\n"
    )
    return accuracy, log


class Client:
    def __init__(self, *, server: str, edition: str, token: str, timeout: float = 60):
        self.base = f"{server.rstrip('/')}/api/editions/{edition}/challenge/"
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        self.timeout = timeout

    def request(self, url: str, data: dict | None = None, *, post: bool = False):
        """(status, body bytes); HTTP errors come back as their status, not as exceptions."""
        body = json.dumps(data).encode() if data is not None else (b"" if post else None)
        headers = {**self.headers, "Content-Type": "application/json"} if body else self.headers
        req = urllib.request.Request(
            url if "://" in url else self.base + url,
            data=body,
            headers=headers,
            method="POST" if post or body else "GET",
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def post(self, url: str, data: dict | None = None, *, retries: int = 3) -> tuple[int, dict]:
        """POST with retries on network errors (safe: every post here is idempotent)."""
        for attempt in range(retries):
            try:
                status, body = self.request(url, data, post=True)
                return status, (json.loads(body) if body else {})
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                if attempt == retries - 1:
                    raise
                time.sleep(2**attempt)
        raise AssertionError("unreachable")


class Heartbeat(threading.Thread):
    """Keeps the lease alive while the evaluation runs."""

    def __init__(self, client: Client, submission_id: int, every: float):
        super().__init__(daemon=True)
        self.client, self.url, self.every = client, f"submissions/{submission_id}/heartbeat/", every
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(self.every):
            status, body = self.client.post(self.url)
            if status != 200:
                print(f"heartbeat refused ({status}): {body}", file=sys.stderr)
                return

    def stop(self):
        self.stopped.set()


def evaluate_next(client: Client, *, heartbeat_every: float, out=sys.stdout) -> bool:
    """Claim, evaluate and report one submission; False when nothing was queued."""
    status, claim = client.post("evaluator/claim/")
    if status == 204:
        return False
    if status != 200:
        raise SystemExit(f"claim refused ({status}): {claim}")
    sub = claim["submission"]
    sid = sub["id"]
    status, artifact = client.request(sub["artifact_url"])
    if status != 200:
        raise SystemExit(f"artifact download refused ({status})")
    client.post(f"submissions/{sid}/heartbeat/")
    beat = Heartbeat(client, sid, heartbeat_every)
    beat.start()
    try:
        accuracy, log = evaluate_onnx(artifact)
        result = {"metric_value": accuracy}
    except Exception as exc:  # noqa: BLE001 - the team's model failed: report it, do not crash
        log = "".join(traceback.format_exception_only(type(exc), exc))
        result = {"failed_reason": f"The model could not be evaluated: {exc}"[:1000]}
    finally:
        beat.stop()
    log = f"submission {sid}, artifact {len(artifact)} bytes\n{log}"
    status, body = client.post(f"submissions/{sid}/logs/", {"text": log})
    if status != 201:
        print(f"log refused ({status}): {body}", file=sys.stderr)
    result["idempotency_key"] = f"emc2-evaluator:{sid}:{claim['claim']}"
    status, body = client.post(f"submissions/{sid}/results/", result)
    if status not in (200, 201):
        raise SystemExit(f"result refused ({status}): {body}")
    what = f"accuracy {accuracy:.4f}" if "metric_value" in result else result["failed_reason"]
    out.write(f"submission {sid} ({sub['track']}): {what} -> version {body['version']}\n")
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("evaluate", help="claim and evaluate queued submissions")
    run.add_argument("--server", default="http://127.0.0.1:8000")
    run.add_argument("--edition", required=True)
    run.add_argument("--token", default=os.environ.get("EMC2_EVALUATOR_TOKEN"),
                     help="evaluator token (default: $EMC2_EVALUATOR_TOKEN)")  # fmt: skip
    run.add_argument("--once", action="store_true", help="at most one submission")
    run.add_argument("--heartbeat-every", type=float, default=60.0, help="seconds")
    make = commands.add_parser("make-model", help="write a digits model to submit")
    make.add_argument("path")
    args = parser.parse_args(argv)
    if args.command == "make-model":
        print(f"{args.path}: held-out accuracy {make_model(args.path):.4f}")
        return 0
    if not args.token:
        parser.error("--token or EMC2_EVALUATOR_TOKEN is required")
    client = Client(server=args.server, edition=args.edition, token=args.token)
    done = 0
    while evaluate_next(client, heartbeat_every=args.heartbeat_every):
        done += 1
        if args.once:
            break
    print(f"{done} submission(s) evaluated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
