import io

import pytest
from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token

from challenge.evaluator_client import Evaluator
from challenge.models import Submission
from tests.factories.challenge import SubmissionFactory


@pytest.mark.django_db(transaction=True)
def test_reference_client_runs_the_protocol_against_a_live_server(
    live_server, edition, team, track, actors
):
    submission = SubmissionFactory(
        team=team, track=track, artifact=ContentFile(b"weights", name="m.onnx")
    )
    token = Token.objects.create(user=actors["evaluator"])
    client = Evaluator(server=live_server.url, edition=edition.slug, token=token.key)
    out = io.StringIO()
    assert client.run_once(metric=71.25, out=out) == 1
    submission.refresh_from_db()
    assert (submission.status, submission.metric_value, submission.result_version) == (
        "scored",
        71.25,
        1,
    )
    assert out.getvalue() == (
        f"submission {submission.pk} (imagenet): metric 71.25, size 3000000 -> version 1 (new)\n"
    )
    # Posting the same result again (e.g. a client retry) is a no-op.
    status, result = client.post_result(submission.pk, metric_value=71.25, size_bytes=3_000_000)
    assert (status, result["version"], Submission.objects.get().result_version) == (200, 1, 1)


def test_evaluator_token_command_prints_the_token(actors, edition):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("evaluator_token", actors["evaluator"].email, stdout=out)
    token = Token.objects.get(user=actors["evaluator"])
    assert out.getvalue() == f"{token.key}  (evaluator of {edition.slug})\n"


def test_evaluator_token_command_refuses_non_evaluators(actors):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="not an evaluator"):
        call_command("evaluator_token", actors["stranger"].email)
