"""Play the frozen owner conversations (tests/owner_sets/conversations) against a
running system and report task success per class and per language.

Each conversation is sent turn by turn through Rasa's REST webhook with a fresh sender
id and the owner's phone number as identity. The bot's replies are checked against the
turn's expectations; the backend's state is snapshotted through its HTTP API before and
after the conversation, and the change is judged against the conversation's outcome
(orders placed and cancelled, parcels picked up or returned, loan applications).

Only the standard library, requests and PyYAML are used: the runner never imports the
project's packages, so it can score any build that speaks the documented HTTP contract.

    python benchmarks/owner_conversations.py                  # everything
    python benchmarks/owner_conversations.py --only parcels --language en --limit 5

The format of the sets is described in tests/owner_sets/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shlex
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

from benchmarks.owner_judging import judge_changes, judge_outcome
from benchmarks.owner_spoken import any_form_regex, fill, spoken

# The sets' tests reach the placeholder forms through this module.
__all__ = ["any_form_regex", "fill", "spoken"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = ROOT / "tests" / "owner_sets" / "conversations"
DEFAULT_REPORT = ROOT / "var" / "owner_conversations.json"
SHOP_TZ = dt.timezone(dt.timedelta(hours=8))  # shops keep Beijing time

# The demo world (README): phone -> (owner id, shop id, PIN). Used when identity
# resolution is not open to the runner's credential. Other seeded shops: +86139000000NN
# is shop 3 + NN with PIN 1234.
DEMO_OWNERS = {
    "+8613800000001": (1, 1, "2468"),
    "+8613800000002": (2, 2, "1357"),
    "+8613800000003": (3, 3, "9753"),
}
EXTRA_PIN = "1234"

# ---------------------------------------------------------------------------------
# The backend, through its HTTP API only.


class BackendError(RuntimeError):
    """A backend call failed."""


@dataclass
class Owner:
    """Who is talking: the ids the backend knows them by."""

    phone: str
    owner_id: int
    shop_id: int
    pin: str
    shop_token: str | None = None


class Backend:
    """The backend HTTP API with the runner's credentials."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.url = args.backend_url.rstrip("/")
        self.operator = args.service_token or args.operator_token
        self.courier = args.service_token or args.courier_token
        self.gateway = args.gateway_token
        self.http = requests.Session()
        self.timeout = args.timeout
        self._owners: dict[str, Owner] = {}

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        owner: Owner | None = None,
        session: str | None = None,
        body: Any = None,
        key: str | None = None,
        ok: tuple[int, ...] = (200, 201),
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token or self.operator}"}
        if owner is not None and owner.shop_token:
            headers["X-Shop-Token"] = owner.shop_token
        if session:
            headers["X-Owner-Session"] = session
        if key:
            headers["Idempotency-Key"] = key
        response = self.http.request(
            method, self.url + path, json=body, headers=headers, timeout=self.timeout
        )
        try:
            data = response.json()
        except ValueError:
            data = {"raw": response.text[:300]}
        if ok and response.status_code not in ok:
            hint = ""
            if response.status_code == 401 and "token" in str(data):
                hint = " (a backend with one service token needs --service-token)"
            raise BackendError(
                f"{method} {path} -> {response.status_code}: {data}{hint}"
            )
        return response.status_code, data

    def owner(self, phone: str, pin: str | None = None) -> Owner:
        """Resolve a phone number to its owner and shop (cached per run)."""
        if phone in self._owners:
            return self._owners[phone]
        resolved = None
        for token in (self.operator, self.gateway):
            if not token:
                continue
            status, data = self.call(
                "POST",
                "/v1/identity/resolve",
                token=token,
                body={"channel": "phone", "id": phone},
                ok=(),
            )
            if status == 200:
                resolved = data
                break
        if phone in DEMO_OWNERS:
            owner_id, shop_id, default_pin = DEMO_OWNERS[phone]
        elif re.fullmatch(r"\+86139\d{8}", phone):
            owner_id = shop_id = 3 + int(phone[-8:])
            default_pin = EXTRA_PIN
        elif resolved is None:
            raise BackendError(f"cannot resolve owner {phone}")
        else:
            owner_id, shop_id, default_pin = 0, 0, EXTRA_PIN
        if resolved is not None:
            owner_id, shop_id = int(resolved["owner_id"]), int(resolved["shop_id"])
        owner = Owner(phone, owner_id, shop_id, pin or default_pin)
        if resolved is not None:
            owner.shop_token = resolved.get("shop_token")
        self._owners[phone] = owner
        return owner

    def forget_owners(self) -> None:
        """Drop cached shop credentials (after a reseed)."""
        self._owners.clear()

    def pin_session(self, owner: Owner) -> tuple[str | None, str | None]:
        """(session token, None), or (None, locked_until) when the owner is locked."""
        status, data = self.call(
            "POST",
            f"/v1/owners/{owner.owner_id}/pin-sessions",
            owner=owner,
            body={"pin": owner.pin},
            ok=(),
        )
        if status == 201:
            return str(data["token"]), None
        if status == 423:
            error = data.get("error", {})
            return None, str(error.get("locked_until", ""))
        raise BackendError(f"PIN session for {owner.phone} -> {status}: {data}")

    def snapshot(self, owner: Owner) -> dict[str, Any]:
        """What the judged state of one shop is now."""
        shop = f"/v1/shops/{owner.shop_id}"
        _, orders = self.call("GET", f"{shop}/orders", owner=owner)
        _, parcels = self.call("GET", f"{shop}/parcels", owner=owner)
        _, loans = self.call("GET", f"{shop}/loan-applications", owner=owner)
        return {
            "orders": {
                int(order["id"]): {
                    "status": order["status"],
                    "lines": [
                        {key: line.get(key) for key in LINE_FIELDS}
                        for line in order.get("lines", [])
                    ],
                }
                for order in orders.get("orders", [])
            },
            "parcels": {
                int(parcel["id"]): {
                    key: parcel.get(key)
                    for key in ("status", "tracking_no", "overdue", "shelf_slot")
                }
                for parcel in parcels.get("parcels", [])
            },
            "loans": {
                int(app["id"]): {
                    "amount": app.get("amount"),
                    "term_months": app.get("term_months"),
                    "status": app.get("status"),
                }
                for app in loans.get("applications", [])
            },
        }


