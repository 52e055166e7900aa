"""诉求信访 in the store: registering petitions, their petitioners and progress entries.

Every registration is one user action (``Store.write``): the petition row, its petitioners and
the first progress entry ("register") with their outbox entries and one audit entry.

登记编号 is ``<device prefix>-<year>-<six digits>``: the prefix is this PC's (handed out at
enrolment, see ``Store.device_prefix``), so two offline PCs never hand out the same number; the
sequence is the larger of a per-year counter kept in ``meta`` (never reused, even after a
deletion) and the highest live number of that prefix and year (numbers written by the demo
loader or an import).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, translate
from gridapp.models import petition_flow
from gridapp.models.access import Permission
from gridapp.models.deadlines import DeadlinePolicy, PetitionDeadlines, petition_deadlines
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import MSG_UNKNOWN_FIELD, FieldSpec, clean_fields, clean_value
from gridapp.models.petition import Petition, Petitioner, PetitionProgress
from gridapp.models.petition_flow import Visibility
from gridapp.models.petition_metrics import MetricWeights, MonthMetrics, compute
from gridapp.models.petition_register import (
    PETITION_FIELDS,
    group_errors,
    validated_registration,
)
from gridapp.models.workdays import load_calendar
from gridapp.store import masking, petition_list
from gridapp.store.access import AccessDenied, allowed, require
from gridapp.store.bulk import insert_records, update_record
from gridapp.store.db import Store
from gridapp.store.errors import NotFoundError
from gridapp.store.households import HouseholdRepository, new_id
from gridapp.store.petition_metrics import read_facts
from gridapp.store.rows import from_row
from gridapp.store.scope import load_scope

MSG_REG_NO_EXISTS = QT_TRANSLATE_NOOP("Messages", "登记编号 {number} is already in use.")
MSG_NO_SUCH_PERSON = QT_TRANSLATE_NOOP(
    "Messages", "The petitioner is not in the register (it may have been deleted)."
)
MSG_NO_SUCH_PETITION = QT_TRANSLATE_NOOP("Messages", "No petition with 登记编号 {number}.")
MSG_CORRECT_DONE = QT_TRANSLATE_NOOP(
    "Messages", "The petition is “{status}”: its registration can no longer be corrected."
)
MSG_NOT_CORRECTABLE = QT_TRANSLATE_NOOP(
    "Messages",
    "“{field}” cannot be corrected: only the registration's fields (except the date received) can.",
)
MSG_CORRECT_REASON = QT_TRANSLATE_NOOP("Messages", "Give the reason for the correction.")
MSG_NOTHING_CHANGED = QT_TRANSLATE_NOOP(
    "Messages", "Nothing to correct: the values are those already registered."
)
MSG_ACCUSED_KIND = QT_TRANSLATE_NOOP(
    "Messages", "Accused persons are recorded: the kind must stay 检举控告类."
)
MSG_OWN_ROLE = QT_TRANSLATE_NOOP(
    "Messages", "You are logged in as {role}: a step is taken in the role of one's account."
)
# 更正登记信息: the registration fields a correction may change (登记日期 fixes the deadlines
# and the number's year: it stays as registered).
CORRECTABLE: tuple[str, ...] = tuple(name for name in PETITION_FIELDS if name != "reg_date")
CORRECTION_REASON = FieldSpec(
    "reason",
    QT_TRANSLATE_NOOP("Fields", "Reason for the correction"),
    "text",
    max_len=500,
    required=True,
)
SEQ_META = "petition_seq_{prefix}_{year}"
POLICY_META = "petition_deadline_policy"  # the county's day rule (JSON), see DeadlinePolicy
WEIGHTS_META = "petition_metric_weights"  # MetricWeights as JSON (a county setting)
ROLE_META = "petition_role"  # this PC's role in the workflow until accounts exist (issue #8)
LOOKAHEAD_DAYS = 105  # 15 + 60 + 30 日: the furthest a running deadline reaches
DEFAULT_ROLE = petition_flow.SECRETARY  # a village PC: the secretary signs what the worker enters
SEQ_DIGITS = 6


class PetitionRepository:
    """Reads and writes petitions of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self._policy: DeadlinePolicy | None = None

    # --- settings ------------------------------------------------------------------------

    def policy(self) -> DeadlinePolicy:
        """How this county counts 日 (meta ``petition_deadline_policy``) over the holiday
        table (the bundled one, or a newer one in ``<data dir>/holidays/``)."""
        if self._policy is None:
            raw = self.store.meta(POLICY_META)
            settings = json.loads(raw) if raw else {}
            self._policy = DeadlinePolicy.from_settings(
                settings, load_calendar(self.store.data_dir)
            )
        return self._policy

    def calendar_notes(self, today: date) -> list[str]:
        """What people must know about the holiday table behind the deadlines: a county file
        that could not be read, or the months ahead (the longest period, 15 + 60 + 30 日)
        running into a year the table does not hold yet or holds provisionally."""
        calendar = self.policy().calendar
        notes = [calendar.problem.text()] if calendar.problem is not None else []
        ahead = calendar.warning(today + timedelta(days=LOOKAHEAD_DAYS))
        if ahead:
            notes.append(ahead)
        return notes

    def set_policy(self, policy: DeadlinePolicy) -> None:
        with self.store.transaction():
            self.store.set_meta(POLICY_META, json.dumps(policy.settings()))
        self._policy = None

    def role(self) -> str:
        """The workflow role of whoever works at this PC: the logged-in account's (issue #8;
        an administrator's is none of the workflow's), else the PC's (see ROLE_META)."""
        session = getattr(self.store, "session", None)
        if session is not None:
            return str(session.role)
        role = self.store.meta(ROLE_META) or DEFAULT_ROLE
        return role if role in petition_flow.ROLES else DEFAULT_ROLE

    def set_metric_weights(self, weights: MetricWeights) -> None:
        with self.store.transaction():
            self.store.set_meta(WEIGHTS_META, json.dumps(weights.settings()))

    def set_role(self, role: str) -> None:
        if role not in petition_flow.ROLES:
            raise ValueError(f"unknown role {role!r}")
        with self.store.transaction():
            self.store.set_meta(ROLE_META, role)

    def metric_weights(self) -> MetricWeights:
        raw = self.store.meta(WEIGHTS_META)
        return MetricWeights.from_settings(json.loads(raw) if raw else {})

    def metrics(self, month: str, today: date) -> dict[str, MonthMetrics]:
        """The month's figures per grid code and for all grids (key ``ALL_GRIDS``)."""
        facts = read_facts(self.conn, self.policy(), month)
        return compute(facts, month, today, self.metric_weights())

    def deadlines(self, petition: Petition) -> PetitionDeadlines:
        inputs = petition_flow.deadline_inputs(petition)
        del inputs["registered"]
        return petition_deadlines(self.policy(), registered=petition.reg_date, **inputs)

    # --- reading -------------------------------------------------------------------------

    def get(self, petition_id: str) -> Petition:
        """The petition as the current role may see it (content blanked where it may not:
        :func:`gridapp.store.masking.petition_visibility`)."""
        return self.shown(self._load(petition_id))

    def _load(self, petition_id: str) -> Petition:
        """The petition as stored, for the write paths of this repository only."""
        rows = self.store.query(
            "SELECT * FROM petition WHERE id = ? AND deleted = 0", (petition_id,)
        )
        if not rows:
            raise NotFoundError(what=petition_id)
        return from_row(Petition, rows[0])

    def visibility(self, petition: Petition) -> Visibility:
        """What the current role sees of ``petition`` (content, petitioners)."""
        return masking.petition_visibility(self.store, petition)

    def shown(self, petition: Petition) -> Petition:
        return petition if self.visibility(petition).content else masking.hide_content(petition)

    def by_reg_no(self, reg_no: str) -> Petition | None:
        rows = self.store.query(
            "SELECT * FROM petition WHERE reg_no = ? AND deleted = 0", (reg_no.strip(),)
        )
        return self.shown(from_row(Petition, rows[0])) if rows else None

    def require(self, reg_no: str) -> Petition:
        """The petition with ``reg_no``, or a :class:`ValidationError` saying there is none."""
        petition = self.by_reg_no(reg_no)
        if petition is None:
            raise ValidationError(
                [FieldError("reg_no", MSG_NO_SUCH_PETITION, {"number": reg_no.strip()[:40]})]
            )
        return petition

    def petitioners(self, petition_id: str) -> list[Petitioner]:
        """The petitioners as the current role may see them: none where it may not see the
        petitioner; ID numbers and phones masked unless it holds ``Permission.UNMASK`` (the
        page masks them on screen all the same; printing them in full is
        :meth:`unmask_petitioners`, logged)."""
        if not self.visibility(self._load(petition_id)).petitioner:
            return []
        people = self._petitioners(petition_id)
        if allowed(self.store, Permission.UNMASK):
            return people
        return [masking.masked_petitioner(p) for p in people]

    def unmask_petitioners(self, petition_id: str) -> list[Petitioner]:
        """The petitioners with full ID numbers and phones: an explicit action, refused
        without ``Permission.UNMASK`` or the right to see the petitioner, and written to the
        audit log (``unmask``: who, which petition)."""
        require(self.store, Permission.UNMASK)
        petition = self._load(petition_id)
        if not self.visibility(petition).petitioner:
            raise AccessDenied(Permission.SEE_PETITION_CONTENT)
        detail = {"what": "petitioners", "reg_no": petition.reg_no}
        masking.log_action(self.store, "unmask", detail, table="petition", row_id=petition_id)
        return self._petitioners(petition_id)

    def _petitioners(self, petition_id: str) -> list[Petitioner]:
        rows = self.store.query(
            "SELECT * FROM petition_petitioner WHERE petition_id = ? AND deleted = 0"
            " ORDER BY is_primary DESC, rowid",
            (petition_id,),
        )
        return [from_row(Petitioner, r) for r in rows]

    def progress(self, petition_id: str) -> list[PetitionProgress]:
        """The petition's steps, oldest first (same-day steps in the order they were taken);
        the texts they carry blanked where the role may not see the content."""
        rows = self.store.query(
            "SELECT * FROM petition_progress WHERE petition_id = ? AND deleted = 0"
            " ORDER BY action_date, created_at, rowid",
            (petition_id,),
        )
        steps = [from_row(PetitionProgress, r) for r in rows]
        if steps and not self.visibility(self._load(petition_id)).content:
            steps = [masking.hide_progress(step) for step in steps]
        return steps

    # --- the list (gridapp.store.petition_list), narrowed to what the role may see -------

    def _restriction(self) -> petition_list.Restriction | None:
        if masking.sees_all_content(self.store):
            return None
        return petition_list.Restriction(self.store.user_id, masking._display_name(self.store))

    def count(self, flt: petition_list.PetitionFilter) -> int:
        return petition_list.count_petitions(self.conn, flt, self._restriction())

    def page(
        self,
        flt: petition_list.PetitionFilter,
        after: Sequence[str] | None,
        limit: int,
        sort_key: str = "reg_date",
        descending: bool = True,
    ) -> list[petition_list.PetitionRow]:
        """A page of the list (see :func:`petition_list.petition_page`); a petition whose
        content the role may not see shows no summary and no petitioner."""
        rows = petition_list.petition_page(
            self.conn, flt, after, limit, sort_key, descending, self._restriction()
        )
        return masking.hide_list_rows(self.store, rows)

    def anchors(
        self, flt: petition_list.PetitionFilter, sort_key: str, every: int, descending: bool = True
    ) -> list[tuple[Any, Any] | None]:
        return petition_list.page_anchors(
            self.conn, flt, sort_key, every, descending, self._restriction()
        )

    def position(
        self,
        flt: petition_list.PetitionFilter,
        sort_key: str,
        petition_id: str,
        descending: bool = True,
    ) -> int | None:
        return petition_list.petition_position(
            self.conn, flt, sort_key, petition_id, descending, self._restriction()
        )

    # --- numbering -------------------------------------------------------------------------

    def next_reg_no(self, year: int) -> str:
        """The next 登记编号 of this PC for ``year`` (call inside the writing transaction)."""
        prefix = self.store.device_prefix()
        head = f"{prefix}-{year}-"
        key = SEQ_META.format(prefix=prefix, year=year)
        counted = int(self.store.meta(key) or 0)
        row = self.conn.execute(
            "SELECT max(reg_no) FROM petition WHERE deleted = 0 AND reg_no >= ? AND reg_no < ?",
            (head, head + "\U0010ffff"),
        ).fetchone()
        live = row[0][len(head) :] if row and row[0] else ""
        number = max(counted, int(live) if live.isdigit() else 0) + 1
        self.store.set_meta(key, str(number))
        return f"{head}{number:0{SEQ_DIGITS}d}"

    # --- registering ---------------------------------------------------------------------

    def register(
        self, petition: Petition, petitioners: list[Petitioner], today: date | None = None
    ) -> Petition:
        """Check and save a new petition (登记) with its petitioners; returns it as saved.

        A petitioner with a ``person_id`` takes name, ID number, phone and address from the
        register. The petition's grid and area are the main petitioner's when registered,
        else this PC's work area.
        """
        petitioners = [self._linked(p) for p in petitioners]
        petition, petitioners = validated_registration(petition, petitioners, today)
        if petition.reg_no and self.by_reg_no(petition.reg_no) is not None:
            raise ValidationError(
                [FieldError("reg_no", MSG_REG_NO_EXISTS, {"number": petition.reg_no})]
            )
        petition = replace(petition, **self._place(petitioners))
        petition = replace(petition, **petition_flow.register_updates(petition, self.policy()))
        with self.store.write("register petition", table="petition", row_id=petition.id) as cap:
            if not petition.reg_no:
                petition = replace(petition, reg_no=self.next_reg_no(petition.reg_date.year))
            insert_records(cap, "petition", [petition])
            insert_records(
                cap,
                "petition_petitioner",
                [
                    replace(p, petition_id=petition.id, area_code=petition.area_code)
                    for p in petitioners
                ],
            )
            detail = {"reg_no": petition.reg_no, "channel": petition.channel}
            insert_records(
                cap,
                "petition_progress",
                [
                    PetitionProgress(
                        new_id(),
                        petition.id,
                        "register",
                        petition.reg_date,
                        self.store.user_id,
                        json.dumps(detail, ensure_ascii=False),
                        petition.area_code,
                    )
                ],
            )
        return petition

    # --- the workflow --------------------------------------------------------------------

    def advance(
        self,
        petition_id: str,
        action: str,
        values: dict[str, Any],
        *,
        on: date,
        role: str | None = None,
    ) -> Petition:
        """Take one workflow step (see :mod:`gridapp.models.petition_flow`) as one user
        action: the petition's changed fields (old and new values in the outbox) and an
        appended progress entry. A step the rules refuse raises :class:`ValidationError`
        and changes nothing."""
        current = self._load(petition_id)
        acting = self.role()
        if role and role != acting and getattr(self.store, "session", None) is not None:
            # Logged in, one acts in one's own role (no --role of another's).
            label = petition_flow.role_label(acting) if acting else acting
            raise ValidationError([FieldError("role", MSG_OWN_ROLE, {"role": label})])
        step = petition_flow.advance(
            current,
            action,
            values,
            actor=self.store.user_id,
            role=role or acting,
            on=on,
            policy=self.policy(),
        )
        detail = {"reg_no": current.reg_no, "status": step.status, **step.detail}
        with self.store.write(
            f"petition step {action}", detail, table="petition", row_id=current.id
        ) as cap:
            update_record(cap, "petition", current, {"status": step.status, **step.updates})
            entry = PetitionProgress(
                new_id(),
                current.id,
                action,
                on,
                self.store.user_id,
                json.dumps(step.detail, ensure_ascii=False, default=str),
                current.area_code,
            )
            insert_records(cap, "petition_progress", [entry])
        return self.get(petition_id)

    # --- correcting the registration ------------------------------------------------------

    def correct(
        self, petition_id: str, values: dict[str, Any], *, on: date, reason: str
    ) -> Petition:
        """更正登记信息: change registration fields (:data:`CORRECTABLE`) of a petition that is
        not done, as one user action: the changed fields (old and new values in the outbox)
        and a progress entry ``correct`` whose detail holds each changed field as
        ``{"old": …, "new": …}`` and the ``reason``. Values are checked by the registration's
        field specs and cross-field rules; every problem raises :class:`ValidationError`
        and nothing changes — also when nothing would change."""
        current = self._load(petition_id)
        if not self.visibility(current).content:
            raise AccessDenied(Permission.SEE_PETITION_CONTENT)
        if current.status in petition_flow.DONE_STATUSES:
            status = petition_flow.status_label(current.status)
            raise ValidationError([FieldError("status", MSG_CORRECT_DONE, {"status": status})])
        errors: list[FieldError] = []
        given: dict[str, Any] = {}
        for name, raw in values.items():
            if name in CORRECTABLE:
                given[name] = raw
            elif name in PETITION_FIELDS:
                label = translate("Fields", PETITION_FIELDS[name].label)
                errors.append(FieldError(name, MSG_NOT_CORRECTABLE, {"field": label}))
            else:
                errors.append(FieldError(name, MSG_UNKNOWN_FIELD, {"field": name[:40]}))
        specs = {name: PETITION_FIELDS[name] for name in CORRECTABLE}
        try:
            cleaned = clean_fields(specs, given, on)
        except ValidationError as exc:
            errors.extend(exc.errors)
            cleaned = {}
        why = ""
        if not str(reason or "").strip():
            errors.append(FieldError("reason", MSG_CORRECT_REASON))
        else:
            try:
                why = clean_value(CORRECTION_REASON, reason, on)
            except ValidationError as exc:
                errors.extend(exc.errors)
        if cleaned.get("is_repeat") is False:
            cleaned.setdefault("repeat_count", 0)  # no count without a repeat petition
        merged = replace(current, **cleaned)
        if not errors:
            whole = {name: getattr(merged, name) for name in CORRECTABLE}
            errors.extend(group_errors(merged, whole, self._petitioners(petition_id)))
            if merged.accused_ids and merged.kind != petition_flow.ACCUSATION_KIND:
                errors.append(FieldError("kind", MSG_ACCUSED_KIND))
        changed = {
            name: {"old": getattr(current, name), "new": value}
            for name, value in cleaned.items()
            if getattr(current, name) != value
        }
        if not errors and not changed:
            errors.append(FieldError("values", MSG_NOTHING_CHANGED))
        if errors:
            raise ValidationError(errors)
        detail: dict[str, Any] = {**changed, "reason": why}
        audit = {"reg_no": current.reg_no, "fields": sorted(changed), "reason": why}
        with self.store.write(
            "petition correct", audit, table="petition", row_id=current.id
        ) as cap:
            update_record(cap, "petition", current, {k: v["new"] for k, v in changed.items()})
            entry = PetitionProgress(
                new_id(),
                current.id,
                petition_flow.CORRECT,
                on,
                self.store.user_id,
                json.dumps(detail, ensure_ascii=False, default=str),
                current.area_code,
            )
            insert_records(cap, "petition_progress", [entry])
        return self.get(petition_id)

    def _linked(self, petitioner: Petitioner) -> Petitioner:
        """A petitioner linked to a registered person carries that person's details."""
        if not petitioner.person_id:
            return petitioner
        repo = HouseholdRepository(self.store)
        try:
            person = repo.get_person(petitioner.person_id)
        except NotFoundError:
            raise ValidationError([FieldError("petitioners", MSG_NO_SUCH_PERSON)]) from None
        address = petitioner.address
        if not address and person.household_id:
            address = repo.get_household(person.household_id).address
        return replace(
            petitioner,
            name=person.name,
            id_number=person.id_number,
            phone=petitioner.phone or person.phone,
            address=address,
        )

    def _place(self, petitioners: list[Petitioner]) -> dict[str, Any]:
        """grid_code and area_code of a new petition (see :meth:`register`)."""
        primary = next((p for p in petitioners if p.is_primary), None)
        if primary is not None and primary.person_id:
            person = HouseholdRepository(self.store).get_person(primary.person_id)
            return {"grid_code": person.grid_code, "area_code": person.area_code}
        scope = load_scope(self.store)
        if scope is None:
            return {}
        return {"grid_code": scope.grid_code, "area_code": scope.village_code}
