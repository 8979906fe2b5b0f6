"""Configuration: which profile, which rules, which severities; from a file and the command line.

Looked up in this order, first found wins: `--config FILE`; else, walking up from the working directory,
`pav.toml` (keys at top level) or `pyproject.toml` with a `[tool.pav]` table. Command-line flags override
the file. Unknown keys, rule ids and values are errors (exit 2) naming the key, never silently ignored.

    profile = "auto"                      # auto (default) | gov | news | minimal
    select = ["F1", "F2", "S"]            # ids, prefixes or names; default: every rule of the profile
    ignore = ["F403"]                     # ids, prefixes or names (operator-missing)
    fail-on = "error"                     # error | warning | info | never
    exclude = ["drafts/"]                 # which files folder walks leave out (validator.sources.selection);
    extend-exclude = ["*.min.html"]       # extend-exclude adds to the default patterns; force-exclude = true
                                          # applies them to files named on the command line too
    [section-max-age]                     # crawl-level check C002: glob on a section's name -> maximum age
    "*专题*" = "never"                    # (d, w, mo, y or never); first match wins, then the defaults of
    "*政务公开*" = "3mo"                  # validator.rules.site (国办秘函〔2019〕19号: 动态/要闻 2w,
                                          # 通知公告/政策文件 6mo, other sections 1y)
    submitter = "NAME"                    # `pav package`: who submits the packages (E-ARK SIP15)
    submitter-id = "CODE"                 # and its identification code (SIP19); only with submitter
    lang = "zh-CN"                        # zh-CN | en: messages, titles and report texts (default: the locale)
    [severity]                            # per-rule severity overrides
    F501 = "error"
    [per-path."samples/news/*"]           # glob (relative to the config file) -> settings
    profile = "news"
    ignore = ["F3"]
    [per-site."*.people.com.cn"]          # glob on the host of a record's URL -> settings
    profile = "news"

A record's settings: the base, then every matching per-path table, then every matching per-site table, each in
file order (a later table's keys win). Per-site tables match the host of the record's `url` (lowercase, `*` any
characters, dots too: `*.people.com.cn` is every subdomain, not `people.com.cn` itself), whatever the record was
read from: a WARC record, a live page, a sitemap's page, a page file with a canonical URL, a JSON record. A pattern
that can never match is an error naming the key: a per-path pattern that is a URL, a per-site pattern with a
scheme, path, port or user.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from validator.findings import Severity
from validator.rules import AUTO, CATALOG, DEFAULT_PROFILE, PROFILE_CHOICES, Rule
from validator.rules.lookup import closest_rules, find_rule
from validator.urls import url_host

# --fail-on and fail-on: a severity (the lowest that fails the run), or never.
FAIL_ON_CHOICES: tuple[str, ...] = (*(str(level) for level in sorted(Severity, reverse=True)), "never")


class ConfigError(Exception):
    """A configuration problem the user must fix (exit code 2)."""


@dataclass(frozen=True, eq=False)
class Settings:
    """The effective settings for one input file. Hashed by identity: `Config` hands out one object per
    distinct combination, so the engine can cache its rule plan per settings object."""

    profile: str = DEFAULT_PROFILE
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"

    def is_enabled(self, entry: Rule, profile: str | None = None) -> bool:
        """Whether the rule runs, under `profile` (the record's, when these settings say `auto`)."""
        if _matches(entry.id, self.ignore):
            return False
        if self.select is not None:
            if entry.id in self.select:
                return True  # naming a rule exactly enables it even outside the profile
            if not _matches(entry.id, self.select):
                return False
        if entry.check is None:
            return True
        profile = profile or self.profile
        # (under `auto` with no record yet, a rule of either profile `auto` picks may run)
        return entry.applies_to("gov") or entry.applies_to("news") if profile == AUTO else entry.applies_to(profile)

    def severity_of(self, entry: Rule) -> Severity:
        return self.severity.get(entry.id, entry.severity)

    def enabled_rules(self, profile: str | None = None) -> list[Rule]:
        return [entry for _, entry in sorted(CATALOG.items()) if self.is_enabled(entry, profile)]

    def fail_threshold(self) -> Severity | None:
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)


