"""Names the planners read instead of codes, looked up across layers."""

from __future__ import annotations


def station_names(project) -> dict[str, str]:
    """Station code -> name, from station posts, overridden by station boundaries."""
    names: dict[str, str] = {}
    posts = project["posts"]
    seats = posts[posts["tier"] == "station"]
    names.update({c: n for c, n in zip(seats["station"], seats["name"], strict=False) if c})
    bounds = project["boundaries"]
    st = bounds[bounds["level"] == "station"]
    names.update({c: n for c, n in zip(st["code"], st["name"], strict=False) if c})
    return names


def remote_stations(project) -> set[str]:
    """Codes of the stations whose station post is marked ``remote`` (地处偏远、警力较少)."""
    posts = project["posts"]
    if "remote" not in posts.columns:
        return set()
    seats = posts[(posts["tier"] == "station") & posts["remote"].fillna(False).astype(bool)]
    return {c for c in seats["station"] if c}


REFERENCE_KINDS = {"station": "station", "office": "office", "village": "village", "community": "village",
                   "key_site": "key_site", "township": "township"}
"""Columns (CONTRACT.md) that hold another table's code, and the kind of name they show."""


def labelled(name, code) -> str:
    """What people read for a coded thing: its name with the code beside it,
    ``城关派出所 (411426S13)``; the code alone when it has no name, the name alone when
    the code adds nothing."""
    name = "" if name is None or name != name else str(name).strip()
    code = "" if code is None or code != code else str(code).strip()
    if not name:
        return code
    if not code or code == name:
        return name
    return f"{name} ({code})"


def township_names(project) -> dict[str, str]:
    """Township boundary code -> name."""
    bounds = project["boundaries"]
    t = bounds[bounds["level"] == "township"]
    return {c: n for c, n in zip(t["code"], t["name"], strict=False) if c}


def office_names(project) -> dict[str, str]:
    """Office and workstation code -> name, from the posts and the proposed offices."""
    names: dict[str, str] = {}
    posts = project["posts"]
    names.update({c: n for c, n in zip(posts["code"], posts["name"], strict=False) if c and n})
    plan = project["plan_offices"]
    names.update({c: n for c, n in zip(plan["code"], plan["name"], strict=False) if c and n})
    return names


def key_site_names(project) -> dict[str, str]:
    """Key site code -> name."""
    k = project["key_sites"]
    return {c: n for c, n in zip(k["code"], k["name"], strict=False) if c and n}


def village_names(project) -> dict[str, str]:
    """Village code -> the name people tell it by: its name, with its township beside it
    when another village has the same name (``朱庄村（城关镇）``), and the code as well when
    even that does not tell them apart."""
    v = project["villages"]
    towns = township_names(project)
    names = ["" if n is None or n != n else str(n) for n in v["name"]]
    townships = ["" if t is None or t != t else towns.get(str(t), str(t)) for t in v["township"]]
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    pairs: dict[tuple[str, str], int] = {}
    for n, t in zip(names, townships, strict=True):
        pairs[(n, t)] = pairs.get((n, t), 0) + 1
    out: dict[str, str] = {}
    for code, n, t in zip(v["code"], names, townships, strict=True):
        if not n:
            out[code] = code
        elif seen[n] == 1:
            out[code] = n
        elif t and pairs[(n, t)] == 1:
            out[code] = f"{n}（{t}）"
        else:
            out[code] = f"{n}（{t}，{code}）" if t else f"{n}（{code}）"
    return out


class DisplayNames:
    """Every "display name of a code" in one place: ``names.station("411426S13")`` is
    ``城关派出所 (411426S13)``; the lookups are read from the project once, when first asked."""

    def __init__(self, project) -> None:
        self.project = project
        self._cache: dict[str, dict[str, str]] = {}

    def _table(self, kind: str) -> dict[str, str]:
        if kind not in self._cache:
            read = {"station": station_names, "township": township_names, "office": office_names,
                    "village": village_names, "key_site": key_site_names}[kind]
            self._cache[kind] = read(self.project)
        return self._cache[kind]

    def name(self, kind: str, code) -> str:
        """The bare name of a ``station``/``township``/``office``/``village``/``key_site`` code
        ('' if none; a village's name told apart by township when it shares its name)."""
        return self._table(kind).get(code, "") if code else ""

    def label(self, kind: str, code) -> str:
        """The name with its code beside it (a village: its told-apart name and code)."""
        if code is None or code != code or code == "":
            return ""
        return labelled(self._table(kind).get(code, ""), code)

    def reference(self, column: str, value) -> str:
        """A cell of ``column`` as people read it: a code of another table as its name with
        the code beside it (:data:`REFERENCE_KINDS`), any other value as it is."""
        kind = REFERENCE_KINDS.get(column)
        if kind is None or value is None or value != value:
            return "" if value is None or value != value else str(value)
        return self.label(kind, str(value))

    def station(self, code) -> str:
        return self.label("station", code)

    def office(self, code) -> str:
        return self.label("office", code)

    def village(self, code) -> str:
        return self.label("village", code)

    def township(self, code) -> str:
        return self.label("township", code)


GOTO_KINDS = {"villages": "村", "posts": "", "grids": "警格", "plan_offices": "拟设警务室", "boundaries": ""}
"""The layers a "go to" search finds things in, and the word shown after a name."""
_TIERS = {"station": "派出所", "office": "警务室", "workstation": "警务工作站"}
_LEVELS = {"county": "县区", "township": "乡镇", "station": "派出所辖区", "community": "社区"}


def goto_entries(project) -> list[tuple[str, str, int]]:
    """What a "go to" box finds: (text, layer, row) for every village (same names told apart
    by township), post, grid, proposed office and boundary with a name. The text is the
    name, what it is and its code: ``朱庄村（城关镇） 村 411426102213``."""
    out: list[tuple[str, str, int]] = []
    villages = village_names(project)
    for layer, word in GOTO_KINDS.items():
        frame = project[layer]
        if not len(frame) or "name" not in frame.columns:
            continue
        codes = frame["code"].tolist() if "code" in frame.columns else [""] * len(frame)
        kinds = (frame["tier"].map(_TIERS).fillna("").tolist() if layer == "posts" else
                 frame["level"].map(_LEVELS).fillna("").tolist() if layer == "boundaries" else [word] * len(frame))
        for row, (name, code, kind) in enumerate(zip(frame["name"].tolist(), codes, kinds, strict=True)):
            if layer == "villages":
                name = villages.get(code, name)
            if not isinstance(name, str) or not name:
                continue
            out.append((" ".join(t for t in (name, kind, code if isinstance(code, str) else "") if t), layer, row))
    return out
