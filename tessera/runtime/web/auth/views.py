"""The sign-in and sign-out views (routes: :mod:`tessera.runtime.web.auth`)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from tessera.runtime.auth.users import authenticate
from tessera.runtime.web.db import db
from tessera.runtime.web.redirects import safe_next


def login():
    """The sign-in form; a wrong email or password says so without saying which."""
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "")
        user = authenticate(db(), email, request.form.get("password", ""))
        if user is not None:
            login_user(user, remember=bool(request.form.get("remember")))
            target = safe_next(request.args.get("next"), url_for("workspace.home"))
            return redirect(target, code=303)
        error = _("Wrong email or password.")
    return render_template("login.html", error=error, email=email), (401 if error else 200)


@login_required
def logout():
    """End the session."""
    logout_user()
    return redirect(url_for("auth.login"), code=303)