@dataclass(frozen=True)
class Config:
    """Base settings plus per-path overrides (glob relative to `root`) and per-site ones (glob on a URL's host)."""

    base: Settings = field(default_factory=Settings)
    per_path: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    root: Path = field(default_factory=Path.cwd)
    source: str | None = None  # the file the settings came from, for messages
    per_site: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    # Which files folder walks read (gitignore-style patterns relative to `root`; None: the defaults).
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    # Who submits the packages `pav package` writes (E-ARK SIP15) and, optionally, its identification code (SIP19);
    # None: not named, and the packages have no submitting agent.
    submitter: str | None = None
    submitter_id: str | None = None
    # The language of messages, titles and report texts (zh-CN or en; validator.i18n). The run's: it travels with
    # the config to worker processes and Dask workers, where messages are made. None: not configured (English for
    # the API; the command line fills it from --lang or the locale).
    lang: str | None = None
    # The crawl-level check C002: (glob on a section's name, maximum age such as "2w"), in file order.
    section_max_age: tuple[tuple[str, str], ...] = ()
    # Caches, not settings: `init=False`, so `dataclasses.replace` gives a derived config empty caches of its
    # own instead of the original's (whose answers were worked out from other settings).
    _combined: dict[tuple[int, ...], Settings] = field(default_factory=dict, init=False, compare=False, repr=False)
    _by_file: dict[str, Settings] = field(default_factory=dict, init=False, compare=False, repr=False)
    _by_site: dict[tuple[Settings, str], Settings] = field(default_factory=dict, init=False, compare=False, repr=False)
    _site_combined: dict[tuple[Settings, tuple[int, ...]], Settings] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def settings_for(self, file: str, url: str | None = None) -> Settings:
        """The settings for a record of one input file with this URL: the file's (`file_settings`), then every
        per-site table matching the URL's host, in file order."""
        settings = self.file_settings(file)
        if not self.per_site or not isinstance(url, str) or not url:
            return settings
        host = url_host(url)
        if not host:
            return settings
        key = (settings, host)
        combined = self._by_site.get(key)
        if combined is None:
            # One settings object per combination of tables (the engine plans its rules once per object), however
            # many hosts match it.
            matching = tuple(i for i, (pattern, _) in enumerate(self.per_site) if fnmatch.fnmatchcase(host, pattern))
            combined = self._site_combined.get((settings, matching))
            if combined is None:
                combined = settings
                for index in matching:
                    combined = replace(combined, **self.per_site[index][1])
                self._site_combined[(settings, matching)] = combined
            if len(self._by_site) >= 4096:
                self._by_site.clear()
            self._by_site[key] = combined
        return combined

    def file_settings(self, file: str) -> Settings:
        """The settings for one input file: the base, then every matching per-path table in file order."""
        if not self.per_path or file == "-":
            return self.base
        # Asked once per record: a JSON Lines file of a million records must not resolve its path a million
        # times (a few system calls each). Keyed on the name as given: relative names are resolved against the
        # working directory of the first call (a run does not change directory).
        settings = self._by_file.get(file)
        if settings is None:
            if len(self._by_file) >= 4096:
                self._by_file.clear()
            settings = self._by_file[file] = self._settings_for(file)
        return settings

    def _settings_for(self, file: str) -> Settings:
        try:
            relative = Path(file).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = Path(file).as_posix()
        matching = tuple(i for i, (pattern, _) in enumerate(self.per_path) if fnmatch.fnmatchcase(relative, pattern))
        settings = self._combined.get(matching)
        if settings is None:
            settings = self.base
            for index in matching:
                settings = replace(settings, **self.per_path[index][1])
            self._combined[matching] = settings
        return settings


_KEYS = {
    "profile", "select", "ignore", "severity", "fail-on", "per-path", "per-site",
    "exclude", "extend-exclude", "force-exclude", "submitter", "submitter-id", "lang", "section-max-age",
}  # fmt: skip
_PATH_KEYS = {"profile", "select", "ignore", "severity"}


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest pav.toml, or pyproject.toml with [tool.pav], from `start` upward."""
    for folder in (start, *start.parents):
        candidate = folder / "pav.toml"
        if candidate.is_file():
            return candidate, _read_toml(candidate)
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _read_toml(candidate).get("tool", {}).get("pav")
            if isinstance(table, dict):
                return candidate, table
    return None


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    """Load the configuration file (explicit or discovered); defaults when there is none."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file {explicit} not found")
        data = _read_toml(path)
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("pav", {})
        return config_from_mapping(data, path.parent, str(path))
    found = find_config_file(start or Path.cwd())
    if found is None:
        return Config()
    path, data = found
    return config_from_mapping(data, path.parent, str(path))


