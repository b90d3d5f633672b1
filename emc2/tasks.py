from celery import shared_task


@shared_task(name="emc2.ping")
def ping(*, value: int) -> dict:
    """Round trip used by the worker health check and the CI worker test."""
    return {"pong": value}
