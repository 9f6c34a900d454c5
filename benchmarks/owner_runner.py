"""Playing one owner conversation against the running system, and judging it.

Part of the owner conversations runner (``owner_conversations.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shlex
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from benchmarks.owner_backend import Backend, BackendError, Owner
from benchmarks.owner_checks import (
    SHOP_TZ,
    at_most_three_choices,
    distinct_choices,
    told_time,
)
from benchmarks.owner_judging import judge_changes, judge_outcome
from benchmarks.owner_spoken import fill

ROOT = Path(__file__).resolve().parent.parent


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
