"""One configuration object: defaults < config file < environment < command-line flags."""
from __future__ import annotations

import math
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
    db_memory_mb: int = settings.CRAWL_DB_MEMORY_MB
    snapshot_interval_s: float = settings.SNAPSHOT_INTERVAL_S
    feed_file: Path | None = None
    webhook_url: str | None = None
    # (entity, attribute or None) per [[watch]] table of the configuration file
    watches: tuple[tuple[str, str | None], ...] = ()

    def feed_path(self) -> Path:
        """Where runs write the Atom feed of new contradictions: the configured file, else beside the database."""
        if self.feed_file:
            return Path(self.feed_file)
        db = Path(self.db_path)
        return db.with_name(f"{db.stem}-contradictions.atom")

    def watch_feed_path(self, slug: str) -> Path:
        """Where runs write the Atom feed of one watch: beside the feed of every contradiction."""
        feed = self.feed_path()
        return feed.with_name(f"{feed.stem}-{slug}{feed.suffix or '.atom'}")

    def agent(self) -> str:
        """The User-Agent sent: the configured one, with the operator's contact URL when set."""
        if self.contact_url and self.user_agent == settings.USER_AGENT:
            return f"{settings.AGENT_NAME} (+{self.contact_url}; AI-infrastructure news research)"
        return self.user_agent

    def with_overrides(self, **overrides) -> "Config":
        """A copy with the non-None overrides applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


# Settings only the file can give, and how the file spells them (watches are a list of tables);
# every other one comes from any layer.
FILE_ONLY = {"watches": "[[watch]]"}
_TYPES = {f.name: f.type for f in fields(Config) if f.name not in FILE_ONLY}
# each setting's environment variable is INFRATRACK_<NAME>; two keep the names they were documented under
_ENV_NAMES = {"db_path": settings.DB_ENV, "webhook_url": settings.WEBHOOK_ENV}
# the least value each number may take, and whether that bound itself is allowed
_MINIMUM = {"delay_s": (0, True), "timeout_s": (0, False), "total_timeout_s": (0, False),
            "max_body_bytes": (1, True), "max_pages": (0, True), "concurrency": (1, True), "max_retries": (0, True),
            "max_url_runs": (1, True), "db_memory_mb": (1, True), "snapshot_interval_s": (0, True)}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def env_name(name: str) -> str:
    """The environment variable that sets the configuration key NAME."""
    return _ENV_NAMES.get(name, f"INFRATRACK_{name.upper()}")


def _coerce(name: str, value, origin: str, from_text: bool = False):
    """VALUE as the type of setting NAME, checked; ConfigError naming ORIGIN and the key otherwise.

    FROM_TEXT: the value comes from the environment or the command line, where everything is a
    string; in a TOML file a value must already have its type (`allow_private_hosts = "no"` is a
    mistake, not false)."""
    kind = str(_TYPES[name])

    def bad(why: str) -> ConfigError:
        return ConfigError(f"{origin}: {name} = {value!r}: {why}")

    if "Path" in kind:
        if not isinstance(value, (str, Path)) or not str(value).strip():
            raise bad("expected a file path")
        return Path(value)
    if kind in ("bool", str(bool)):
        if isinstance(value, bool):
            return value
        if from_text and str(value).strip().lower() in _TRUE + _FALSE:
            return str(value).strip().lower() in _TRUE
        raise bad("expected true or false")
    if kind in ("int", str(int)):
        number = _number(value, from_text, bad)
        if number != int(number):
            raise bad("expected a whole number")
        return _at_least(name, int(number), bad)
    if kind in ("float", str(float)):
        return _at_least(name, float(_number(value, from_text, bad)), bad)
    if not isinstance(value, str):
        raise bad("expected a string")
    return value


def _number(value, from_text: bool, bad):
    if isinstance(value, bool) or not (isinstance(value, (int, float)) or (from_text and isinstance(value, str))):
        raise bad("expected a number")
    try:
        number = float(value)
    except ValueError:
        raise bad("expected a number") from None
    if not math.isfinite(number):
        raise bad("expected a finite number")
    return number


def _at_least(name: str, number, bad):
    low, inclusive = _MINIMUM.get(name, (None, True))
    if low is not None and (number < low or (number == low and not inclusive)):
        raise bad(f"must be {'at least' if inclusive else 'more than'} {low}")
    return number


def load_config(config_file: str | Path | None = None, env: dict | None = None, **flags) -> Config:
    """Build the configuration from its four layers: defaults < file < environment < flags, each value checked."""
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
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [infratrack] must be a table of settings")
        section = dict(section)
        watches = _watches(section.pop("watch", []), path)
        unknown = set(section) - set(_TYPES)
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
        cfg = replace(cfg, watches=watches, **{k: _coerce(k, v, str(path)) for k, v in section.items()})
    elif config_file:
        raise ConfigError(f"{path}: no such configuration file")
    # a webhook URL usually carries a token: the environment keeps it out of files and logs
    from_env = {k: _coerce(k, env[env_name(k)], f"environment variable {env_name(k)}", from_text=True)
                for k in _TYPES if env.get(env_name(k), "") != ""}
    cfg = replace(cfg, **from_env)
    return cfg.with_overrides(**{k: (_coerce(k, v, "command line", from_text=True) if v is not None else None)
                                 for k, v in flags.items()})


def _watches(tables, path: Path) -> tuple[tuple[str, str | None], ...]:
    """The [[watch]] tables of the file: entity = "...", attribute = "..." (optional)."""
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: watch must be a list of tables ([[watch]] with entity = \"...\")")
    out = []
    for i, t in enumerate(tables, 1):
        where = f"{path}: watch {i}"
        if not isinstance(t, dict) or not isinstance(t.get("entity"), str) or not t["entity"].strip():
            raise ConfigError(f"{where}: expected entity = \"an entity's id or name\"")
        if set(t) - {"entity", "attribute"}:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(set(t) - {'entity', 'attribute'}))}")
        attribute = t.get("attribute")
        if attribute is not None and (not isinstance(attribute, str) or not attribute.strip()):
            raise ConfigError(f"{where}: attribute must be an attribute name such as gpu_count")
        out.append((t["entity"].strip(), attribute.strip() if attribute else None))
    return tuple(out)


# The contradiction check's numbers (`infratrack settings set`): a window in whole days, shares below 1.
def check_setting(key: str, value: float) -> float:
    """VALUE if it is a valid value of the check setting KEY, else ConfigError."""
    if not math.isfinite(value):
        raise ConfigError(f"{key} = {value}: expected a finite number")
    if key == "window_days":
        if value < 0 or value != int(value):
            raise ConfigError(f"{key} = {value:g}: expected a whole number of days, 0 or more")
    elif key.startswith("tolerance_") and not 0 <= value < 1:
        raise ConfigError(f"{key} = {value:g}: expected a share of the larger value, from 0 to below 1 (0.05 is 5%)")
    return value
