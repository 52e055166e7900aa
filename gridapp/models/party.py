"""党员双报到: in-service party members reporting to the community where they live, unit
party organisations, service posts and projects, activities with hours, and the periodic
feedback to each member's work unit. Rules (no double report, none after 注销, hours and
points) arrive with issue #5; these are the records they work on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class PartyMember:
    id: str
    id_number: str
    name: str
    person_id: str | None = None  # the Person in the register, when the member lives here
    sex: str = ""
    birth_date: date | None = None
    education: str = ""
    phone: str = ""
    address: str = ""
    work_unit: str = ""
    party_org: str = ""  # the work unit's party organisation (所在党支部)
    joined_date: date | None = None
    membership: str = "full"  # party_membership: full 正式 / probationary 预备
    skills: str = ""
    grid_code: str = ""
    note: str = ""
    area_code: str = ""
    version: int = 0


@dataclass
class PartyReport:
    """报到: a member reporting to a community; 注销 ends it with a date and reason."""

    id: str
    member_id: str
    report_date: date
    community_code: str
    grid_code: str = ""
    channel: str = "offline"  # report_channel
    status: str = "active"  # active | cancelled
    cancel_date: date | None = None
    cancel_reason: str = ""
    area_code: str = ""
    version: int = 0


@dataclass
class PartyOrg:
    """党组织报到: a unit party organisation reporting to the community (with its 回执)."""

    id: str
    name: str
    org_type: str = ""
    contact: str = ""
    phone: str = ""
    address: str = ""
    report_date: date | None = None
    status: str = "active"
    cancel_date: date | None = None
    cancel_reason: str = ""
    receipt_date: date | None = None
    receipt_signer: str = ""  # who countersigned the 回执 for the community (schema 11)
    grid_code: str = ""
    note: str = ""
    area_code: str = ""
    version: int = 0


@dataclass
class ServicePost:
    """A service post (岗位) or project (项目) that members or units claim."""

    id: str
    name: str
    category: str  # party_post_category
    kind: str = "post"  # post | project
    planned: int = 1
    skills_required: str = ""
    contact: str = ""
    phone: str = ""
    grid_code: str = ""
    note: str = ""
    area_code: str = ""
    version: int = 0


@dataclass
class PostClaim:
    """认领: a member (or a unit organisation) claims a post; many-to-many."""

    id: str
    post_id: str
    claim_date: date
    member_id: str | None = None
    org_id: str | None = None
    status: str = "active"
    area_code: str = ""
    version: int = 0


@dataclass
class PartyActivity:
    id: str
    theme: str
    activity_date: date
    place: str = ""
    organiser: str = ""
    post_id: str | None = None
    grid_code: str = ""
    note: str = ""
    area_code: str = ""
    version: int = 0


@dataclass
class ActivityParticipation:
    """One member's part in an activity: hours, what they did, residents' evaluation, points."""

    id: str
    activity_id: str
    member_id: str
    hours: float = 0.0
    content: str = ""
    evaluation: str = ""
    points: float = 0.0
    area_code: str = ""
    version: int = 0


@dataclass
class PartyFeedback:
    """The community's feedback to a member's work unit for one period (e.g. ``2026Q3``)."""

    id: str
    member_id: str
    period: str
    activities: int = 0
    hours: float = 0.0
    points: float = 0.0
    rating: str = ""  # feedback_rating
    opinion: str = ""
    signer: str = ""
    signed_date: date | None = None
    area_code: str = ""
    version: int = 0
