"""The application factory: one FastAPI app over one open store, no import-time globals."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from vigil import __version__
from vigil.errors import InputError, NotFound, PermissionDenied, VigilError
from vigil.services.dashboard import FiguresCache
from vigil.services.search import SearchCache
from vigil.services.tokens import BadToken
from vigil.services.uploads import upload_key
from vigil.statement.settings import EstimateSettings
from vigil.store import Store
from vigil.web.bodylimit import BodyLimit, BodyTooLarge
from vigil.web.cookies import SecureCookiesOverHttps, ServerSessions
from vigil.web.deps import NotSignedIn, language
from vigil.web.headers import SecurityHeaders
from vigil.web.ratelimit import RateLimited
from vigil.web.render import make_templates, page
from vigil.web.settings import WebSettings

HERE = Path(__file__).parent


def create_app(store: Store, settings: WebSettings | None = None) -> FastAPI:
    """A web application serving `store`; everything it needs hangs off ``app.state``."""
    from vigil.web.routers import (
        api,
        api_records,
        auth,
        dashboard,
        inbox,
        intake,
        persons,
        review,
        upload,
        victims,
    )
    from vigil.web.routers.upload import FORM_OVERHEAD, keep_uploads_in_memory

    settings = settings or WebSettings()
    app = FastAPI(
        title="Vigil",
        version=__version__,
        description="Records, persons, claims and statistics of a Vigil store, and a write "
        "API for integrations (`POST /api/records`). Authenticate with an API token "
        "(`Authorization: Bearer vgl_...`, made by `vigil token new USER --scope ...`) or a "
        "signed-in session (unsafe requests then need the `X-CSRF-Token` header).",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.templates = make_templates(HERE / "templates")
    # Sessions, sign-in limits and pending uploads live in the store (every worker sees
    # them); the caches below are keyed by the store's audit head, so they follow it too.
    app.state.upload_key = upload_key(settings.secret_key)
    keep_uploads_in_memory(settings)
    app.state.search_cache = SearchCache(settings.search_cache_size)
    app.state.figures = FiguresCache(
        store, EstimateSettings(method=settings.estimate_method), settings.estimate_wait_s
    )

    app.add_middleware(
        ServerSessions,
        store=store,
        policy=settings.session_policy,
        signin=settings.signin_policy,
        https_only=settings.https_only,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.upload_max_bytes + FORM_OVERHEAD)
    app.add_middleware(BodyLimit, max_bytes=settings.api_body_max_bytes, path=api_records.PATH)
    app.add_middleware(SecureCookiesOverHttps)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    routers = (auth, victims, persons, intake, inbox, upload, review, dashboard, api, api_records)
    for module in routers:
        app.include_router(module.router)

    _install_error_pages(app)
    _install_health(app)

    return app


def _install_health(app: FastAPI) -> None:
    """`GET /healthz`, unauthenticated: 200 once this worker serves requests and its store
    answers, 503 otherwise; for load balancers and `bench/web.py`, which wait for it."""

    @app.get("/healthz", include_in_schema=False)
    def healthz(request: Request) -> Response:
        try:
            with request.app.state.store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return JSONResponse({"status": "store unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_pages(app: FastAPI) -> None:
    def error(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        lang = language(request)
        return page(request, "error.html", {"status": status, "message": message}, lang, status)

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": "sign in first, or send an API token (Authorization: Bearer vgl_...)"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(BadToken)
    async def bad_token(request: Request, exc: BadToken) -> Response:
        return JSONResponse(
            {"detail": str(exc)},
            status_code=401,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        return JSONResponse(
            {"detail": str(exc)},
            status_code=429,
            headers={"Retry-After": str(int(exc.retry_after) + 1)},
        )

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge) -> Response:
        return error(request, 413, str(exc))

    @app.exception_handler(PermissionDenied)
    async def denied(request: Request, exc: PermissionDenied) -> Response:
        return error(request, 403, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(VigilError)
    async def other(request: Request, exc: VigilError) -> Response:
        return error(request, 409, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        if _wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        return error(request, 422, problems)
