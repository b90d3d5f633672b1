"""Posting results: idempotency keys (409 on a different result), metric ranges, and values
that must be a 400 with the reason, never a 500."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from challenge.models import Result
from tests.factories.challenge import SubmissionFactory


@pytest.fixture
def results_url(edition, team, track):
    track.metric_min, track.metric_max = 0.0, 100.0
    track.save()
    submission = SubmissionFactory(team=team, track=track)
    return reverse("api:challenge:results", kwargs={"edition": edition.slug, "pk": submission.pk})


def test_same_idempotency_key_same_result_is_the_same_answer(evaluator_api, results_url):
    body = {"metric_value": 71.5, "idempotency_key": "run-1"}
    first = evaluator_api.post(results_url, body, format="json")
    again = evaluator_api.post(results_url, body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["version"] == first.json()["version"] == 1
    assert Result.objects.count() == 1


def test_same_idempotency_key_different_result_is_a_409(evaluator_api, results_url):
    evaluator_api.post(results_url, {"metric_value": 71.5, "idempotency_key": "k"}, format="json")
    other = evaluator_api.post(
        results_url, {"metric_value": 12.0, "idempotency_key": "k"}, format="json"
    )
    assert other.status_code == 409
    assert other.json() == {
        "detail": "Idempotency key 'k' was used for version 1 with a different result."
    }
    assert list(Result.objects.values_list("metric_value", flat=True)) == [71.5]


def test_new_key_after_a_correction_adds_a_version(evaluator_api, results_url):
    evaluator_api.post(results_url, {"metric_value": 71.5, "idempotency_key": "a"}, format="json")
    fixed = evaluator_api.post(
        results_url, {"metric_value": 71.4, "idempotency_key": "b"}, format="json"
    )
    assert (fixed.status_code, fixed.json()["version"]) == (201, 2)


@pytest.mark.parametrize(
    ("body", "fmt", "field"),
    [
        ({"metric_value": "NaN"}, "form", "metric_value"),
        ({"metric_value": "inf"}, "form", "metric_value"),
        ({"metric_value": "-Infinity"}, "form", "metric_value"),
        ({"metric_value": 10**400}, "json", "metric_value"),
        ({"metric_value": "1e400"}, "form", "metric_value"),
        ({"metric_value": 150.0}, "json", "metric_value"),
        ({"metric_value": -0.5}, "json", "metric_value"),
        ({"metric_value": 70.0, "size_bytes": 10**30}, "json", "size_bytes"),
        ({"metric_value": 70.0, "size_bytes": -1}, "json", "size_bytes"),
    ],
    ids=["nan", "inf", "minus-inf", "huge-int-metric", "overflowing-float", "above-range",
         "below-range", "huge-size", "negative-size"],
)  # fmt: skip
def test_invalid_values_are_a_400_with_the_reason(evaluator_api, results_url, body, fmt, field):
    if fmt == "form":
        response = evaluator_api.post(
            results_url, urlencode(body), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = evaluator_api.post(results_url, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Result.objects.count() == 0


def test_nan_in_a_json_body_is_a_400(evaluator_api, results_url):
    response = evaluator_api.post(
        results_url, b'{"metric_value": NaN}', content_type="application/json"
    )
    assert response.status_code == 400
    assert Result.objects.count() == 0


def test_range_error_names_the_track_range(evaluator_api, results_url):
    response = evaluator_api.post(results_url, {"metric_value": 150.0}, format="json")
    assert response.json()["detail"] == "top-1 must be within [0, 100] on this track; got 150."


@pytest.mark.parametrize("value", [float("nan"), float("inf")], ids=["nan", "inf"])
def test_result_record_refuses_a_non_finite_metric(team, track, actors, value):
    from challenge.exceptions import ChallengeError
    from challenge.services import result_record

    submission = SubmissionFactory(team=team, track=track)
    with pytest.raises(ChallengeError, match="finite"):
        result_record(submission=submission, by=actors["evaluator"], metric_value=value)
    assert Result.objects.count() == 0
