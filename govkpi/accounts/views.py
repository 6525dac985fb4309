"""Login and logout (Django's views with a throttled form and our template); the API tokens page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .actions import create_token, expiry_in_days, manageable_tokens, token_status
from .actions import revoke_token as revoke_token_action
from .choices import Scope
from .forms import ThrottledLoginForm, TokenForm
from .permissions import is_province_admin


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST signs out (CSRF-protected); GET shows a page with the sign-out button, so a link can lead there."""

    next_page = "dashboards:home"
    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return render(request, "accounts/logout.html")


TOKENS_PER_PAGE = 50


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Your API tokens (a province administrator: everyone's, with a filter by user), and a form for a new one.
    A new token is shown in the response to the POST that created it, and never again. A signed-in person gives a
    new token any scope (read only unless write or tokens is ticked): scopes limit tokens, not people."""
    admin = is_province_admin(request.user)
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token = create_token(request.user, acting_user=request.user, channel="web",
                                     name=form.cleaned_data["name"], expires_at=expiry_in_days(form.expires_days()),
                                     scopes=form.cleaned_data["scopes"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error("name" if field == "name" else None, errors)
        else:
            form = TokenForm()
    rows = manageable_tokens(request.user).order_by("-created_at", "-id")
    who = request.GET.get("user", "").strip() if admin else ""
    if who:
        rows = rows.filter(user__username=who)
    page = Paginator(rows, TOKENS_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    labels = dict(Scope.choices)
    lines = [{"token": row, "status": token_status(row, now), "scopes": [labels[s] for s in row.scope_list()]}
             for row in page.object_list]
    response = render(request, "accounts/tokens.html", {
        "form": form, "new_token": new_token, "lines": lines, "page": page, "admin": admin, "who": who,
    })
    if new_token:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    """POST from the list asks for confirmation; POST with ``confirm`` revokes. Others' tokens: 404 (admins: any)."""
    token = get_object_or_404(manageable_tokens(request.user), pk=pk)
    if request.POST.get("confirm") != "yes":
        return render(request, "accounts/token_revoke.html", {"token": token, "status": token_status(token)})
    revoke_token_action(token, acting_user=request.user, channel="web")
    messages.success(request, _("The token %(prefix)s… is revoked; the API refuses it from now on.")
                     % {"prefix": token.prefix})
    return redirect("accounts:tokens")
