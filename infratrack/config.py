"""One configuration object: defaults < config file < environment < command-line flags."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from infratrack import settings


class ConfigError(Exception):
    """The configuration file or a value in it is wrong."""


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know, passed down explicitly."""

    db_path: Path = Path(settings.DEFAULT_DB)
    sources_file: Path | None = None
    user_agent: str = settings.USER_AGENT
    contact_url: str | None = None
    delay_s: float = settings.CRAWL_DELAY_S
    timeout_s: float = settings.FETCH_TIMEOUT_S
    total_timeout_s: float = settings.FETCH_TOTAL_TIMEOUT_S
    max_body_bytes: int = settings.MAX_BODY_BYTES
    max_pages: int = settings.MAX_PAGES_PER_RUN
    allow_private_hosts: bool = False
    concurrency: int = settings.GLOBAL_CONCURRENCY
    max_retries: int = settings.MAX_RETRIES
    max_url_runs: int = settings.MAX_URL_RUNS
    feed_file: Path | None = None
    webhook_url: str | None = None

    def feed_path(self) -> Path:
        """Where runs write the Atom feed of new contradictions: the configured file, else beside the database."""
        if self.feed_file:
            return Path(self.feed_file)
        db = Path(self.db_path)
        return db.with_name(f"{db.stem}-contradictions.atom")

    def agent(self) -> str:
        """The User-Agent sent: the configured one, with the operator's contact URL when set."""
        if self.contact_url and self.user_agent == settings.USER_AGENT:
            return f"{settings.AGENT_NAME} (+{self.contact_url}; AI-infrastructure news research)"
        return self.user_agent

    def with_overrides(self, **overrides) -> "Config":
        """A copy with the non-None overrides applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


_TYPES = {f.name: f.type for f in fields(Config)}


def _coerce(name: str, value, origin: str):
    kind = _TYPES[name]
    try:
        if "Path" in str(kind):
            return Path(value)
        if kind in ("float", float):
            return float(value)
        if kind in ("int", int):
            return int(value)
        if kind in ("bool", bool):
            if isinstance(value, bool):
                return value
            return str(value).lower() in ("1", "true", "yes", "on")
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: {name} = {value!r} is not a valid {kind}") from exc


def load_config(config_file: str | Path | None = None, env: dict | None = None, **flags) -> Config:
    """Build the configuration from its four layers."""
    env = os.environ if env is None else env
    cfg = Config()
    path = Path(config_file) if config_file else Path(env.get(settings.CONFIG_ENV, settings.DEFAULT_CONFIG_FILE))
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
        section = data.get("infratrack", data)
        unknown = set(section) - set(_TYPES)
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
        cfg = replace(cfg, **{k: _coerce(k, v, str(path)) for k, v in section.items()})
    elif config_file:
        raise ConfigError(f"{path}: no such configuration file")
    if env.get(settings.DB_ENV):
        cfg = replace(cfg, db_path=Path(env[settings.DB_ENV]))
    if env.get(settings.WEBHOOK_ENV):
        # a webhook URL usually carries a token: the environment keeps it out of files and logs
        cfg = replace(cfg, webhook_url=env[settings.WEBHOOK_ENV])
    return cfg.with_overrides(**{k: (_coerce(k, v, "command line") if v is not None else None) for k, v in flags.items()})