LINE_FIELDS = ("sku", "quantity", "name_zh", "name_en", "brand_zh", "brand_en",
               "category")  # fmt: skip


# ---------------------------------------------------------------------------------
# One conversation.


@dataclass
class Result:
    """How one conversation went."""

    id: str
    cls: str
    language: str
    passed: bool = False
    outcome_ok: bool = False  # the backend ended right, whatever the replies said
    failures: list[str] = field(default_factory=list)
    turns: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


class Runner:
    """Plays conversations and judges them."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.backend = Backend(args)
        self.rasa = args.rasa_url.rstrip("/")
        self.rasa_params = {"token": args.rasa_token} if args.rasa_token else {}
        self.http = requests.Session()
        self.dirty = True  # the world has not been reset by this run yet
        self.resets = 0

    # -- world --------------------------------------------------------------------

    def reset_world(self) -> None:
        """Reseed the demo world with the configured command."""
        if self.args.reset == "never":
            return
        command = self.args.reset_command.format(python=shlex.quote(sys.executable))
        started = time.perf_counter()
        done = subprocess.run(
            command,
            shell=True,
            cwd=self.args.project_root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BackendError(
                f"reset failed ({done.returncode}): {done.stderr[-500:]}"
            )
        self.backend.forget_owners()
        self.dirty = False
        self.resets += 1
        if self.args.verbose:
            print(f"  (world reset in {time.perf_counter() - started:.1f} s)")

    def prepare(self, conv: dict[str, Any]) -> tuple[Owner, str | None]:
        """Reset if needed and open a PIN session for the conversation's owner."""
        policy = self.args.reset
        if self.dirty and (
            policy == "dirty" or (policy == "fresh" and conv.get("fresh"))
        ):
            self.reset_world()
        owner = self.backend.owner(conv["owner"], conv.get("pin"))
        session, locked = self.backend.pin_session(owner)
        if session is None:  # an earlier conversation locked this owner out
            if self.args.reset == "never":
                raise BackendError(f"{owner.phone} is locked until {locked}")
            self.reset_world()
            owner = self.backend.owner(conv["owner"], conv.get("pin"))
            session, locked = self.backend.pin_session(owner)
            if session is None:
                raise BackendError(f"{owner.phone} still locked until {locked}")
        return owner, session

    def run_setup(
        self, conv: dict[str, Any], owner: Owner, session: str | None
    ) -> tuple[dict[str, str], dict[str, int]]:
        """Run the setup steps; returns placeholder values and named object ids."""
        bound: dict[str, str] = {}
        ids: dict[str, int] = {}
        shop = f"/v1/shops/{owner.shop_id}"
        for step in conv.get("setup") or []:
            ((kind, spec),) = step.items()
            self.dirty = True
            if kind == "place_order":
                _, order = self.backend.call(
                    "POST", f"{shop}/orders", owner=owner, session=session,
                    key=f"owner-sets-{uuid.uuid4().hex}",
                    body={"lines": spec["lines"]},
                )  # fmt: skip
                bound[spec["as"]] = str(order["id"])
                ids[spec["as"]] = int(order["id"])
            elif kind == "cancel_order":
                self.backend.call(
                    "POST", f"{shop}/orders/{ids[spec]}/cancel", owner=owner,
                    session=session,
                )  # fmt: skip
            elif kind == "check_in_parcel":
                _, parcel = self.backend.call(
                    "POST",
                    f"{shop}/parcels/check-ins",
                    token=self.backend.courier,
                    owner=owner,
                    body={
                        "tracking_no": spec.get(
                            "tracking_no", f"HS{uuid.uuid4().int % 10**10:010d}"
                        ),
                        "carrier": spec.get("carrier", "中通快递"),
                        "recipient_name": spec["recipient_name"],
                        "recipient_phone": str(spec["recipient_phone"]),
                    },
                )
                name = spec["as"]
                bound[name] = str(parcel["pickup_code"])
                bound[f"{name}_slot"] = str(parcel.get("shelf_slot", ""))
                bound[f"{name}_recipient"] = str(parcel.get("recipient_masked", ""))
                ids[name] = int(parcel["id"])
            elif kind == "apply_loan":
                _, offer = self.backend.call(
                    "GET", f"{shop}/loan-eligibility", owner=owner, session=session
                )
                _, app = self.backend.call(
                    "POST", f"{shop}/loan-applications", owner=owner,
                    session=session, key=f"owner-sets-{uuid.uuid4().hex}",
                    body={"offer_id": offer["offer_id"], "amount": str(spec["amount"]),
                          "term_months": int(spec["term_months"]), "consent": True},
                )  # fmt: skip
                bound[spec["as"]] = str(app["id"])
                ids[spec["as"]] = int(app["id"])
            elif kind == "bind":
                bound.update({str(k): str(v) for k, v in spec.items()})
            else:
                raise ValueError(f"unknown setup step {kind!r}")
        return bound, ids

    # -- talking ------------------------------------------------------------------

    def turn(self, sender: str, phone: str, message: str) -> tuple[str, float]:
        started = time.perf_counter()
        response = self.http.post(
            f"{self.rasa}/webhooks/rest/webhook",
            params=self.rasa_params,
            json={
                "sender": sender,
                "message": message,
                "metadata": {"channel": "phone", "id": phone},
            },
            timeout=self.args.timeout,
        )
        response.raise_for_status()
        texts = [m.get("text") or "" for m in response.json()]
        return "\n".join(t for t in texts if t), time.perf_counter() - started

    def slots(self, sender: str) -> dict[str, Any]:
        response = self.http.get(
            f"{self.rasa}/conversations/{sender}/tracker",
            params=self.rasa_params,
            timeout=self.args.timeout,
        )
        response.raise_for_status()
        return dict(response.json().get("slots") or {})

    def play(self, conv: dict[str, Any]) -> Result:
        result = Result(conv["id"], conv["class"], conv["language"])
        started = time.perf_counter()
        try:
            owner, session = self.prepare(conv)
            bound, ids = self.run_setup(conv, owner, session)
            before = self.backend.snapshot(owner)
            sender = f"owner-set-{conv['id']}-{uuid.uuid4().hex[:10]}"
            last_reply, transcript = "", []
            lock_checks: list[tuple[int, str, float]] = []
            for index, turn in enumerate(conv["turns"]):
                when = turn.get("when")
                if when and not re.search(
                    fill(when, bound, True), last_reply, re.IGNORECASE | re.DOTALL
                ):
                    result.turns.append({"skipped": True, "say": turn["say"]})
                    continue
                last_reply = self.say_turn(
                    result, index, turn, (sender, owner.phone), bound, lock_checks
                )
                transcript.append(last_reply)
            whole = conv.get("transcript") or {}
            result.failures += [
                f"transcript: {f}"
                for f in self.check_turn(whole, "\n".join(transcript), bound)
            ]
            for index, reply, at in lock_checks:
                problem = self.check_lock_time(owner, reply, at)
                if problem:
                    result.failures.append(f"turn {index + 1}: {problem}")
            after = self.backend.snapshot(owner)
            changes = judge_changes(before, after)
            if any(changes.values()):
                self.dirty = True
            wrong = judge_outcome(conv.get("outcome") or {}, changes, ids, before)
            result.outcome_ok = not wrong
            result.failures += [f"outcome: {f}" for f in wrong]
        except (requests.RequestException, BackendError, KeyError, ValueError) as exc:
            result.error = f"{type(exc).__name__}: {exc}"
            result.failures.append(result.error)
            self.dirty = True
        result.passed = not result.failures
        result.seconds = round(time.perf_counter() - started, 2)
        return result

    def say_turn(
        self,
        result: Result,
        index: int,
        turn: dict[str, Any],
        who: tuple[str, str],
        bound: dict[str, str],
        lock_checks: list[tuple[int, str, float]],
    ) -> str:
        """Say one turn (``who``: sender and phone) and judge its reply."""
        if not isinstance(turn["say"], str):  # an unquoted yes is True
            raise ValueError(f"turn {index + 1}: quote {turn['say']!r}")
        sender, phone = who
        message = fill(turn["say"], bound, as_regex=False)
        reply, seconds = self.turn(sender, phone, message)
        failures = self.check_turn(turn.get("expect") or {}, reply, bound)
        if "lock_time_not_early" in (turn.get("expect") or {}).get("checks", []):
            lock_checks.append((index, reply, time.time()))
        if (turn.get("expect") or {}).get("slots"):
            failures += self.check_slots(turn["expect"]["slots"], sender)
        result.turns.append(
            {
                "say": message,
                "reply": reply,
                "ms": round(seconds * 1000),
                "failures": failures,
            }
        )
        result.failures += [f"turn {index + 1}: {f}" for f in failures]
        return reply

    # -- judging replies ----------------------------------------------------------

    def check_turn(
        self, expect: dict[str, Any], reply: str, bound: dict[str, str]
    ) -> list[str]:
        failures = []
        for pattern in expect.get("says", []):
            regex = fill(pattern, bound, True)
            if not re.search(regex, reply, re.IGNORECASE | re.DOTALL):
                failures.append(f"reply lacks /{pattern}/")
        for pattern in expect.get("not_says", []):
            regex = fill(pattern, bound, True)
            if re.search(regex, reply, re.IGNORECASE | re.DOTALL):
                failures.append(f"reply has /{pattern}/")
        for check in expect.get("checks", []):
            if check == "distinct_choices":
                problem = distinct_choices(reply)
            elif check == "at_most_three_choices":
                problem = at_most_three_choices(reply)
            elif check == "lock_time_not_early":
                problem = None  # judged after the conversation, against the backend
            else:
                problem = f"unknown check {check}"
            if problem:
                failures.append(problem)
        return failures

    def check_slots(self, wanted: dict[str, Any], sender: str) -> list[str]:
        slots = self.slots(sender)
        return [
            f"slot {name} is {slots.get(name)!r}, want {value!r}"
            for name, value in wanted.items()
            if slots.get(name) != value
        ]

    def check_lock_time(self, owner: Owner, reply: str, at: float) -> str | None:
        """The time told must not be before the lock really ends."""
        session, locked = self.backend.pin_session(owner)
        self.dirty = True
        if session is not None:
            return "the owner was not locked out"
        try:
            until = dt.datetime.fromisoformat(str(locked).replace("Z", "+00:00"))
        except ValueError:
            return f"backend gave no lock end ({locked!r})"
        if until.tzinfo is None:
            until = until.replace(tzinfo=dt.timezone.utc)
        told = told_time(reply, until, dt.datetime.fromtimestamp(at, dt.timezone.utc))
        if told is None:
            return "the lockout reply names no time"
        if told < until:
            return (
                f"lock end told as {told.astimezone(SHOP_TZ):%H:%M} shop time (UTC+8), "
                f"but it is locked until {until.astimezone(SHOP_TZ):%H:%M:%S} shop "
                f"time ({until.astimezone(dt.timezone.utc):%H:%M:%S} UTC)"
            )
        return None


