"""The outbox against real crashes: a real Celery worker (a subprocess, prefork pool) sends 25
mails through a slow local SMTP sink and is killed with SIGKILL halfway. A new worker finishes
the run: every recipient has exactly one mail in the sink and the run reads complete.

Runs in the PostgreSQL + Redis leg of ``.ci/run`` (``CELERY_BROKER_URL`` set); skipped on
SQLite. The tasks go to a queue of their own, so no other worker of the session takes them.
"""

import contextlib
import os
import select
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db import connection, transaction

from emc2.mail import mail_batch_progress, mail_queue
from emc2.models import MailStatus, OutboxMail
from emc2.tasks import mail_deliver_task

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
N_MAILS = 25
SMTP_DELAY = 0.4  # seconds the sink thinks before it accepts a message


class Sink(socketserver.ThreadingTCPServer):
    """A tiny SMTP server that accepts a message only after SMTP_DELAY, and only if the
    client is still connected then: a client killed while waiting has not sent anything."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SinkHandler)
        self.accepted: list[tuple[str, ...]] = []
        self.waiting = threading.Event()  # a message is being "thought about" right now
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)


class SinkHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def client_gone(self) -> bool:
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""

    def handle(self) -> None:
        server: Sink = self.server
        self.reply("220 sink ESMTP")
        rcpts: list[str] = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                rcpts = []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpts.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                server.waiting.set()
                time.sleep(SMTP_DELAY)
                server.waiting.clear()
                if self.client_gone():
                    return
                with server.lock:
                    server.accepted.append(
                        (tuple(rcpts), message_from_bytes(data)["Subject"] or "")
                    )
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def sink():
    server = Sink()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def broker_queue(monkeypatch):
    if not os.environ.get("CELERY_BROKER_URL"):
        if os.environ.get("CI") == "true" and os.environ.get("EMC2_REQUIRE_BROKER"):
            pytest.fail("CELERY_BROKER_URL is required for this CI run")
        pytest.skip("no CELERY_BROKER_URL: no worker to kill")
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs a database it can share: PostgreSQL")
    from emc2.celery import app

    queue = f"outbox-test-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = False
    # Every delivery this test queues goes to its own queue (the one our worker consumes).
    monkeypatch.setattr(
        mail_deliver_task,
        "delay",
        lambda **kw: mail_deliver_task.apply_async(kwargs=kw, queue=queue),
    )
    yield queue
    app.conf.task_always_eager = True


class Worker:
    """``celery worker`` in a subprocess: a main process and one prefork pool child."""

    def __init__(self, *, queue: str, sink: Sink, name: str):
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "EMC2_TESTING": "1",
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "emc2",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--queues",
                queue,
                "--hostname",
                f"{name}-{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except FileNotFoundError:
            return []

    def kill_pool_child(self) -> None:
        for pid in self.children():
            os.kill(pid, signal.SIGKILL)

    def kill_all(self) -> None:
        children = self.children()
        self.proc.kill()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            children = self.children()
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


@pytest.fixture
def workers():
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def _wait(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _queue_run(edition, batch: str) -> list[str]:
    recipients = [f"person{i:02d}-{batch}@example.org" for i in range(N_MAILS)]
    with transaction.atomic():  # one bulk run, committed at once (then 25 tasks go out)
        for address in recipients:
            mail_queue(
                key=f"{batch}:{address}",
                to=[address],
                subject=f"Run {batch}",
                body="Your decision.",
                edition=edition,
                batch=batch,
            )
    return recipients


def _first_worker_midway(queue: str, sink: Sink, workers: list) -> Worker:
    """Start a worker and return it once 3 mails are in and it is inside an SMTP call."""
    worker = Worker(queue=queue, sink=sink, name="first")
    workers.append(worker)
    _wait(lambda: sink.count() >= 3 and sink.waiting.is_set(), timeout=60, what="3 mails")
    return worker


def _assert_each_once(sink: Sink, recipients: list[str], batch: str) -> None:
    got = sorted(rcpt for rcpts, subject in sink.accepted if subject == f"Run {batch}"
                 for rcpt in rcpts)  # fmt: skip
    assert got == sorted(recipients)  # everyone, nobody twice
    progress = mail_batch_progress(batch=batch)
    assert (str(progress), progress.complete) == (f"{N_MAILS} of {N_MAILS} sent", True)


def test_killed_pool_child_a_new_worker_finishes_the_run_once(edition, sink, broker_queue, workers):
    batch = f"kill-child-{broker_queue}"
    recipients = _queue_run(edition, batch)
    first = _first_worker_midway(broker_queue, sink, workers)
    first.kill_pool_child()  # mid-SMTP: that mail is not accepted, its row reads "sending"
    sent_before = sink.count()
    first.stop()
    assert sent_before < N_MAILS
    workers.append(Worker(queue=broker_queue, sink=sink, name="second"))
    _wait(
        lambda: mail_batch_progress(batch=batch).complete,
        timeout=60,
        what="the run to complete",
    )
    _assert_each_once(sink, recipients, batch)
    assert OutboxMail.objects.filter(batch=batch, attempts__gt=1).exists()  # the killed one

    # A retried task (the broker delivering a message again) sends nothing twice.
    for pk in OutboxMail.objects.filter(batch=batch).values_list("pk", flat=True)[:5]:
        mail_deliver_task.delay(mail_id=pk)
    time.sleep(2)
    _assert_each_once(sink, recipients, batch)


def test_whole_worker_killed_a_new_worker_finishes_the_run_once(
    edition, sink, broker_queue, workers
):
    batch = f"kill-all-{broker_queue}"
    recipients = _queue_run(edition, batch)
    first = _first_worker_midway(broker_queue, sink, workers)
    first.kill_all()  # main process and pool child: its unacked tasks sit in Redis
    assert sink.count() < N_MAILS
    assert OutboxMail.objects.filter(batch=batch, status=MailStatus.SENDING).count() == 1
    # Redis gives the dead worker's unacknowledged tasks to the new worker after the
    # visibility timeout (4 s here, CELERY_VISIBILITY_TIMEOUT).
    workers.append(Worker(queue=broker_queue, sink=sink, name="second"))
    _wait(
        lambda: mail_batch_progress(batch=batch).complete,
        timeout=90,
        what="the run to complete",
    )
    _assert_each_once(sink, recipients, batch)
