"""Secrets of the reference server: password hashes, tokens, enrolment codes, signatures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
#: Crockford base32: no I, L, O, U, so codes survive being read over the phone.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_GROUPS = 3
_CODE_GROUP_LEN = 4


def hash_password(password: str) -> str:
    """Salted scrypt hash of ``password`` in a self-describing string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    parts = [
        "scrypt",
        str(_SCRYPT_N),
        str(_SCRYPT_R),
        str(_SCRYPT_P),
        base64.b64encode(salt).decode(),
        base64.b64encode(digest).decode(),
    ]
    return "$".join(parts)


def check_password(password: str, stored: str) -> bool:
    """True if ``password`` matches a hash made by :func:`hash_password`."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt_b64),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=32,
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


#: A hash of a random password, checked when the user name is unknown so that the answer
#: takes as long as for a real user (no enumeration of names by timing).
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def check_password_or_dummy(password: str, stored: str | None) -> bool:
    """:func:`check_password` against ``stored``, or against a dummy hash (always False)."""
    if stored is None:
        check_password(password, _DUMMY_HASH)
        return False
    return check_password(password, stored)


def new_secret() -> str:
    """A random URL-safe secret (device secret, bearer token)."""
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    """SHA-256 hex of a high-entropy secret (only the hash is stored)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_enrolment_code() -> str:
    """A human-typeable one-time code such as ``7KQ4-M2XD-9PHR``."""
    groups = [
        "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LEN))
        for _ in range(_CODE_GROUPS)
    ]
    return "-".join(groups)


def normalise_code(code: str) -> str:
    """Upper-case, drop dashes and spaces, map look-alike letters to digits."""
    table = str.maketrans({"O": "0", "I": "1", "L": "1"})
    return "".join(ch for ch in code.upper() if ch not in "- \t").translate(table)


def code_hash(code: str) -> str:
    """Hash under which an enrolment code is stored."""
    return secret_hash("enrol:" + normalise_code(code))


def verify_signature(public_key_b64: str, signature: bytes, payload: bytes) -> bool:
    """True if ``signature`` is a valid Ed25519 signature of ``payload``."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64))
        key.verify(signature, payload)
    except (InvalidSignature, ValueError):
        return False
    return True