# ---------------------------------------------------------------------------------
# Choice questions and lockout times.

CHOICE_SPLIT = re.compile(r"\s*(?:、|，|,|；|;|还是|或者|或是|\bor\b|/)\s*", re.I)


def _choice_options(reply: str) -> list[str] | None:
    """The options of the last choice question in a reply, as said."""
    sentences = re.split(r"(?<=[？?。!！])|(?<=\.)(?=\s)|\n", reply)
    for sentence in reversed(sentences):
        if not re.search(r"还是|或者|哪|\bor\b|\bwhich\b", sentence, re.I):
            continue
        body = re.split(r"[:：]", sentence)[-1]
        lead = r"^(?:which one|which|请问|您要|你要|要)\s*"
        body = re.sub(lead, "", body.strip(), flags=re.I)
        options = [
            re.sub(r"^(?:\d+[.、)]|第.个[:：]?)\s*", "", o).strip(" ?？。.!！\"'“”")
            for o in CHOICE_SPLIT.split(body)
        ]
        # Drop the asking words around the list ("您要哪一种", "which do you want").
        options = [
            o for o in options if o and not re.search(r"哪|吗$|\bwhich\b", o, re.I)
        ]
        if len(options) >= 2:
            return options
    return None


def distinct_choices(reply: str) -> str | None:
    """A choice question whose options can be told apart."""
    options = _choice_options(reply)
    if options is None:
        return "no choice question in the reply"
    folded = [re.sub(r"\s+", "", o).lower() for o in options]
    if len(set(folded)) < len(folded):
        return f"choices cannot be told apart: {options}"
    return None


