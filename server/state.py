"""What one server instance runs with, shared by the routes through ``app.state.dd``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.sync.protocol import Limits
from server import feed, metrics
from server.blobs import BlobStore
from server.db import Database
from server.devicecert import DeviceAuthority
from server.regional import RegionalStream
from server.signing import PublisherKey
from server.stream import StreamCache
from server.throttle import ThrottleSettings
from server.wire import FaultState


@dataclass
class ServerSettings:
    """Runtime settings of one server instance."""

    db: Database
    blob_dir: Path
    limits: Limits = field(default_factory=Limits)
    test_hooks: bool = False
    throttle: ThrottleSettings = field(default_factory=ThrottleSettings)
    #: The publisher key file (signs feed pages and snapshots); default beside the blobs.
    publisher_key: Path | None = None
    #: The device authority file (certifies devices for office LAN exchange).
    device_ca: Path | None = None
    #: Keep the regional stream compressed as the feed grows (server.regional).
    regional_stream: bool = True


@dataclass
class ServerState:
    """What the routes share."""

    settings: ServerSettings
    server_id: str
    server_name: str
    blobs: BlobStore
    faults: FaultState
    activity: metrics.DeviceActivity
    pages: feed.PageCache
    #: Signs every ``/changes`` page; its public half is pinned by PCs at enrolment.
    publisher: PublisherKey | None = None
    #: Feed stream frames and answers (protocol 2), built once and shared.
    streams: StreamCache = field(default_factory=StreamCache)
    #: Regional rows compressed once, as published, for every new PC's first pull.
    regional: RegionalStream | None = None
    #: Certifies enrolled devices for office LAN exchange.
    devices: DeviceAuthority | None = None
