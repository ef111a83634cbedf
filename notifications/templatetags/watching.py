from django import template

from notifications.models import Watch

register = template.Library()


@register.inclusion_tag("notifications/includes/watch_button.html", takes_context=True)
def watch_button(context, proposal):
    """A logged-in user's watch/unwatch button for `proposal` (nothing for visitors)."""
    request = context["request"]
    user = request.user
    watching = user.is_authenticated and Watch.objects.filter(user=user, proposal=proposal).exists()
    return {"proposal": proposal, "user": user, "watching": watching, "next": request.get_full_path(),
            "csrf_token": context.get("csrf_token")}  # fmt: skip
