"""党员双报到 in the store: in-service party members, their 报到 and 注销, unit party
organisations with their 回执, and the community's 双报到 settings.

Every user action is one ``Store.write``: new rows through ``insert_records``, changed rows
through ``update_record`` (old and new values in the outbox, never a silent overwrite). A
report row is never rewritten: 注销 sets its status, date and reason; the member's history is
every report row, oldest first. The rules live in :mod:`gridapp.models.party_register`;
a refusal raises :class:`ValidationError` and changes nothing. See docs/party.md.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, translate
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import MSG_UNKNOWN_FIELD
from gridapp.models.household import Person
from gridapp.models.idnumber import mask_id_number, mask_phone, normalize_id_text, parse_id_number
from gridapp.models.party import PartyMember, PartyOrg, PartyReport
from gridapp.models.party_register import (
    ACTIVE,
    FROM_REGISTER,
    MEMBER_FIELDS,
    check_cancel,
    check_receipt,
    check_report,
    validated_member,
    validated_org,
)
from gridapp.models.party_rules import PartySettings, Period, PeriodKind, Totals, totals
from gridapp.store.bulk import insert_records, update_record
from gridapp.store.db import Store
from gridapp.store.errors import NotFoundError
from gridapp.store.households import HouseholdRepository, new_id
from gridapp.store.party_service import ServiceRepository
from gridapp.store.rows import from_row
from gridapp.store.scope import load_scope

SETTINGS_META = "party_settings"  # PartySettings.settings() as JSON (a community setting)
LIVING = "1"  # person.status 正常: the person lives here
DECEASED = "3"  # person.status 死亡
NONE = Totals()

MSG_MEMBER_EXISTS = QT_TRANSLATE_NOOP(
    "Messages", "A party member with ID number {number} is already registered: {name}."
)
MSG_NO_SUCH_MEMBER = QT_TRANSLATE_NOOP("Messages", "No party member with ID number {number}.")
MSG_DECEASED = QT_TRANSLATE_NOOP(
    "Messages", "The household register records the person with this ID number as deceased."
)
MSG_NAME_MISMATCH = QT_TRANSLATE_NOOP(
    "Messages", "In the household register this ID number belongs to {name}, not to {typed}."
)
MSG_NO_SUCH_PERSON = QT_TRANSLATE_NOOP(
    "Messages", "The linked person is not in the household register (it may have been deleted)."
)
MSG_FROM_REGISTER = QT_TRANSLATE_NOOP(
    "Messages", "“{field}” is taken from the household register: correct it there."
)
MSG_ID_FIXED = QT_TRANSLATE_NOOP(
    "Messages", "The ID number identifies the member and cannot be changed."
)
MSG_NOTHING_CHANGED = QT_TRANSLATE_NOOP(
    "Messages", "Nothing to change: the values are those already recorded."
)
MSG_ORG_EXISTS = QT_TRANSLATE_NOOP(
    "Messages", "“{name}” has already reported on {date}: an organisation cannot report twice."
)
MSG_ORG_AFTER_CANCEL = QT_TRANSLATE_NOOP(
    "Messages", "“{name}”'s report was cancelled (注销) on {date}: it cannot report again."
)
MSG_NO_SUCH_ORG = QT_TRANSLATE_NOOP("Messages", "No unit party organisation “{name}”.")


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, dict(params))])


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


class PartyRepository:
    """Reads and writes the 双报到 register of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # --- settings ------------------------------------------------------------------------

    def settings(self) -> PartySettings:
        """The community's settings (meta ``party_settings``); defaults when none are kept
        or the kept ones cannot be read."""
        raw = self.store.meta(SETTINGS_META)
        try:
            values = json.loads(raw) if raw else {}
            return PartySettings.from_settings(values if isinstance(values, dict) else {})
        except ValueError:  # also ValidationError: a value out of range
            return PartySettings()

    def set_settings(self, settings: PartySettings) -> None:
        with self.store.transaction():
            self.store.set_meta(SETTINGS_META, json.dumps(settings.settings()))

    # --- members -------------------------------------------------------------------------

    def get_member(self, member_id: str) -> PartyMember:
        rows = self.store.query(
            "SELECT * FROM party_member WHERE id = ? AND deleted = 0", (member_id,)
        )
        if not rows:
            raise NotFoundError(what=member_id)
        return from_row(PartyMember, rows[0])

    def member_by_id_number(self, id_number: str) -> PartyMember | None:
        """The member with this ID number (as typed: spaces, full width, a 15-digit number)."""
        try:
            number = parse_id_number(id_number).number
        except ValidationError:
            number = normalize_id_text(id_number)
        rows = self.store.query(
            "SELECT * FROM party_member WHERE id_number = ? AND deleted = 0", (number,)
        )
        return from_row(PartyMember, rows[0]) if rows else None

    def require_member(self, id_number: str) -> PartyMember:
        """The member with ``id_number``, or a :class:`ValidationError` saying there is none."""
        member = self.member_by_id_number(id_number)
        if member is None:
            raise _fail("id_number", MSG_NO_SUCH_MEMBER, number=id_number.strip()[:40])
        return member

    def members(self) -> list[PartyMember]:
        """Every member, by name then ID number."""
        rows = self.store.query(
            "SELECT * FROM party_member WHERE deleted = 0 ORDER BY name, id_number"
        )
        return [from_row(PartyMember, r) for r in rows]

    def add_member(self, member: PartyMember, today: date | None = None) -> PartyMember:
        """Check and save a new in-service party member; returns the member as saved.

        A member whose ID number belongs to a person living here (in the register, status
        正常) is linked to that person: name, sex and birth date come from the register, and
        phone, address, education and grid too unless typed. Anyone else is typed in, every
        field checked. An ID number registered before, a deceased person, or a typed name
        that is not the register's is refused.
        """
        try:
            number = parse_id_number(member.id_number, today=today).number
        except ValidationError:
            number = ""  # validated_member names the problem with every other one
        errors: list[FieldError] = []
        if number:
            existing = self.member_by_id_number(number)
            if existing is not None:
                errors.append(
                    FieldError(
                        "id_number", MSG_MEMBER_EXISTS, {"number": number, "name": existing.name}
                    )
                )
            member = replace(member, id_number=number)
        person = self._person_of(member, errors)
        member = self._linked(member, person, errors) if person else self._typed(member)
        try:
            member = validated_member(member, today)
        except ValidationError as exc:
            errors.extend(exc.errors)
        if errors:
            raise ValidationError(errors)
        detail = {"member": member.name, "linked": member.person_id is not None}
        with self.store.write(
            "add party member", detail, table="party_member", row_id=member.id
        ) as cap:
            insert_records(cap, "party_member", [member])
        return self.get_member(member.id)

    def _person_of(self, member: PartyMember, errors: list[FieldError]) -> Person | None:
        """The registered person a new member is linked to (None: typed in)."""
        people = HouseholdRepository(self.store)
        person: Person | None = None
        if member.person_id:
            try:
                person = people.get_person(member.person_id)
            except NotFoundError:
                errors.append(FieldError("person_id", MSG_NO_SUCH_PERSON))
                return None
        elif member.id_number:
            person = people.person_by_id_number(member.id_number)
        else:
            return None
        if person is None:
            return None
        if person.status == DECEASED:
            errors.append(FieldError("id_number", MSG_DECEASED))
            return None
        return person if person.status == LIVING else None  # moved away: typed in

    def _linked(self, member: PartyMember, person: Person, errors: list[FieldError]) -> PartyMember:
        typed = str(member.name or "").strip()
        if typed and typed != person.name:
            errors.append(
                FieldError("name", MSG_NAME_MISMATCH, {"name": person.name, "typed": typed[:50]})
            )
        address = str(member.address or "").strip() or person.cur_address
        if not address and person.household_id:
            address = HouseholdRepository(self.store).get_household(person.household_id).address
        return replace(
            member,
            person_id=person.id,
            id_number=person.id_number,
            name=person.name,
            sex=member.sex or person.sex,
            birth_date=member.birth_date or person.birth_date,
            phone=member.phone or person.phone,
            address=address,
            education=member.education or person.education,
            grid_code=member.grid_code or person.grid_code,
            area_code=person.area_code,
        )

    def _typed(self, member: PartyMember) -> PartyMember:
        """A member who does not live here: this PC's village decides where the row syncs."""
        scope = load_scope(self.store)
        area = member.area_code or (scope.village_code if scope else "")
        return replace(member, person_id=None, area_code=area)

    def update_member(
        self, member_id: str, values: dict[str, Any], today: date | None = None
    ) -> PartyMember:
        """Change a member's fields (work unit, party organisation, joined date, membership,
        skills, contact …) as one user action, old and new values in the outbox. The ID
        number never changes; a linked member's name, sex and birth date are the register's.
        Every problem raises :class:`ValidationError` and nothing changes — also when
        nothing would change."""
        current = self.get_member(member_id)
        errors: list[FieldError] = []
        given: dict[str, Any] = {}
        for name, raw in values.items():
            if name == "id_number":
                errors.append(FieldError(name, MSG_ID_FIXED))
            elif name not in MEMBER_FIELDS:
                errors.append(FieldError(name, MSG_UNKNOWN_FIELD, {"field": name[:40]}))
            elif current.person_id and name in FROM_REGISTER:
                label = translate("Fields", MEMBER_FIELDS[name].label)
                errors.append(FieldError(name, MSG_FROM_REGISTER, {"field": label}))
            else:
                given[name] = raw
        checked = current
        try:
            checked = validated_member(replace(current, **given), today)
        except ValidationError as exc:
            errors.extend(exc.errors)
        changed = {
            name: getattr(checked, name)
            for name in given
            if getattr(checked, name) != getattr(current, name)
        }
        if not errors and not changed:
            errors.append(FieldError("values", MSG_NOTHING_CHANGED))
        if errors:
            raise ValidationError(errors)
        detail = {"member": current.name, "fields": sorted(changed)}
        with self.store.write(
            "update party member", detail, table="party_member", row_id=current.id
        ) as cap:
            update_record(cap, "party_member", current, changed)
        return self.get_member(member_id)

    # --- 报到 and 注销 ----------------------------------------------------------------------

    def reports(self, member_id: str) -> list[PartyReport]:
        """The member's reports, oldest first: the history, 注销 included."""
        rows = self.store.query(
            "SELECT * FROM party_report WHERE member_id = ? AND deleted = 0"
            " ORDER BY report_date, created_at, rowid",
            (member_id,),
        )
        return [from_row(PartyReport, r) for r in rows]

    def current_report(self, member_id: str) -> PartyReport | None:
        """The member's report in force (not 注销), if any."""
        active = [r for r in self.reports(member_id) if r.status == ACTIVE]
        return active[-1] if active else None

    def report(
        self,
        member_id: str,
        report_date: Any,
        *,
        community_code: str = "",
        grid_code: str = "",
        channel: str = "offline",
        today: date | None = None,
    ) -> PartyReport:
        """报到: the member reports to a community (default: the village the member lives in,
        else this PC's) and is assigned to a grid (default: the member's grid when it lies in
        that community). Refused: a second report, a report after 注销, a date in the future
        or before the member joined, a grid of another community. The member's assigned grid
        follows the report (old and new value in the outbox)."""
        member = self.get_member(member_id)
        scope = load_scope(self.store)
        community = str(community_code or "").strip()
        if not community:
            community = member.area_code or (scope.village_code if scope else "")
        grid = str(grid_code or "").strip()
        if not grid and member.grid_code.split("-", 1)[0] == community:
            grid = member.grid_code
        draft = PartyReport(
            id=new_id(),
            member_id=member.id,
            report_date=report_date,
            community_code=community,
            grid_code=grid,
            channel=channel,
            area_code=community,
        )
        saved = check_report(member, self.reports(member.id), draft, today)
        saved = replace(saved, area_code=saved.community_code)
        updates: dict[str, Any] = {}
        if saved.grid_code and saved.grid_code != member.grid_code:
            updates["grid_code"] = saved.grid_code
        if not member.area_code:
            updates["area_code"] = saved.community_code
        detail = {"member": member.name, "date": _iso(saved.report_date), "grid": saved.grid_code}
        with self.store.write(
            "party member report", detail, table="party_report", row_id=saved.id
        ) as cap:
            insert_records(cap, "party_report", [saved])
            if updates:
                update_record(cap, "party_member", member, updates)
        return saved

    def cancel_report(
        self, member_id: str, cancel_date: Any, reason: Any, today: date | None = None
    ) -> PartyReport:
        """注销 the member's current report with a date (not in the future, not before the
        report) and a reason; the report row keeps its history (status ``cancelled``, old and
        new values in the outbox). After it the member cannot report again."""
        member = self.get_member(member_id)
        current = self.current_report(member.id)
        values = check_cancel(
            member.name,
            current.report_date if current else None,
            current.status if current else "",
            cancel_date,
            reason,
            today,
        )
        assert current is not None  # check_cancel refuses a member without a current report
        detail = {"member": member.name, "date": _iso(values["cancel_date"])}
        with self.store.write(
            "party member cancel report", detail, table="party_report", row_id=current.id
        ) as cap:
            update_record(cap, "party_report", current, values)
        return self._report(current.id)

    def _report(self, report_id: str) -> PartyReport:
        rows = self.store.query("SELECT * FROM party_report WHERE id = ?", (report_id,))
        return from_row(PartyReport, rows[0])

    # --- unit party organisations (党组织报到) ----------------------------------------------

    def get_org(self, org_id: str) -> PartyOrg:
        rows = self.store.query("SELECT * FROM party_org WHERE id = ? AND deleted = 0", (org_id,))
        if not rows:
            raise NotFoundError(what=org_id)
        return from_row(PartyOrg, rows[0])

    def orgs(self) -> list[PartyOrg]:
        """Every unit organisation's report, by name then report date."""
        rows = self.store.query(
            "SELECT * FROM party_org WHERE deleted = 0 ORDER BY name, report_date, rowid"
        )
        return [from_row(PartyOrg, r) for r in rows]

    def require_org(self, key: str) -> PartyOrg:
        """The organisation with this id or name (the one in force when a name reported
        again), or a :class:`ValidationError` saying there is none."""
        key = str(key or "").strip()
        found = [o for o in self.orgs() if key in (o.id, o.name)]
        if not found:
            raise _fail("org", MSG_NO_SUCH_ORG, name=key[:100])
        active = [o for o in found if o.status == ACTIVE]
        return (active or found)[-1]

    def add_org(self, org: PartyOrg, today: date | None = None) -> PartyOrg:
        """党组织报到: check and save a unit party organisation's report (contact, date …).
        The same organisation (by name) reports once, and not again after 注销."""
        errors: list[FieldError] = []
        try:
            org = validated_org(org, today)
        except ValidationError as exc:
            errors.extend(exc.errors)
        name = str(org.name or "").strip()
        for other in self.orgs():
            if other.name != name:
                continue
            if other.status == ACTIVE:
                errors.append(
                    FieldError(
                        "name", MSG_ORG_EXISTS, {"name": name, "date": _iso(other.report_date)}
                    )
                )
            else:
                errors.append(
                    FieldError(
                        "name",
                        MSG_ORG_AFTER_CANCEL,
                        {"name": name, "date": _iso(other.cancel_date)},
                    )
                )
            break
        if errors:
            raise ValidationError(errors)
        scope = load_scope(self.store)
        if not org.area_code:
            village = org.grid_code.split("-", 1)[0] if org.grid_code else ""
            org = replace(org, area_code=village or (scope.village_code if scope else ""))
        with self.store.write(
            "party org report", {"org": org.name}, table="party_org", row_id=org.id
        ) as cap:
            insert_records(cap, "party_org", [org])
        return self.get_org(org.id)

    def sign_receipt(
        self, org_id: str, receipt_date: Any, signer: Any, today: date | None = None
    ) -> PartyOrg:
        """回执: the community countersigns the organisation's 报到单 (date and signer), once."""
        org = self.get_org(org_id)
        values = check_receipt(org, receipt_date, signer, today)
        detail = {"org": org.name, "date": _iso(values["receipt_date"])}
        with self.store.write("party org receipt", detail, table="party_org", row_id=org.id) as cap:
            update_record(cap, "party_org", org, values)
        return self.get_org(org_id)

    def cancel_org(
        self, org_id: str, cancel_date: Any, reason: Any, today: date | None = None
    ) -> PartyOrg:
        """注销 an organisation's report with a date and a reason (status ``cancelled``)."""
        org = self.get_org(org_id)
        values = check_cancel(org.name, org.report_date, org.status, cancel_date, reason, today)
        detail = {"org": org.name, "date": _iso(values["cancel_date"])}
        with self.store.write("party org cancel", detail, table="party_org", row_id=org.id) as cap:
            update_record(cap, "party_org", org, values)
        return self.get_org(org_id)

    # --- the roster and hours --------------------------------------------------------------

    def roster(self, year: int) -> list[dict[str, Any]]:
        """在职党员名册: every member with the report in force (else the latest) and the
        year's activity count, hours and points. A list: ID number and phone masked (issue
        #8); ``member_id`` names the member."""
        items = ServiceRepository(self.store).participation_items(
            date(year, 1, 1), date(year, 12, 31)
        )
        year_totals = totals(items, Period(PeriodKind.YEAR, year))
        latest = self._latest_reports()
        rows = []
        for member in self.members():
            report = latest.get(member.id)
            rows.append(
                {
                    "member_id": member.id,
                    "id_number": mask_id_number(member.id_number) if member.id_number else "",
                    "name": member.name,
                    "sex": member.sex,
                    "membership": member.membership,
                    "work_unit": member.work_unit,
                    "party_org": member.party_org,
                    "phone": mask_phone(member.phone) if member.phone else "",
                    "grid_code": member.grid_code,
                    "linked": member.person_id is not None,
                    "report_status": report.status if report else "",
                    "report_date": _iso(report.report_date) if report else "",
                    "cancel_date": _iso(report.cancel_date) if report else "",
                    "year": year,
                    "activities": year_totals.get(member.id, NONE).activities,
                    "hours": year_totals.get(member.id, NONE).hours,
                    "points": year_totals.get(member.id, NONE).points,
                }
            )
        return rows

    def _latest_reports(self) -> dict[str, PartyReport]:
        """Per member: the report in force, else the latest (by date)."""
        rows = self.store.query(
            "SELECT * FROM party_report WHERE deleted = 0 ORDER BY report_date, created_at, rowid"
        )
        latest: dict[str, PartyReport] = {}
        for row in rows:
            report = from_row(PartyReport, row)
            held = latest.get(report.member_id)
            if held is None or held.status != ACTIVE or report.status == ACTIVE:
                latest[report.member_id] = report
        return latest