def at_most_three_choices(reply: str) -> str | None:
    """A choice question offering no more than three options."""
    options = _choice_options(reply)
    if options is None:
        return "no choice question in the reply"
    return f"{len(options)} choices offered" if len(options) > 3 else None


ZH_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip


def zh_to_int(text: str) -> int | None:
    """Chinese or Arabic numerals below 100 (十五, 二十三, 零七, 07)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (ZH_NUM.get(tens, 0) if tens else 1) * 10
        return value + (ZH_NUM.get(ones, 0) if ones else 0)
    digits = [ZH_NUM.get(c) for c in text]
    if any(d is None for d in digits) or not digits:
        return None
    return int("".join(str(d) for d in digits))


ZH_CLOCK = re.compile(
    r"(上午|早上|凌晨|中午|下午|傍晚|晚上)?\s*([零〇一二两三四五六七八九十\d]{1,3})\s*点"
    r"(?:\s*(半)|\s*([零〇一二两三四五六七八九十\d]{1,3})\s*分?)?"
)
CLOCK = re.compile(r"\b(\d{1,2})[:：](\d{2})(?:\s*([ap])\.?m\.?)?", re.I)
DURATION = re.compile(r"(\d+|十五|fifteen|thirty|三十)\s*(?:分钟|minutes?|mins?)", re.I)
DURATION_WORDS = {"十五": 15, "fifteen": 15, "thirty": 30, "三十": 30}


def told_time(
    reply: str, until: dt.datetime, replied_at: dt.datetime
) -> dt.datetime | None:
    """The moment the reply says the lock ends, as an aware datetime."""
    local_until = until.astimezone(SHOP_TZ)
    found: tuple[int, int, str | None] | None = None
    match = CLOCK.search(reply)
    if match:
        meridiem = match.group(3)
        found = (int(match.group(1)), int(match.group(2)),
                 "pm" if meridiem and meridiem.lower() == "p" else
                 "am" if meridiem else None)  # fmt: skip
    else:
        zh = ZH_CLOCK.search(reply)
        if zh:
            hour = zh_to_int(zh.group(2))
            minute = 30 if zh.group(3) else zh_to_int(zh.group(4) or "0")
            if hour is not None and minute is not None:
                late = zh.group(1) in ("下午", "傍晚", "晚上")
                found = (hour, minute, "pm" if late else None)
    if found is None:
        duration = DURATION.search(reply)
        if not duration:
            return None
        word = duration.group(1).lower()
        minutes = int(word) if word.isdigit() else DURATION_WORDS[word]
        return replied_at + dt.timedelta(minutes=minutes)
    hour, minute, meridiem = found
    if meridiem == "pm" and hour < 12:
        hour += 12
    candidates = [hour] if meridiem or hour >= 12 else [hour, hour + 12]
    best = None
    for h in candidates:
        base = local_until.replace(hour=h % 24, minute=minute, second=0, microsecond=0)
        for shift in (-1, 0, 1):
            moment = base + dt.timedelta(days=shift)
            if best is None or abs(moment - local_until) < abs(best - local_until):
                best = moment
    return best


# ---------------------------------------------------------------------------------
# Loading, running, reporting.


def load_sets(path: Path) -> list[dict[str, Any]]:
    """Every conversation under ``path`` (a file or a folder of *.yml)."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    conversations = []
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for conv in data.get("conversations", []):
            conv["_file"] = file.name
            conversations.append(conv)
    return conversations


