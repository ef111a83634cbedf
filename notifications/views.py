"""A user's own page ("My work"), watching a proposal, and the e-mails' link that stops a kind of message."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cooperation.models import Proposal, Sector
from notifications import services
from notifications.forms import SettingsForm
from notifications.messages import read_stop_token
from notifications.models import Kind, Notification, Profile
from notifications.services import MANAGER_PERMISSION, profile_of

SHOWN = 100


@login_required
def my_work(request):
    user = request.user
    profile = profile_of(user)
    form = SettingsForm(request.POST or None, instance=profile, user=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("notifications:my-work")
    follow_ups = services.follow_ups_of(user).select_related("proposal", "owner", "assignee").order_by_urgency()
    shown = list(follow_ups[:SHOWN])
    watched = list(Proposal.objects.visible_to(user).filter(watches__user=user).for_list().order_by("title")[:SHOWN])
    context = {
        "form": form,
        "follow_ups": shown,
        "follow_up_count": len(shown) if len(shown) < SHOWN else follow_ups.count(),
        "watched": watched,
        "is_manager": user.has_perm(MANAGER_PERMISSION),
        "sectors": list(Sector.objects.visible_to(user).filter(pk__in=profile.sectors.all())) if profile.pk else [],
        "recent": Notification.objects.filter(user=user).order_by("-created_at", "-pk")[:10],
        "profile": profile,
    }
    return render(request, "notifications/my_work.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def watch_toggle(request, slug):
    proposal = get_object_or_404(Proposal.objects.visible_to(request.user), slug=slug)
    wanted = request.POST.get("watch")
    if wanted not in ("0", "1"):
        messages.error(request, _("Say whether to watch the proposal or stop; nothing was changed."))
    elif wanted == "1":
        services.watch(request.user, proposal)
        messages.success(request, _("You will be told when “%(proposal)s” changes status.") % {"proposal": proposal})
    else:
        services.unwatch(request.user, proposal)
        messages.success(request, _("You no longer watch “%(proposal)s”.") % {"proposal": proposal})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect(proposal.get_absolute_url())


@csrf_exempt  # the signed token is the proof; mail programs post the one-click stop without a form token
def stop(request, token):
    """Stop one kind of message, from the link in such a message: GET asks, POST does it."""
    try:
        user_id, kind = read_stop_token(token)
        user = get_user_model().objects.get(pk=user_id)
    except (signing.BadSignature, get_user_model().DoesNotExist):
        return render(request, "notifications/stop.html", {"invalid": True}, status=400)
    kind = Kind(kind)
    done = False
    if request.method == "POST":
        services.stop(user, kind, _("Stopped from the link in an e-mail"))
        done = True
    context = {"kind": kind, "done": done, "already": not done and _is_stopped(user, kind), "masked": _mask(user.email)}
    return render(request, "notifications/stop.html", context)


def _is_stopped(user, kind):
    field, value = services.STOPPABLE[kind]
    try:
        return getattr(user.profile, field) == value
    except Profile.DoesNotExist:
        return False


def _mask(address):
    """Enough of the address for its owner to recognise it, not enough for anyone else to learn it."""
    name, _at, domain = address.partition("@")
    return f"{name[:1]}…@{domain}" if domain else ""