def config_from_mapping(data: Mapping[str, Any], root: Path, source: str = "<config>") -> Config:
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    base = Settings(**_settings_kwargs(data, source, ""))
    per_path = _override_tables(data, "per-path", base, source)
    for pattern, _ in per_path:
        if "://" in pattern:
            host = url_host(pattern) or "HOST"
            raise ConfigError(
                f"{source}: per-path.{pattern!r} is a URL, and per-path patterns match file paths, never URLs: "
                f'for the pages of a site, use [per-site."{host}"]'
            )
    per_site = []
    for pattern, overrides in _override_tables(data, "per-site", base, source):
        per_site.append((_host_pattern(pattern, source), overrides))
    exclude = _patterns(data["exclude"], source, "exclude") if "exclude" in data else None
    extend_exclude = _patterns(data.get("extend-exclude", []), source, "extend-exclude")
    force_exclude = data.get("force-exclude", False)
    if not isinstance(force_exclude, bool):
        raise ConfigError(f"{source}: force-exclude must be true or false")
    submitter = agent_text(data["submitter"], f"{source}: submitter") if "submitter" in data else None
    submitter_id = agent_text(data["submitter-id"], f"{source}: submitter-id") if "submitter-id" in data else None
    if submitter_id is not None and submitter is None:
        raise ConfigError(f"{source}: submitter-id needs submitter (the name of the agent it identifies)")
    lang = _language(data["lang"], source) if "lang" in data else None
    return Config(
        base,
        tuple(per_path),
        root,
        source,
        section_max_age=_section_ages(data.get("section-max-age", {}), source),
        per_site=tuple(per_site),
        exclude=exclude,
        extend_exclude=extend_exclude,
        force_exclude=force_exclude,
        submitter=submitter,
        submitter_id=submitter_id,
        lang=lang,
    )


def _language(value: Any, source: str) -> str:
    from validator.i18n import LANGUAGES, parse_language

    found = parse_language(value) if isinstance(value, str) else None
    if found is None:
        raise ConfigError(f"{source}: lang {value!r} is not one of {', '.join(LANGUAGES)}")
    return found


def _section_ages(value: Any, source: str) -> tuple[tuple[str, str], ...]:
    """The [section-max-age] table: section-name glob -> maximum age, checked (errors name the key)."""
    from validator.rules.site import parse_age

    if not isinstance(value, dict):
        raise ConfigError(f"{source}: section-max-age must be a table of section-name patterns and ages")
    ages = []
    for pattern, age in value.items():
        where = f"{source}: section-max-age.{pattern!r}"
        if not pattern.strip():
            raise ConfigError(f"{where}: the pattern is empty")
        parsed = parse_age(age) if isinstance(age, str) else None
        if parsed is None:
            raise ConfigError(
                f"{where} = {age!r} is not an age: a number and a unit, d (days), w (weeks), mo (months) or y "
                '(years), as "14d", "2w", "6mo", "1y"; or "never"'
            )
        ages.append((pattern, parsed))
    return tuple(ages)


def agent_text(value: Any, where: str) -> str:
    """The name (or identification code) of an agent pav writes into METS.xml, checked: one line of text, not
    blank, with no control, separator or invisible format character (what `printable` would escape), so the
    name a person reads is the name the package holds. ConfigError naming `where` otherwise."""
    from validator.escape import printable, unsafe_chars

    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a string")
    if not value.strip():
        raise ConfigError(f"{where} is empty")
    bad = unsafe_chars(value)  # every character XML 1.0 cannot hold is one of them
    if bad:
        points = ", ".join(dict.fromkeys(f"U+{ord(char):04X}" for char in bad))
        raise ConfigError(f"{where} '{printable(value)}' holds characters a name cannot ({points})")
    return value.strip()


def _override_tables(
    data: Mapping[str, Any], key: str, base: Settings, source: str
) -> list[tuple[str, Mapping[str, Any]]]:
    """The tables of `per-path` or `per-site`: pattern -> settings keyword arguments, checked."""
    tables: list[tuple[str, Mapping[str, Any]]] = []
    table = data.get(key, {})
    if not isinstance(table, dict):
        what = "glob" if key == "per-path" else "host pattern"
        raise ConfigError(f"{source}: {key!r} must be a table of {what} = {{settings}}")
    for pattern, overrides in table.items():
        where = f"{key}.{pattern!r}"
        if not isinstance(overrides, dict):
            raise ConfigError(f"{source}: {where} must be a table")
        bad = sorted(set(overrides) - _PATH_KEYS)
        if bad:
            raise ConfigError(f"{source}: unknown key {where}.{bad[0]!r} (known: {', '.join(sorted(_PATH_KEYS))})")
        kwargs = _settings_kwargs(overrides, source, where + ".")
        if "severity" in kwargs:
            kwargs["severity"] = {**base.severity, **kwargs["severity"]}
        tables.append((pattern, kwargs))
    return tables


