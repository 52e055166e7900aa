"""The county server's core: enrolment, devices, push and pull (``docs/sync-protocol.md``).

Plain functions over a SQLAlchemy :class:`~sqlalchemy.Engine`; each opens its own
transaction (a push batch is exactly one). The code lives in modules along its seams —
:mod:`.common` (limits, errors, times, transactions, the change feed), :mod:`.places`
(``init``), :mod:`.devices` (enrolment, authentication, revocation, hello),
:mod:`.mutations` (checking one mutation), :mod:`.push`, :mod:`.conflicts` and :mod:`.pull`
— and this module names them all, so ``core.push``, ``core.AuthError`` … keep working.
The HTTP layer maps the exceptions to status codes: :class:`AuthError` 401,
:class:`ForbiddenError` 403, :class:`LimitError` 413/422, :class:`RequestError` 422,
:class:`EnrolmentError` 400/401, :class:`UpgradeError` 426, :class:`RateLimitError` 429.
"""

from __future__ import annotations

from gridapp.server.common import (
    _AREA as _AREA,
)
from gridapp.server.common import (
    _GRID as _GRID,
)
from gridapp.server.common import (
    _ID as _ID,
)
from gridapp.server.common import (
    CODE_ALPHABET as CODE_ALPHABET,
)
from gridapp.server.common import (
    CODE_LENGTH as CODE_LENGTH,
)
from gridapp.server.common import (
    CODE_VALID as CODE_VALID,
)
from gridapp.server.common import (
    HOLD_WINDOW as HOLD_WINDOW,
)
from gridapp.server.common import (
    LOCK_NAMESPACE as LOCK_NAMESPACE,
)
from gridapp.server.common import (
    MAX_BATCH as MAX_BATCH,
)
from gridapp.server.common import (
    MAX_FUTURE_MS as MAX_FUTURE_MS,
)
from gridapp.server.common import (
    MAX_PAGE as MAX_PAGE,
)
from gridapp.server.common import (
    MAX_TEXT as MAX_TEXT,
)
from gridapp.server.common import (
    ROLES as ROLES,
)
from gridapp.server.common import (
    SERVER_DEVICE as SERVER_DEVICE,
)
from gridapp.server.common import (
    AuthError as AuthError,
)
from gridapp.server.common import (
    EnrolmentError as EnrolmentError,
)
from gridapp.server.common import (
    ForbiddenError as ForbiddenError,
)
from gridapp.server.common import (
    LimitError as LimitError,
)
from gridapp.server.common import (
    RateLimitError as RateLimitError,
)
from gridapp.server.common import (
    RequestError as RequestError,
)
from gridapp.server.common import (
    ServerError as ServerError,
)
from gridapp.server.common import (
    SetupError as SetupError,
)
from gridapp.server.common import (
    UpgradeError as UpgradeError,
)
from gridapp.server.common import (
    _log as _log,
)
from gridapp.server.common import (
    _read as _read,
)
from gridapp.server.common import (
    _sha256 as _sha256,
)
from gridapp.server.common import (
    _write as _write,
)
from gridapp.server.common import (
    _writer_lock as _writer_lock,
)
from gridapp.server.common import (
    county_code as county_code,
)
from gridapp.server.common import (
    in_scope as in_scope,
)
from gridapp.server.common import (
    stamp as stamp,
)
from gridapp.server.common import (
    utcnow as utcnow,
)
from gridapp.server.conflicts import (
    _conflict_dict as _conflict_dict,
)
from gridapp.server.conflicts import (
    conflicts as conflicts,
)
from gridapp.server.conflicts import (
    record_conflict as record_conflict,
)
from gridapp.server.conflicts import (
    resolve_conflict as resolve_conflict,
)
from gridapp.server.devices import (
    Credentials as Credentials,
)
from gridapp.server.devices import (
    Device as Device,
)
from gridapp.server.devices import (
    _check_scopes as _check_scopes,
)
from gridapp.server.devices import (
    _device_from as _device_from,
)
from gridapp.server.devices import (
    _locked_device as _locked_device,
)
from gridapp.server.devices import (
    _new_prefix as _new_prefix,
)
from gridapp.server.devices import (
    authenticate as authenticate,
)
from gridapp.server.devices import (
    create_enrolment as create_enrolment,
)
from gridapp.server.devices import (
    devices as devices,
)
from gridapp.server.devices import (
    enroll as enroll,
)
from gridapp.server.devices import (
    hello as hello,
)
from gridapp.server.devices import (
    normalise_code as normalise_code,
)
from gridapp.server.devices import (
    revoke as revoke,
)
from gridapp.server.mutations import (
    PARENTS as PARENTS,
)
from gridapp.server.mutations import (
    _check_area as _check_area,
)
from gridapp.server.mutations import (
    _check_batch as _check_batch,
)
from gridapp.server.mutations import (
    _check_value as _check_value,
)
from gridapp.server.mutations import (
    _clamp_hlc as _clamp_hlc,
)
from gridapp.server.mutations import (
    _Mutation as _Mutation,
)
from gridapp.server.mutations import (
    _parse as _parse,
)
from gridapp.server.mutations import (
    _Rejected as _Rejected,
)
from gridapp.server.places import (
    PlaceRow as PlaceRow,
)
from gridapp.server.places import (
    _place_level as _place_level,
)
from gridapp.server.places import (
    _server_write as _server_write,
)
from gridapp.server.places import (
    init as init,
)
from gridapp.server.places import (
    read_places as read_places,
)
from gridapp.server.pull import (
    _scope_clause as _scope_clause,
)
from gridapp.server.pull import (
    ancestors as ancestors,
)
from gridapp.server.pull import (
    pull as pull,
)
from gridapp.server.pull import (
    record_state as record_state,
)
from gridapp.server.pull import (
    visible as visible,
)
from gridapp.server.push import (
    _Push as _Push,
)
from gridapp.server.push import (
    _refuse_out_of_scope as _refuse_out_of_scope,
)
from gridapp.server.push import (
    push as push,
)
