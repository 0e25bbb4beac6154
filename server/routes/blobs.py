"""Blobs: resumable uploads (state, chunks) and ranged downloads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from app.sync.protocol import API_PREFIX, MAX_BLOB_SIZE, UploadState
from server import blobs
from server.routes.common import ERRORS, Auth, State, json_response

router = APIRouter()

#: What the routes accept, declared in the OpenAPI document.
SHA256_PATTERN = "^[0-9a-f]{64}$"
Sha = Annotated[str, PathParam(pattern=SHA256_PATTERN, description="SHA-256 of the blob, hex")]
RangeHeader = Annotated[str | None, Header(alias="Range", max_length=200)]

_BLOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "the blob", "content": {"application/octet-stream": {}}},
    206: {"description": "the requested range", "content": {"application/octet-stream": {}}},
    **ERRORS,
}
_BASE = API_PREFIX + "/blobs/{sha}"


@router.get(_BASE + "/upload", response_model=UploadState, responses=ERRORS)
async def upload_state(sha: Sha, ctx: Auth, state: State) -> Response:
    """Where the upload of ``sha`` stands (resume from ``offset``)."""
    info = await blobs.settled_upload_state(state.blobs, state.settings.db, sha, ctx)
    response = json_response(info)
    response.headers.update(blobs.upload_headers(info))
    return response


@router.head(_BASE + "/upload", responses=ERRORS)
async def upload_state_head(sha: Sha, ctx: Auth, state: State) -> Response:
    """Upload state in headers only."""
    info = await blobs.settled_upload_state(state.blobs, state.settings.db, sha, ctx)
    return Response(
        status_code=200, headers=blobs.upload_headers(info), media_type="application/json"
    )


@router.patch(_BASE, response_model=UploadState, responses=ERRORS)
async def upload_chunk(
    sha: Sha,
    request: Request,
    offset: Annotated[int, Query(ge=0, le=MAX_BLOB_SIZE)],
    ctx: Auth,
    state: State,
    upload_length: Annotated[
        int | None,
        Header(
            ge=1,
            le=MAX_BLOB_SIZE,
            description="total size of the blob; required on the first chunk",
        ),
    ] = None,
) -> Response:
    """Append a chunk (at most ``max_blob_chunk`` bytes) at ``offset``.

    Bytes that arrive before a cut are kept. The upload belongs to the calling device.
    """
    chunk = blobs.Chunk(offset, upload_length, blobs.content_length(request))
    settings = state.settings
    info = await blobs.receive_chunk(
        state.blobs, settings.db, sha, request, chunk, settings.limits, ctx
    )
    response = json_response(info)
    response.headers.update(blobs.upload_headers(info))
    return response


@router.get(_BASE, responses=_BLOB_RESPONSES, response_class=Response)
def download(sha: Sha, ctx: Auth, state: State, range_header: RangeHeader = None) -> Response:
    """Download a complete blob, whole or from a ``Range``."""
    return blobs.blob_response(
        state.blobs, state.settings.db, sha, ctx, range_header, with_body=True
    )


@router.head(_BASE, responses=_BLOB_RESPONSES, response_class=Response)
def download_head(sha: Sha, ctx: Auth, state: State, range_header: RangeHeader = None) -> Response:
    """Size and validators of a complete blob."""
    return blobs.blob_response(
        state.blobs, state.settings.db, sha, ctx, range_header, with_body=False
    )
