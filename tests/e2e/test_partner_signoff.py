"""Partners sign off a meeting's record: staff invite a partner user by e-mail, who makes an account and
confirms the record; a second partner organization disputes what its official is recorded as saying; staff
answer; the second partner confirms the corrected record, and the public page says both sides confirmed."""

import re

from django.core import mail
from playwright.sync_api import expect

from cooperation.models import Meeting, Official, Raising
from tests.e2e.conftest import E2E, PASSWORD, admin_log_in, log_in, screenshot
from tests.factories import ParticipationFactory, PartnerAccountFactory, PositionFactory, UserFactory

pytestmark = E2E


def test_partners_confirm_dispute_and_staff_answer(page, story, editor, browser, live_server):
    meeting = Meeting.objects.get(title__startswith="Head of Mangystau")
    consulate = Official.objects.get(slug="elchin-mammadov").positions.first().organization
    # A second partner organization at the same meeting, whose official is recorded as raising a proposal.
    envoy = PositionFactory(
        organization__name="Ministry of Economy of Azerbaijan",
        organization__economy=consulate.economy,
        official__full_name="Rashad Aliyev",
        start=None,
    )
    ParticipationFactory(meeting=meeting, position=envoy, side="partner")
    said = Raising.objects.filter(meeting=meeting).first()
    said.raised_by = envoy.official
    said.save()
    PartnerAccountFactory(organization=envoy.organization, user=UserFactory(username="ministry", password=PASSWORD))

    # Staff invite the consulate's user by e-mail.
    admin_log_in(page, "editor")
    page.goto("/admin/cooperation/invitation/add/")
    page.get_by_label("E-mail address").fill("protocol@consulate.example")
    page.get_by_label("Organization").select_option(label=str(consulate))
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messagelist")).to_contain_text("An invitation was sent to protocol@consulate.example")
    link = re.search(r"https?://\S+/partner/invitation/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]

    # The consulate's user makes an account through the link and confirms the record.
    partner = browser.new_context(base_url=live_server.url)
    consul_page = partner.new_page()
    consul_page.goto(path)
    consul_page.get_by_label("Username").fill("consulate")
    consul_page.locator("#id_password1").fill("short")
    consul_page.locator("#id_password2").fill("short")
    consul_page.get_by_role("button", name="Make the account").click()
    expect(consul_page.locator("form.card")).to_contain_text("too short")
    consul_page.locator("#id_password1").fill(PASSWORD)
    consul_page.locator("#id_password2").fill(PASSWORD)
    consul_page.get_by_role("button", name="Make the account").click()
    expect(consul_page).to_have_url(re.compile("/partner/$"))
    consul_page.get_by_role("link", name=re.compile("Head of Mangystau")).click()
    consul_page.get_by_role("button", name="Confirm").click()
    expect(consul_page.get_by_role("status")).to_contain_text("You confirmed the record")
    partner.close()

    # The ministry's user disputes what its official is recorded as saying.
    ministry = browser.new_context(base_url=live_server.url)
    ministry_page = ministry.new_page()
    log_in(ministry_page, "ministry", f"/partner/meetings/{meeting.pk}/")
    ministry_page.get_by_label("Which part is wrong").select_option(label="What our side said")
    ministry_page.get_by_label("Which statement").select_option(index=1)
    ministry_page.get_by_label("What is wrong").fill("Our minister spoke of dried fruit only.")
    ministry_page.get_by_role("button", name="Send the dispute").click()
    expect(ministry_page.get_by_role("status")).to_contain_text("Your dispute was sent")
    screenshot(ministry_page, "partner-dispute")

    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto(f"/meetings/{meeting.pk}/")
    expect(public.locator(".signoff")).to_contain_text("Disputed")
    expect(public.get_by_text("Disputed by the speaker's side")).to_be_visible()
    expect(public.locator("body")).not_to_contain_text("dried fruit")

    # Staff answer the dispute.
    page.goto("/manage/disputes/")
    expect(page.locator("main")).to_contain_text("Our minister spoke of dried fruit only.")
    page.get_by_label("Answer").fill("Corrected: the statement now speaks of dried fruit.")
    page.get_by_label("The record was corrected").check()
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_role("status")).to_contain_text("Your answer was recorded")

    # The ministry reads the answer and confirms the corrected record: both sides have now confirmed.
    ministry_page.reload()
    expect(ministry_page.locator("main")).to_contain_text("Corrected: the statement now speaks of dried fruit.")
    ministry_page.get_by_role("button", name="Confirm").click()
    expect(ministry_page.get_by_role("status")).to_contain_text("You confirmed the record")
    ministry.close()
    public.reload()
    expect(public.locator(".signoff")).to_contain_text("Confirmed by both sides")
    expect(public.locator(".signoff")).to_contain_text("Ministry of Economy of Azerbaijan")
    screenshot(public, "meeting-confirmed-desktop")
