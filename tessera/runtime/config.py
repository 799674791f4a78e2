"""Settings from the environment (CONTRACT.md, "Configuration")."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


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
    instance_path: Path = Path("instance")
    testing: bool = False

    @classmethod
    def from_env(cls, *, instance_path: Path | None = None, **overrides) -> Settings:
        """Read ``TESSERA_*`` variables; create ``instance/`` and its secret key when missing."""
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
            "instance_path": instance,
        }
        values.update(overrides)
        return cls(**values)


def _instance_secret(instance: Path) -> str:
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
