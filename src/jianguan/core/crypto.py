"""China's national algorithms: SM3 digests, HMAC-SM3 blind indexes and SM4-GCM encryption.

Personal identifiers (ID numbers, phone numbers) are stored encrypted; an HMAC-SM3 "blind
index" beside them lets the platform find a row by exact value without decrypting.
"""

from __future__ import annotations

import base64
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from jianguan.core.errors import ConfigurationError
from jianguan.core.settings import get_settings

_KEY_FILE = "secret.key"


def sm3_hex(data: bytes | str) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data.encode("utf-8") if isinstance(data, str) else data)
    return digest.finalize().hex()


def canonical_json(value: Any) -> str:
    """Deterministic JSON (sorted keys, no spaces) so equal content always hashes equal."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def digest_of(value: Any) -> str:
    return sm3_hex(canonical_json(value))


def _hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def _load_or_create_master_key(path: Path) -> bytes:
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key.hex())
    return key


@lru_cache(maxsize=4)
def _keys(master_hex: str) -> tuple[bytes, bytes]:
    master = bytes.fromhex(master_hex)
    return _hmac_sm3(master, b"jianguan:sm4")[:16], _hmac_sm3(master, b"jianguan:index")


def _current_keys() -> tuple[bytes, bytes]:
    settings = get_settings()
    if settings.secret_key:
        master_hex = settings.secret_key
    else:
        master_hex = _load_or_create_master_key(settings.data_dir / _KEY_FILE).hex()
    try:
        return _keys(master_hex)
    except ValueError as exc:
        raise ConfigurationError("JIANGUAN_SECRET_KEY 必须是十六进制字符串") from exc


def encrypt(plaintext: str) -> str:
    enc_key, _ = _current_keys()
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    return base64.b64encode(nonce + encryptor.tag + body).decode("ascii")


def decrypt(token: str) -> str:
    enc_key, _ = _current_keys()
    raw = base64.b64decode(token)
    nonce, tag, body = raw[:12], raw[12:28], raw[28:]
    decryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")


def blind_index(value: str) -> str:
    _, index_key = _current_keys()
    return _hmac_sm3(index_key, value.encode("utf-8")).hex()


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """Personal data is shown masked by default: 320102********1234."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
