"""Template environment and the one function routes call to render a page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from vigil.domain import Grade, ViolationType
from vigil.web.csrf import session_token
from vigil.web.i18n import LANGUAGES, Lang


def make_templates(directory: Path) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(directory))
    templates.env.globals.update(
        grades=[g.value for g in Grade],
        violations=[v.value for v in ViolationType],
        languages=LANGUAGES,
    )
    templates.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return templates


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    lang: Lang,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render `name` with the request's language, CSRF token and signed-in user."""
    templates: Jinja2Templates = request.app.state.templates
    ctx: dict[str, Any] = {
        "lang": lang,
        "_": lang.gettext,
        "ngettext": lang.ngettext,
        "csrf_token": session_token(request),
        "username": request.session.get("user"),
        "role": request.session.get("role"),
    }
    ctx.update(context)
    return templates.TemplateResponse(request, name, ctx, status_code=status, headers=headers)


def fragment(request: Request, name: str, context: dict[str, Any], lang: Lang) -> Markup:
    """Render part of a page that is the same for every user (no CSRF token, no user name),
    so it can be cached and shared."""
    templates: Jinja2Templates = request.app.state.templates
    ctx: dict[str, Any] = {"lang": lang, "_": lang.gettext, "ngettext": lang.ngettext}
    ctx.update(context)
    return Markup(templates.get_template(name).render(ctx))
