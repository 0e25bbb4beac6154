"""Handshake and sessions: hello, enrolment, device sessions, user login, signing keys."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.sync.protocol import (
    API_PREFIX,
    CODECS,
    FEATURE_DERIVED_AUDIT_IDS,
    LANES,
    SUPPORTED_PROTOCOL_VERSIONS,
    DeviceSessionRequest,
    EnrolRequest,
    EnrolResponse,
    ErrorCode,
    HelloResponse,
    KeyRegistered,
    KeyRegistration,
    LoginRequest,
    SessionResponse,
    format_timestamp,
)
from server import accounts, bundle, revocation, throttle
from server import office as office_journal
from server.devicecert import DeviceKeyInvalid
from server.errors import ApiError
from server.models import Device, User
from server.routes.common import ERRORS, Auth, State, json_response, now_text
from server.state import ServerState

router = APIRouter()


_TIME_MARK = "@@server-time@@"
#: The hello answer around its ``server_time``, per (server id, name, limits) of a process.
_HELLO_PARTS: dict[tuple[str, str, int], tuple[str, str]] = {}


def _hello_parts(state: ServerState) -> tuple[str, str]:
    key = (state.server_id, state.server_name, id(state.settings.limits))
    parts = _HELLO_PARTS.get(key)
    if parts is None:
        body = HelloResponse(
            protocol_versions=list(SUPPORTED_PROTOCOL_VERSIONS),
            server_id=state.server_id,
            server_name=state.server_name,
            server_time=_TIME_MARK,
            limits=state.settings.limits,
            codecs=list(CODECS),
            lanes=list(LANES),
            features=[FEATURE_DERIVED_AUDIT_IDS],
        ).model_dump_json(exclude_none=True, by_alias=True)
        head, _, tail = body.partition(_TIME_MARK)
        parts = _HELLO_PARTS[key] = (head, tail)
    return parts


@router.get(API_PREFIX + "/hello", response_model=HelloResponse, responses=ERRORS)
async def hello(state: State) -> Response:
    """Handshake: versions, server id and time, limits, codecs."""
    # Every device's every cycle starts here: the answer is serialised once per process
    # (only its time changes) and, reading nothing, it runs on the event loop.
    head, tail = _hello_parts(state)
    return Response(head + now_text() + tail, media_type="application/json")


@router.post(API_PREFIX + "/enrol", response_model=EnrolResponse, responses=ERRORS)
def enrol(body: EnrolRequest, request: Request, state: State) -> Response:
    """Enrol a device with a one-time code (wrong codes are rate-limited per address)."""
    address = request.client.host if request.client else "unknown"
    throttling = state.settings.throttle
    failure: ApiError | None = None
    with state.settings.db.write() as session:
        throttle.check_enrol_allowed(session, throttling, address)
        try:
            device, secret = accounts.enrol_device(
                session,
                code=body.code,
                name=body.device_name,
                platform=body.platform,
                client_version=body.client_version,
            )
        except ApiError as err:
            if err.code != ErrorCode.ENROLMENT_CODE_INVALID:
                raise
            throttle.record_enrol_failure(session, throttling, address)
            failure = err
        else:
            usb_key = bundle.server_usb_key(state.settings.publisher_key, state.settings.blob_dir)
            bundle.register_device_keys(session, device.id, body.usb_sign_key, body.usb_box_key)
            certificate = None
            if body.device_key and state.devices is not None:
                try:
                    certificate = state.devices.issue(
                        body.device_key, office=device.office, device_id=device.id
                    )
                    revocation.record_certificate(session, device.id, device.office, certificate)
                except DeviceKeyInvalid as err:
                    # Before the code is spent: the transaction is rolled back.
                    raise ApiError(ErrorCode.BAD_REQUEST, str(err)) from err
            answer = EnrolResponse(
                device_id=device.id,
                device_secret=secret,
                office=device.office,
                server_id=state.server_id,
                server_time=now_text(),
                publisher_key=state.publisher.public_key_b64() if state.publisher else None,
                usb_server_key=usb_key.public_key_b64(),
                device_certificate=certificate,
                device_ca=state.devices.ca_pem() if certificate and state.devices else None,
            )
    if failure is not None:
        raise failure
    return json_response(answer)


#: Built once (every PC's every cycle): the device, with what its office holds (the
#: journal total and the revocation version) in the same statement.
_SESSION_LOOKUP = accounts.device_lookup(
    office_journal.journal_total_query(Device.__table__.c.office).scalar_subquery(),
    revocation.office_version_query(Device.__table__.c.office).scalar_subquery(),
)


@router.post(API_PREFIX + "/device-session", response_model=SessionResponse, responses=ERRORS)
def device_session(body: DeviceSessionRequest, state: State) -> Response:
    """A device-only bearer token for the sync worker."""
    ttl = state.settings.limits.token_ttl
    with state.settings.db.single() as conn:
        # What the office holds comes with the device row, so the PC's first cycle does
        # not spend a round trip on each of the journal and revocation polls when it
        # already has everything.
        office, issued, (journal, revoked) = accounts.device_token(
            conn, body.device_id, body.device_secret, ttl, _SESSION_LOOKUP
        )
    answer = SessionResponse(
        token=issued.token,
        expires_at=format_timestamp(issued.expires_at),
        server_time=now_text(),
        device_id=body.device_id,
        office=office,
        office_journal=int(journal or 0),
        revocations=int(revoked or 0),
    )
    return json_response(answer)


@router.post(API_PREFIX + "/login", response_model=SessionResponse, responses=ERRORS)
def login(body: LoginRequest, state: State) -> Response:
    """User login on an enrolled device; optionally registers the signing key.

    Failed passwords are throttled per user name and per device (``login_locked``).
    """
    throttling = state.settings.throttle
    failure: ApiError | None = None
    with state.settings.db.write() as session:
        device = accounts.check_device(session, body.device_id, body.device_secret)
        throttle.check_login_allowed(session, device.id, body.username)
        try:
            user = accounts.login_user(session, device, body.username, body.password)
        except ApiError as err:
            if err.code != ErrorCode.BAD_CREDENTIALS:
                raise
            throttle.record_login_failure(
                session, throttling, device.id, device.office, body.username
            )
            failure = err
        else:
            throttle.record_login_success(session, body.username)
            if body.public_key:
                accounts.register_key(session, user, body.public_key)
            issued = accounts.issue_token(session, device, user, state.settings.limits.token_ttl)
            answer = SessionResponse(
                token=issued.token,
                expires_at=format_timestamp(issued.expires_at),
                server_time=now_text(),
                device_id=device.id,
                office=device.office,
                user=accounts.profile(session, user),
            )
    if failure is not None:
        raise failure
    return json_response(answer)


@router.post(API_PREFIX + "/keys", response_model=KeyRegistered, responses=ERRORS)
def register_key(body: KeyRegistration, ctx: Auth, state: State) -> Response:
    """Register the session user's Ed25519 public key."""
    if ctx.user_id is None:
        raise ApiError(ErrorCode.FORBIDDEN, "a user session is required")
    with state.settings.db.write() as session:
        user = session.get(User, ctx.user_id)
        if user is None:
            raise ApiError(ErrorCode.TOKEN_INVALID, "user no longer exists")
        key = accounts.register_key(session, user, body.public_key)
        answer = KeyRegistered(
            key_id=key.key_id,
            username=user.username,
            registered_at=format_timestamp(accounts.aware(key.registered_at)),
        )
    return json_response(answer)
