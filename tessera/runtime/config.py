"""Settings from the environment (CONTRACT.md, "Configuration")."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

# Limits of public form posts (capture/spam.py): environment variable → (Flask config key,
# type, smallest value). JSON posts need no rendered form, so these are their guard.
CAPTURE_LIMITS = {
    "TESSERA_CAPTURE_IP_LIMIT": ("CAPTURE_IP_LIMIT", int, 1),
    "TESSERA_CAPTURE_LINK_LIMIT": ("CAPTURE_LINK_LIMIT", int, 1),
    "TESSERA_CAPTURE_WINDOW_S": ("CAPTURE_WINDOW_S", int, 1),
    "TESSERA_CAPTURE_MIN_FILL_S": ("CAPTURE_MIN_FILL_S", float, 0),
    "TESSERA_CAPTURE_MAX_BODY": ("CAPTURE_MAX_BODY", int, 1024),
}


@dataclass
class Settings:
    """Everything the app reads from its environment.

    Example::

        Settings.from_env(instance_path=Path("instance"))
    """

    database_url: str
    secret_key: str
    base_url: str = "http://127.0.0.1:5000"
    timezone: str = "Asia/Shanghai"
    smtp: dict = field(default_factory=dict)
    capture: dict = field(default_factory=dict)  # Flask config CAPTURE_* → value, where set
    instance_path: Path = Path("instance")
    testing: bool = False
    import_max_mb: int = 100  # the import upload's body limit; every other form keeps 2 MB

    @classmethod
    def from_env(cls, *, instance_path: Path | None = None, **overrides) -> Settings:
        """Read ``TESSERA_*`` variables; create ``instance/`` and its secret key when missing.

        Raises ``ValueError`` naming the variable when a number is not one.
        """
        env = os.environ
        instance = Path(instance_path or env.get("TESSERA_INSTANCE_PATH", "instance")).resolve()
        instance.mkdir(parents=True, exist_ok=True)
        values = {
            "database_url": env.get("TESSERA_DATABASE_URL")
            or f"sqlite:///{instance / 'tessera.db'}",
            "secret_key": env.get("TESSERA_SECRET_KEY") or _instance_secret(instance),
            "base_url": env.get("TESSERA_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
            "timezone": env.get("TESSERA_TIMEZONE", "Asia/Shanghai"),
            "smtp": {
                k: env[f"TESSERA_SMTP_{k.upper()}"]
                for k in ("host", "port", "user", "password", "from")
                if env.get(f"TESSERA_SMTP_{k.upper()}")
            },
            "capture": _capture_limits(env),
            "instance_path": instance,
            "import_max_mb": int(env.get("TESSERA_IMPORT_MAX_MB") or 100),
        }
        values.update(overrides)
        return cls(**values)


def _capture_limits(env) -> dict:
    limits = {}
    for name, (key, kind, least) in CAPTURE_LIMITS.items():
        raw = env.get(name, "").strip()
        if not raw:
            continue
        try:
            value = kind(raw)
        except ValueError:
            value = None
        if value is None or value != value or value < least or value == float("inf"):
            what = "a whole number" if kind is int else "a number"
            raise ValueError(f"{name} must be {what} of at least {least}, not {raw!r}")
        limits[key] = value
    return limits


def _instance_secret(instance: Path) -> str:
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