def _patterns(value: Any, source: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{source}: {key} must be a list of gitignore-style patterns")
    return tuple(value)


def _host_pattern(pattern: str, source: str) -> str:
    """A per-site pattern, lowercased; ConfigError naming the key when it could never match a host."""
    where = f"{source}: per-site.{pattern!r}"
    if "://" in pattern:
        host = url_host(pattern)
        hint = f': write "{host}"' if host else ""
        raise ConfigError(f"{where} has a scheme; per-site patterns match the host of a page's URL only{hint}")
    if "/" in pattern:
        hint = f': write "{pattern.split("/", 1)[0]}"' if pattern.split("/", 1)[0] else ""
        raise ConfigError(f"{where} has a path; per-site patterns match the host of a page's URL only{hint}")
    if "@" in pattern or ":" in pattern:
        raise ConfigError(f"{where} has a user or port; per-site patterns match the host of a page's URL only")
    if not pattern.strip(" .") or any(char.isspace() for char in pattern):
        raise ConfigError(f'{where} is not a host pattern (e.g. "www.people.com.cn" or "*.people.com.cn")')
    return pattern.lower().rstrip(".")


def apply_overrides(
    config: Config,
    *,
    profile: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    severity: Mapping[str, str] | None = None,
    fail_on: str | None = None,
) -> Config:
    """Command-line flags override the file (and every per-path and per-site setting of the same key)."""
    raw: dict[str, Any] = {}
    if profile is not None:
        raw["profile"] = profile
    if select is not None:
        raw["select"] = list(select)
    if ignore is not None:
        raw["ignore"] = list(ignore)
    if severity:
        raw["severity"] = dict(severity)
    if fail_on is not None:
        raw["fail-on"] = fail_on
    if not raw:
        return config
    kwargs = _settings_kwargs(raw, "command line", "--")
    if "severity" in kwargs:
        kwargs["severity"] = {**config.base.severity, **kwargs["severity"]}
    base = replace(config.base, **kwargs)
    path_kwargs = {k: v for k, v in kwargs.items() if k != "fail_on"}
    per_path = tuple((pattern, {**overrides, **path_kwargs}) for pattern, overrides in config.per_path)
    per_site = tuple((pattern, {**overrides, **path_kwargs}) for pattern, overrides in config.per_site)
    return replace(config, base=base, per_path=per_path, per_site=per_site)


def _settings_kwargs(data: Mapping[str, Any], source: str, where: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if "profile" in data:
        profile = data["profile"]
        if profile not in PROFILE_CHOICES:
            raise ConfigError(f"{source}: {where}profile {profile!r} is not one of {', '.join(PROFILE_CHOICES)}")
        kwargs["profile"] = profile
    for key in ("select", "ignore"):
        if key in data:
            kwargs[key] = tuple(_rule_selectors(data[key], source, where + key))
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: {where}severity must be a table of RULE = level")
        severities: dict[str, Severity] = {}
        for given, level in table.items():
            entry = find_rule(given)
            if entry is None:
                raise ConfigError(f"{source}: {where}severity: unknown rule id or name {given!r}{closest_rules(given)}")
            rule_id = entry.id
            try:
                severities[rule_id] = Severity.parse(str(level))
            except ValueError as error:
                raise ConfigError(f"{source}: {where}severity.{rule_id}: {error}") from None
        kwargs["severity"] = severities
    if "fail-on" in data:
        fail_on = str(data["fail-on"]).lower()
        if fail_on not in FAIL_ON_CHOICES:
            raise ConfigError(f"{source}: {where}fail-on {fail_on!r} is not one of {', '.join(FAIL_ON_CHOICES)}")
        kwargs["fail_on"] = fail_on
    return kwargs


def _rule_selectors(value: Any, source: str, where: str) -> list[str]:
    """Rule ids, id prefixes (`F1`), names (`icp-unknown-province`) or ALL, as ids and prefixes; an unknown one is
    an error echoing it as given, with the closest rules."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{source}: {where} must be a list of rule ids, prefixes or names")
    selectors = []
    for part in (part.strip() for item in items for part in item.split(",")):
        if not part:
            continue
        selector = part.upper()
        if selector == "ALL" or any(rule_id.startswith(selector) for rule_id in CATALOG):
            selectors.append(selector)
            continue
        entry = find_rule(part)
        if entry is None:
            raise ConfigError(f"{source}: {where}: unknown rule id, prefix or name {part!r}{closest_rules(part)}")
        selectors.append(entry.id)
    return selectors


def _matches(rule_id: str, selectors: Iterable[str]) -> bool:
    return any(selector == "ALL" or rule_id.startswith(selector) for selector in selectors)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # (here: a run without a configuration file never loads the TOML parser)

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
