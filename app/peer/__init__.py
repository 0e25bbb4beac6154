"""Office LAN exchange between enrolled PCs of one office (no Qt).

- :mod:`app.peer.identity`: the device key pair and certificate issued at enrolment;
- :mod:`app.peer.lanes`: what travels (the :class:`~app.peer.lanes.PeerLane` seam and
  the bulletin lane);
- :mod:`app.peer.transport`: the mutual-TLS server and client;
- :mod:`app.peer.discovery`: finding neighbours (mDNS/DNS-SD and ``site.toml``);
- :mod:`app.peer.service`: the whole of it for one running PC.
"""
