"""The worker's jobs (Huey): what is due is looked for every NOTIFY_EVERY_MINUTES, and a status
change has its notices sent as soon as it commits. Both only call notifications.sending, which is
safe to run in several workers at once."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from notifications import sending


@db_periodic_task(crontab(minute=f"*/{settings.NOTIFY_EVERY_MINUTES}"))
def send_due_task():
    return sending.send_due()


@db_task()
def send_pending_task():
    return sending.send_pending()
