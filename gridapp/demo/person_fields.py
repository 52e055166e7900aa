"""The fields of a demo person: ID number, education, work, political status, phone and
where they are registered and actually live.

Education follows the birth cohort (most people born before 1950 had little schooling); work
follows age, sex, schooling and whether the household is urban, rural or migrant (farming in
the villages, retirement at 60/55 in town, many young adults working away in 宁波 or 东莞 and
living there); party members are more common among cadres, teachers and the college-educated.
:meth:`PersonFiller.person` turns a :class:`~gridapp.demo.family.Member` whose family and
identity are settled into a :class:`~gridapp.demo.records.DemoPerson`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from gridapp.demo.family import Member
from gridapp.demo.naming import Weighted, pick
from gridapp.demo.numbers import IdNumbers, Phones
from gridapp.demo.places import place_words, township_stem
from gridapp.demo.records import DemoPerson, people_words

_EDUCATION_19_21 = Weighted.of({"70": 45, "60": 30, "40": 25})
_EDUCATION_CODES = ["10", "20", "30", "40", "60", "70", "80", "90"]
_EDUCATION_BY_COHORT = [  # last birth year, weights in the order of _EDUCATION_CODES
    (until, Weighted(_EDUCATION_CODES, [float(w) for w in weights]))
    for until, weights in (
        (1949, [0, 0.3, 0.7, 1, 5, 18, 45, 30]),
        (1964, [0, 1.5, 2.5, 3, 13, 35, 35, 10]),
        (1979, [0.2, 3.8, 6, 7, 15, 45, 20, 3]),
        (1989, [1, 10, 13, 13, 14, 42, 7, 0]),
        (1999, [2, 17, 20, 16, 14, 28, 3, 0]),
        (9999, [2, 24, 24, 16, 14, 20, 0, 0]),
    )
]
_COLLEGE = frozenset({"10", "20", "30"})


@dataclass(frozen=True)
class _Job:
    kind: str
    rural: float
    urban: float
    needs_college: bool
    female_only: bool
    occupations: tuple[str, ...]
    workplaces: tuple[str, ...]


@dataclass(slots=True)
class Residence:
    """Where a household lives, with the words used to fill in workplaces and addresses."""

    township: str
    village: str
    area_code: str
    grid_code: str
    address: str  # household address: 石泉村3组15号
    full_address: str  # with county and township: 江西省武宁县宋溪镇石泉村3组15号
    urban: bool


class PersonFiller:
    """Fills in the fields of one person after another, drawing from the generator's one
    random generator; hands out distinct ID numbers and phone numbers across all of them."""

    def __init__(self, rng: random.Random, as_of: date) -> None:
        self.rng = rng
        words = people_words()
        places = place_words()
        self.county_code: str = places["county"]["code"]
        self.ids = IdNumbers(as_of)
        self.phones = Phones(rng, words["mobile_prefixes"].split())
        self.jobs = [
            _Job(
                j["kind"],
                float(j["rural"]),
                float(j["urban"]),
                bool(j.get("needs_college", False)),
                bool(j.get("female_only", False)),
                tuple(j["occupations"].split()),
                tuple(j["workplaces"]),
            )
            for j in words["jobs"]
        ]
        self._job_tables: dict[tuple[bool, bool, bool, bool], Weighted[_Job]] = {}
        self.company_words: list[str] = words["company_words"].split()
        self.industries: list[str] = words["industries"].split()
        self.notes: list[str] = words["notes"]
        self.destinations: list[dict[str, str]] = places["destinations"]
        self.destination_streets: list[str] = places["destination_streets"].split()
        self.schools: dict[str, list[str]] = places["schools"]
        self.village_first: list[str] = places["village_first"].split()
        self.village_second: list[str] = places["village_second"].split()

    def person(
        self, m: Member, place: Residence, home: tuple[str, str] | None, home_address: str
    ) -> DemoPerson:
        """The person ``m`` of a household living at ``place``; ``home`` is the migrants' home
        county (code, name) and ``home_address`` their address there, or None and ""."""
        rng = self.rng
        id_number, birth = self.ids.issue(m.origin[0], m.birth, m.male)
        birth_date = date.fromordinal(birth)
        age = m.age
        in_college = 18 <= age <= 22 and rng.random() < 0.4
        education = self._education(age, birth_date.year, in_college)
        occupation, workplace, job, destination = self._work(
            m, education, in_college, place, home is not None
        )
        if m.status == "3":
            destination = None
        if home:
            reg_code, reg_address = home[0], home_address
        else:
            reg_code, reg_address = self.county_code, place.full_address
        if destination:
            cur_code = destination["code"]
            street = pick(rng, self.destination_streets)
            cur_address = f"{destination['name']}{street}{rng.randint(1, 399)}号"
        else:
            cur_code, cur_address = self.county_code, place.full_address
        fields: dict[str, object] = {
            "id_number": id_number,
            "name": m.name,
            "sex": "1" if m.male else "2",
            "birth_date": birth_date,
            "former_name": m.former_name,
            "ethnicity": m.ethnicity,
            "native_place": m.native,
            "marital": m.marital,
            "political": self._political(age, m.male, education, job),
            "education": education,
            "occupation": occupation,
            "workplace": workplace,
            "phone": self._phone(age, m.status),
            "reg_area_code": reg_code,
            "reg_address": reg_address,
            "cur_area_code": cur_code,
            "cur_address": cur_address,
            "resident_match": "02" if home or destination else "01",
            "relation": m.relation,
            "population_type": "2" if home else "1",
            "status": m.status,
            "status_date": m.status_date,
            "verified": m.status != "1" or rng.random() < 0.85,
            "note": pick(rng, self.notes) if rng.random() < 0.03 else "",
            "area_code": place.area_code,
            "grid_code": place.grid_code,
        }
        return DemoPerson(fields)

    def home_address(self, home: tuple[str, str]) -> str:
        """A fictional address in a migrant's home county."""
        rng = self.rng
        town = pick(rng, self.village_first) + pick(rng, self.village_second)
        village = pick(rng, self.village_first) + pick(rng, self.village_second)
        return f"{home[1]}{town}镇{village}村{rng.randint(1, 12)}组{rng.randint(1, 80)}号"

    # --- what they do --------------------------------------------------------------------

    def _education(self, age: int, year: int, in_college: bool) -> str:
        rng = self.rng
        if in_college:
            return "60"  # highest completed: senior high school
        if age < 6:
            return "90"  # no code for pre-school children; 90 其他 is what registers use
        if age < 13:
            return "80"
        if age < 19:
            return "70"
        if age < 22:
            return _EDUCATION_19_21.draw(rng)
        for until, table in _EDUCATION_BY_COHORT:
            if year <= until:
                code = table.draw(rng)
                return "20" if code == "10" and age < 24 else code
        return "70"

    def _job_table(self, urban: bool, female: bool, college: bool, migrant: bool) -> Weighted[_Job]:
        key = (urban, female, college, migrant)
        table = self._job_tables.get(key)
        if table is None:
            jobs = [
                j
                for j in self.jobs
                if (college or not j.needs_college)
                and (female or not j.female_only)
                and not (migrant and j.kind in ("away", "farm", "cadre"))
            ]
            weights = [j.urban if urban or migrant else j.rural for j in jobs]
            table = self._job_tables[key] = Weighted(jobs, weights)
        return table

    def _work(
        self, m: Member, education: str, in_college: bool, place: Residence, migrant: bool
    ) -> tuple[str, str, str, dict[str, str] | None]:
        """(occupation, workplace, job kind, destination when working away)."""
        rng = self.rng
        age = m.age
        if age < 6:
            return "学龄前儿童", "", "child", None
        if age < 16 or (age < 18 and rng.random() < 0.85) or in_college:
            if in_college:
                school = pick(rng, self.schools["college"])
            else:
                level = "primary" if age < 12 else "middle" if age < 15 else "high"
                school = pick(rng, self.schools[level]).format(township=place.township)
            return "学生", school, "student", None
        retire = (60 if m.male else 55) if place.urban or migrant else 65
        if age >= retire:
            if place.urban or migrant:
                if rng.random() < 0.7:
                    return "退休人员", "", "retired", None
                return "无业", "", "none", None
            farming = 0.6 if age < 75 else 0.15
            return (
                ("务农", "", "farm", None) if rng.random() < farming else ("无", "", "none", None)
            )
        job = self._job_table(place.urban, not m.male, education in _COLLEGE, migrant).draw(rng)
        destination = pick(rng, self.destinations) if job.kind == "away" else None
        template = pick(rng, job.workplaces)
        workplace = ""
        if "{" in template:
            workplace = template.format(
                township=place.township,
                township_stem=township_stem(place.township),
                committee=place.village + ("居民委员会" if place.urban else "村民委员会"),
                surname=m.surname or m.own,  # 买买提 runs 买买提记小吃店
                short=destination["short"] if destination else "",
                word=pick(rng, self.company_words) if "{word}" in template else "",
                industry=pick(rng, self.industries) if "{industry}" in template else "",
            )
        else:
            workplace = template
        return pick(rng, job.occupations), workplace, job.kind, destination

    def _political(self, age: int, male: bool, education: str, job: str) -> str:
        rng = self.rng
        if age < 14:
            return "13"
        if age >= 18:
            p = 0.025 + (0.025 if male else 0) + (0.025 if age >= 50 else 0)
            p += 0.1 if education in ("10", "20") else 0.04 if education == "30" else 0
            p += {"civil": 0.35, "teacher": 0.2, "medical": 0.1, "cadre": 0.6}.get(job, 0)
            r = rng.random()
            if r < p:
                return "01"
            if age <= 40 and r < p + 0.004:
                return "02"
        if age <= 28 and rng.random() < (0.5 if job == "student" else 0.25):
            return "03"
        if education in _COLLEGE and age >= 30:
            r = rng.random()
            if r < 0.005:
                return pick(rng, ("04", "05", "06", "07", "08", "09", "10", "11"))
            if r < 0.006:
                return "12"
        return "13"

    def _phone(self, age: int, status: str) -> str:
        rng = self.rng
        if status == "3":
            return ""
        if age >= 18:
            none = 0.45 if age >= 75 else 0.15 if age >= 60 else 0.02
            return "" if rng.random() < none else self.phones.take()
        if age >= 14 and rng.random() < 0.3:
            return self.phones.take()
        return ""


__all__ = ["PersonFiller", "Residence"]