def select(convs: list[dict[str, Any]], args: argparse.Namespace) -> list[dict]:
    chosen = [
        c
        for c in convs
        if (not args.only or c["class"] in args.only)
        and (not args.language or c["language"] == args.language)
        and (not args.id or any(part in c["id"] for part in args.id))
    ]
    return chosen[: args.limit] if args.limit else chosen


def table(results: list[Result]) -> str:
    """Task success per class and language, as a text table."""
    cells: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for r in results:
        for cls in (r.cls, "ALL"):
            for lang in (r.language, "all"):
                cells[(cls, lang)].append(r.passed)
    classes = [*sorted({r.cls for r in results}), "ALL"]

    def cell(key: tuple[str, str]) -> str:
        runs = cells.get(key)
        if not runs:
            return "-"
        return f"{sum(runs)}/{len(runs)} {100 * sum(runs) / len(runs):5.1f}%"

    width = max(len(c) for c in classes) + 2
    lines = [
        f"{'class':<{width}}{'zh':>16}{'en':>16}{'all':>16}",
        "-" * (width + 48),
    ]
    for cls in classes:
        if cls == "ALL":
            lines.append("-" * (width + 48))
        lines.append(
            f"{cls:<{width}}"
            + "".join(f"{cell((cls, lang)):>16}" for lang in ("zh", "en", "all"))
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("--rasa-token", default=None, help="Rasa HTTP API token")
    parser.add_argument("--backend-url", default="http://127.0.0.1:8080")
    parser.add_argument("--operator-token", default="zhanggui-demo-operator-token")
    parser.add_argument("--courier-token", default="zhanggui-demo-courier-token")
    parser.add_argument(
        "--service-token",
        default=None,
        help="one token for every backend call (before per-service tokens), e.g. "
        "zhanggui-demo-service-token",
    )
    parser.add_argument(
        "--gateway-token",
        default=None,
        help="tried for identity resolution when the operator token may not resolve",
    )
    parser.add_argument("--sets", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--only", action="append", help="class to run (repeatable)")
    parser.add_argument("--language", choices=("zh", "en"))
    parser.add_argument("--id", action="append", help="run ids containing this text")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    parser.add_argument("--project-root", type=Path, default=ROOT)
    parser.add_argument(
        "--reset-command",
        default="{python} -m backend seed --reset",
        help="run in --project-root to reseed the demo world ({python}: this Python)",
    )
    parser.add_argument(
        "--reset",
        choices=("dirty", "fresh", "never"),
        default="dirty",
        help="reseed before a conversation whenever an earlier one changed the world "
        "(dirty, the default), only before conversations marked fresh: true (fresh), "
        "or never (the world must then be reset by hand)",
    )
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="only count the selected conversations per class and language",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    conversations = select(load_sets(args.sets), args)
    if not conversations:
        print("no conversations selected")
        return 2
    if args.dry_run:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for conv in conversations:
            counts[(conv["class"], conv["language"])] += 1
        for cls in sorted({c for c, _ in counts}):
            print(f"{cls:<16}zh {counts[(cls, 'zh')]:>3}   en {counts[(cls, 'en')]:>3}")
        print(f"{'total':<16}{len(conversations):>6}")
        return 0
    runner = Runner(args)
    started = time.perf_counter()
    runner.reset_world()
    results = []
    for n, conv in enumerate(conversations, 1):
        result = runner.play(conv)
        results.append(result)
        mark = "ok  " if result.passed else "FAIL"
        print(f"[{n:3}/{len(conversations)}] {mark} {result.id} ({result.seconds} s)")
        if not result.passed and args.verbose:
            for failure in result.failures[:6]:
                print(f"        {failure}")
    elapsed = time.perf_counter() - started
    print()
    print(table(results))
    print(
        f"\n{sum(r.passed for r in results)}/{len(results)} conversations succeeded "
        f"in {elapsed:.0f} s ({runner.resets} world resets); the backend ended right "
        f"in {sum(r.outcome_ok for r in results)} (replies not judged)"
    )
    args.report.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "rasa_url": args.rasa_url,
        "backend_url": args.backend_url,
        "seconds": round(elapsed, 1),
        "summary": summary(results),
        "conversations": [
            {
                "id": r.id,
                "class": r.cls,
                "language": r.language,
                "passed": r.passed,
                "outcome_ok": r.outcome_ok,
                "seconds": r.seconds,
                "failures": r.failures,
                "turns": r.turns,
            }
            for r in results
        ],
    }
    args.report.write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"report: {args.report}")
    return 0


def summary(results: list[Result]) -> dict[str, Any]:
    """Success counts per class × language, per language and overall."""
    out: dict[str, Any] = {"by_class": {}, "by_language": {}}
    for r in results:
        entry = (
            out["by_class"]
            .setdefault(r.cls, {})
            .setdefault(r.language, {"passed": 0, "total": 0})
        )
        entry["passed"] += r.passed
        entry["total"] += 1
        lang = out["by_language"].setdefault(r.language, {"passed": 0, "total": 0})
        lang["passed"] += r.passed
        lang["total"] += 1
    for group in [*out["by_class"].values(), out["by_language"]]:
        for entry in group.values():
            entry["rate"] = round(entry["passed"] / entry["total"], 3)
    out["overall"] = {
        "outcome_ok": sum(r.outcome_ok for r in results),
        "passed": sum(r.passed for r in results),
        "total": len(results),
        "rate": round(sum(r.passed for r in results) / len(results), 3),
    }
    return out


if __name__ == "__main__":
    sys.exit(main())
