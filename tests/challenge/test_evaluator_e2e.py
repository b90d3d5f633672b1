"""End to end: a real ONNX upload over HTTP, measured through Celery (a real worker when a
broker is configured, as in CI's PostgreSQL leg; eager tasks otherwise), then the reference
evaluator run as a subprocess against the live server, evaluating the model on digits."""

import importlib.util
import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from rest_framework.authtoken.models import Token

from challenge.demo import digits_demo_track
from emc2.celery import app

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TOOL = Path(settings.BASE_DIR) / "tools" / "evaluator" / "emc2_evaluator.py"


@pytest.fixture
def measuring():
    """A real worker consuming from the broker when there is one; else eager tasks."""
    if not os.environ.get("CELERY_BROKER_URL"):
        if os.environ.get("CI") == "true" and os.environ.get("EMC2_REQUIRE_BROKER"):
            pytest.fail("CELERY_BROKER_URL is required for this CI run")
        app.conf.task_always_eager = True
        yield "eager"
        return
    app.conf.task_always_eager = False
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        yield "worker"
    app.conf.task_always_eager = True


def _tool_module():
    # The tool is not importable as a package (it lives outside the product on purpose).
    spec = importlib.util.spec_from_file_location("emc2_evaluator", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tool(*args, env=None, timeout=120):
    return subprocess.run(
        [sys.executable, str(TOOL), *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})}, cwd=settings.BASE_DIR,
    )  # fmt: skip


def _upload(url: str, token: str, fields: dict, filename: str, data: bytes) -> dict:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="artifact"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + data + b"\r\n"
    )  # fmt: skip
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Token {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    })  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - live server
        assert response.status == 201
        return json.loads(response.read())


def _get(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - live server
        return json.loads(response.read())


def test_upload_measure_evaluate_with_the_reference_client(
    live_server, measuring, edition, challenge, team, actors, tmp_path, client
):
    challenge.frameworks = ["ONNX"]
    challenge.save()
    track = digits_demo_track(challenge)
    model = tmp_path / "digits.onnx"
    assert _tool_module().make_model(str(model)) > 0.9  # the same code as `make-model`
    api = f"{live_server.url}/api/editions/{edition.slug}/challenge/"
    author_token = Token.objects.create(user=actors["author"]).key
    created = _upload(
        api + "submissions/new/", author_token,
        {"track": track.slug, "framework": "ONNX", "description": "logistic regression"},
        "digits.onnx", model.read_bytes(),
    )  # fmt: skip
    sid = created["id"]
    # With a real worker the measurement runs after the upload answers: wait for the queue.
    deadline = time.monotonic() + 60
    while _get(api + f"submissions/{sid}/", author_token)["submission"]["status"] != "queued":
        assert time.monotonic() < deadline, "the worker never measured the upload"
        time.sleep(0.2)

    evaluator_token = Token.objects.create(user=actors["evaluator"]).key
    run = _tool(
        "evaluate", "--server", live_server.url, "--edition", edition.slug, "--once",
        env={"EMC2_EVALUATOR_TOKEN": evaluator_token},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert f"submission {sid} (digits-demo): accuracy 0.9" in run.stdout

    detail = _get(api + f"submissions/{sid}/", author_token)
    accuracy = detail["submission"]["metric_value"]
    assert accuracy > 0.8
    assert (detail["submission"]["status"], detail["submission"]["measured_size_bytes"]) == (
        "scored", 64 * 10 * 4 + 10 * 4,
    )  # fmt: skip
    assert [(e["from_status"], e["to_status"]) for e in detail["history"]] == [
        ("", "uploaded"), ("uploaded", "measuring"), ("measuring", "queued"),
        ("queued", "running"), ("running", "scored"),
    ]  # fmt: skip
    board = _get(api + f"tracks/{track.slug}/leaderboard/", author_token)
    assert [(r["team"], r["metric"]) for r in board["by_metric"]] == [("Tiny Tensors", accuracy)]

    client.force_login(actors["author"])
    html = client.get(f"/{edition.slug}/challenge/submissions/{sid}/").content.decode()
    assert "correct: " in html and "/540" in html  # the evaluator's log, shown on this track
    assert "Being evaluated" in html and "Scored" in html
    # Running it again finds nothing to do: the result is not posted twice.
    again = _tool(
        "evaluate", "--server", live_server.url, "--edition", edition.slug,
        env={"EMC2_EVALUATOR_TOKEN": evaluator_token},
    )  # fmt: skip
    assert again.stdout.strip().splitlines()[-1] == "0 submission(s) evaluated"
