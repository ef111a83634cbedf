from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from notifications.models import Watch
from notifications.services import reminder_account, reminder_problem

register = template.Library()


@register.inclusion_tag("notifications/includes/watch_button.html", takes_context=True)
def watch_button(context, proposal):
    """A logged-in user's watch/unwatch button for `proposal` (nothing for visitors)."""
    request = context["request"]
    user = request.user
    watching = user.is_authenticated and Watch.objects.filter(user=user, proposal=proposal).exists()
    return {"proposal": proposal, "user": user, "watching": watching, "next": request.get_full_path(),
            "csrf_token": context.get("csrf_token")}  # fmt: skip


@register.simple_tag
def reminders_go_to(follow_up):
    """Whose account a follow-up's reminders go to, or why they cannot go anywhere (admin and managers' pages)."""
    problem = reminder_problem(follow_up)
    if problem:
        return format_html('<span class="flag">{}</span>', problem)
    return format_html(
        "{}", gettext("Reminders go to %(account)s") % {"account": reminder_account(follow_up).get_username()}
    )
