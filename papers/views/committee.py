"""Program committee pages: the invitation link, the PC member's profile, the chairs' list."""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from emc2.views.mixins import EditionMixin
from papers.exceptions import PapersError
from papers.forms.review import (
    InvitationActionForm,
    InvitationAnswerForm,
    InviteForm,
    ReviewerProfileForm,
)
from papers.models import PCInvitation
from papers.selectors import pc_invitation_is_for, pc_invitation_list, reviewer_profile_get
from papers.services import (
    parse_invitee_list,
    pc_invitation_accept,
    pc_invitation_decline,
    pc_invitation_from_token,
    pc_invitation_resend,
    pc_invitation_revoke,
    pc_invite,
    reviewer_profile_save,
)


class InvitationView(EditionMixin, TemplateView):
    """Answer an invitation from its signed link. Accepting needs an account that verified
    the invitation's address; signing up from here with that address counts as verified."""

    template_name = "papers/committee/invitation.html"
    requires_visible_edition = False  # the signed token is the invitee's access

    def get_invitation(self):
        try:
            invitation = pc_invitation_from_token(token=self.kwargs["token"])
        except PapersError as exc:
            self.error = exc.message
            return None
        if invitation.edition_id != self.edition.pk:
            raise Http404("No such invitation.")
        self.error = ""
        return invitation

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "invitation" not in ctx:
            ctx["invitation"] = self.get_invitation()
        ctx.setdefault("error", self.error)
        invitation, user = ctx["invitation"], self.request.user
        ctx["is_for_user"] = bool(invitation) and pc_invitation_is_for(
            invitation=invitation, user=user
        )
        # Signing out of the wrong account leads to the login, which comes back here.
        ctx["login_url"] = reverse("account_login") + "?" + urlencode({"next": self.request.path})
        if invitation and not user.is_authenticated:
            # The link reached this address, so a sign-up with it needs no second check mail
            # (allauth's invitation hook).
            get_adapter(self.request).stash_verified_email(self.request, invitation.email)
        return ctx

    def post(self, request, *args, **kwargs):
        invitation = self.get_invitation()
        form = InvitationAnswerForm(request.POST)
        if invitation is None or not form.is_valid():
            return self.render_to_response(self.get_context_data(invitation=invitation), status=400)
        try:
            if form.cleaned_data["answer"] == "decline":
                pc_invitation_decline(invitation=invitation)
                messages.info(request, "You declined the invitation. Thank you for answering.")
                return redirect("edition", edition=self.edition.slug)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            pc_invitation_accept(invitation=invitation, user=request.user)
        except PapersError as exc:
            ctx = self.get_context_data(invitation=invitation, error=exc.message)
            return self.render_to_response(ctx, status=400)
        messages.success(request, "Welcome to the program committee.")
        return redirect("papers:reviewer-profile", edition=self.edition.slug)


class ReviewerProfileView(EditionMixin, TemplateView):
    template_name = "papers/committee/profile.html"
    permission_required = "papers.view_pc_area"

    def get_form(self):
        profile = reviewer_profile_get(edition=self.edition, user=self.request.user)
        return ReviewerProfileForm(
            self.request.POST or None,
            instance=profile if profile.pk else None,
            edition=self.edition,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self.get_form())
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        reviewer_profile_save(edition=self.edition, user=request.user, **form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("papers:reviewer-profile", edition=self.edition.slug)


class ChairCommitteeView(EditionMixin, TemplateView):
    template_name = "papers/committee/chair.html"
    permission_required = "papers.manage_reviews"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", InviteForm())
        ctx["invitations"] = pc_invitation_list(edition=self.edition)
        return ctx

    def post(self, request, *args, **kwargs):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                invitees = parse_invitee_list(form.cleaned_data["emails"])
            except PapersError as exc:
                form.add_error("emails", exc.message)
            else:
                sent = pc_invite(edition=self.edition, invitees=invitees, by=request.user)
                messages.success(request, f"{len(sent)} invitation(s) sent.")
                return redirect("papers:chair-committee", edition=self.edition.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChairInvitationView(EditionMixin, TemplateView):
    """POST only: re-send or revoke one invitation."""

    permission_required = "papers.manage_reviews"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(PCInvitation, edition=self.edition, pk=kwargs["pk"])
        form = InvitationActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Unknown action.")
        else:
            try:
                if form.cleaned_data["action"] == "resend":
                    pc_invitation_resend(invitation=invitation)
                    messages.success(request, f"Invitation to {invitation.email} sent again.")
                else:
                    pc_invitation_revoke(invitation=invitation)
                    messages.success(request, f"Invitation to {invitation.email} revoked.")
            except PapersError as exc:
                messages.error(request, exc.message)
        return redirect("papers:chair-committee", edition=self.edition.slug)
