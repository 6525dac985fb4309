"""Pre-rendered scorecards: every organisation's §7 card as the exact JSON body `/api/v1/scores` answers, written
when :func:`~govkpi.scorecards.incremental.materialise` fills the score store of a year, so that a card nobody has
asked for yet is read (one query and a decompression) rather than built (≈ 40 ms at national scale).

* :func:`prerender` — called by `materialise` inside its transaction: the cards of every organisation with a value,
  written by the bulk engine (`bulk.iter_lines`, the same cards as `services.score_all`), and one shared text for the
  organisations without any value (their cards differ only by the organisation's code and names).
* :func:`forget` — called by `incremental.refresh_after_change` for the organisations whose stored values it changed.
* :func:`prerendered_body` — the body of one organisation's card, or None: then the caller computes it as before.

Never stale: a pre-rendered card is served only while the score store of its year is current, by the same rule
(`incremental.store_current_sql`: no newer audit event that can change a score), and every change the store takes in
while current (`refresh_after_change`) drops the changed organisations' cards. Never wrong in form: the body is
``json.dumps`` of the card with its defaults (ASCII, ``", "`` and ``": "``), as `JsonResponse` writes it. Not
pre-rendered, so built on request as before: a card holding a number JSON has not (infinity, NaN: only SQL can store
one), a card with a value whose data break a rule (the store keeps no such problem, so the card built from it has
none), an organisation with criteria of its own and no value; a row that cannot be read back is not served either.
`tests/scorecards/test_prerendered_cards.py` and `tests/api/test_scores_prerendered.py` compare both ways byte for
byte.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from govkpi.core.scoring import Policy, ScoringError
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion
from govkpi.workbook import fast

from .errors import ScorecardError
from .incremental import CURRENT_PARAMS, policy_and_store, store_current_sql, stored_card
from .models import PrerenderedCard, StoreState

LEVEL = 1  # zlib: a national card (≈ 500 KB of JSON) in ≈ 2 ms to ≈ 30 KB; level 6 is 5× slower for a fifth less
BATCH = 200  # cards per COPY (≈ 6 MB)
COLUMNS = ("fiscal_year", "org_id", "blank", "body")
# How every card's text begins (`card.Scorer.card`, `bulk.cards.BulkScorer._envelope`): the organisation's code is
# the second key.
_ORG = re.compile(r'\{"fiscal_year": \d+, "org": ("(?:[^"\\]|\\.)*"), ')
_NOT_PRINTABLE_ASCII = re.compile(r"[^\ -~]")
# A row whose data break a rule carries its problem after its source (criteria no rule accepts go to ``left_out``).
# The score store keeps values, not such problems, so the card the endpoint builds from it has none: such a card is
# not pre-rendered (it is built on request, as before), so that both ways give the same bytes.
_DATA_PROBLEM = re.compile(rb'"source": (?:null|"[a-z]+"), "problem": ')


def _escape(match: re.Match[str]) -> str:
    """One character as ``json.dumps`` writes it with ``ensure_ascii`` (surrogate pairs above the BMP)."""
    n = ord(match.group(0))
    if n < 0x10000:
        return f"\\u{n:04x}"
    n -= 0x10000
    return f"\\u{0xD800 | (n >> 10) & 0x3FF:04x}\\u{0xDC00 | n & 0x3FF:04x}"


def as_ascii(text: str) -> bytes:
    """JSON text written with ``ensure_ascii=False`` as ``json.dumps`` writes it by default (``\\uXXXX``), encoded.
    Outside strings JSON text holds only ASCII, and inside them the two differ only in the characters escaped here."""
    quick = text.encode("ascii", "backslashreplace")  # Python's codec writes \uXXXX as JSON does, U+0100–U+FFFF
    if b"\x7f" in quick or b"\\x" in quick or b"\\U" in quick:  # DEL, U+0080–U+00FF, beyond the BMP (or look-alikes)
        return _NOT_PRINTABLE_ASCII.sub(_escape, text).encode("ascii")
    return quick


def envelope(fiscal_year: int, code: str, name_th: str, name_en: str) -> str:
    """The first keys of a card's body, up to the policy: what differs between the cards without any value."""
    head = json.dumps({"fiscal_year": fiscal_year, "org": code, "org_name_th": name_th, "org_name_en": name_en})
    return head[:-1] + ", "


def render(card: dict[str, object]) -> bytes | None:
    """The API's body of a card; None when it holds a number JSON has not (the API writes it as null)."""
    try:
        return json.dumps(card, allow_nan=False).encode()
    except ValueError:
        return None


def _bulk_bodies(fiscal_year: int) -> Iterator[tuple[str, bytes]]:
    """(organisation code, body) of every card with a value, from the bulk engine's JSON lines."""
    from .bulk import iter_lines  # the bulk engine imports the services, which import the store

    for line in iter_lines(fiscal_year):
        match = _ORG.match(line)
        body = as_ascii(line)
        if match is None or b"NaN" in body or b"Infinity" in body or _DATA_PROBLEM.search(body):
            continue  # a number JSON has not, a row whose data break a rule: built on request
        yield json.loads(match.group(1)), body


def prerender(fiscal_year: int, with_values: Iterable[int]) -> int:
    """Replace the year's pre-rendered cards: those of the bulk engine, and the shared card of the organisations
    that use the criteria for all and have no stored value (``with_values``: the organisations that have one).
    Runs inside `materialise`'s transaction, after the store is written; a card the bulk engine cannot write (data
    that break a rule it raises on) leaves the year without pre-rendered cards, computed on request. Returns how
    many organisations have one."""
    PrerenderedCard.objects.filter(fiscal_year=fiscal_year).delete()
    try:
        with transaction.atomic():
            return _prerender(fiscal_year, set(with_values))
    except (ScorecardError, ScoringError, ValueError, ArithmeticError):
        return 0


def _prerender(fiscal_year: int, with_values: set[int]) -> int:
    policy, _current = policy_and_store(fiscal_year)
    orgs = {row[1]: row for row in OrgUnit.objects.order_by("pk").values_list("id", "code", "name_th", "name_en")}
    rows: list[tuple[int, int | None, bool, str]] = []
    count = 0
    for code, body in _bulk_bodies(fiscal_year):
        org = orgs.get(code)
        if org is not None:
            rows.append((fiscal_year, org[0], False, _pack(body)))
        if len(rows) >= BATCH:
            count += fast.copy(PrerenderedCard, COLUMNS, rows)
            rows = []
    count += fast.copy(PrerenderedCard, COLUMNS, rows)
    blank = _blank_orgs(fiscal_year, [org[0] for org in orgs.values()], with_values)
    tail = _blank_tail(fiscal_year, OrgUnit.objects.get(pk=blank[0]), policy) if blank else None
    if tail is not None:
        fast.copy(PrerenderedCard, COLUMNS, [(fiscal_year, None, False, _pack(tail))])
        count += fast.copy(PrerenderedCard, COLUMNS, ((fiscal_year, org_id, True, "") for org_id in blank))
    fast.analyze(PrerenderedCard)
    return count


def _pack(body: bytes) -> str:
    return base64.b64encode(zlib.compress(body, LEVEL)).decode("ascii")


def _unpack(text: str) -> bytes:
    return zlib.decompress(base64.b64decode(text, validate=True))


def _blank_orgs(fiscal_year: int, org_ids: Iterable[int], skip: set[int]) -> list[int]:
    """The organisations without a stored value whose scorecard uses the criteria for all organisations."""
    own = set(Criterion.objects.filter(fiscal_year=fiscal_year, org__isnull=False).values_list("org_id", flat=True))
    return [org_id for org_id in org_ids if org_id not in skip and org_id not in own]


def _blank_tail(fiscal_year: int, org: OrgUnit, policy: Policy) -> bytes | None:
    """The body of a card without any value, after its envelope: the same for every such organisation. It is the
    card `incremental.stored_card` makes for one of them, so what the API would compute."""
    card = stored_card(fiscal_year, org, policy)
    body = None if card is None else render(card)
    head = envelope(fiscal_year, org.code, org.name_th, org.name_en).encode()
    if body is None or not body.startswith(head):
        return None
    return body[len(head) :]


def forget(fiscal_year: int, org_ids: Iterable[int]) -> None:
    """Drop the pre-rendered cards of organisations whose stored values change (one query)."""
    PrerenderedCard.objects.filter(fiscal_year=fiscal_year, org_id__in=list(org_ids)).delete()


def _body_sql() -> str:
    quote = connection.ops.quote_name
    table, state = quote(PrerenderedCard._meta.db_table), quote(StoreState._meta.db_table)
    return (
        f"SELECT c.blank, c.body, t.body FROM {table} c "
        f"LEFT JOIN {table} t ON c.blank AND t.fiscal_year = c.fiscal_year AND t.org_id IS NULL "
        f"WHERE c.fiscal_year = %s AND c.org_id = %s "
        f"AND EXISTS (SELECT 1 FROM {state} s WHERE s.fiscal_year = c.fiscal_year AND {store_current_sql('s')})"
    )


def prerendered_body(fiscal_year: int, org: OrgUnit) -> bytes | None:
    """The organisation's scorecard as the API's JSON body, pre-rendered, while the score store of the year is
    current (one query); None when there is none, the store is not current, or the row cannot be read."""
    with connection.cursor() as cursor:
        cursor.execute(_body_sql(), [fiscal_year, org.pk, *CURRENT_PARAMS])
        row = cursor.fetchone()
    if row is None:
        return None
    blank, body, tail = row
    try:
        if not blank:
            return _unpack(body) if body else None
        if not tail:
            return None
        return envelope(fiscal_year, org.code, org.name_th, org.name_en).encode() + _unpack(tail)
    except (zlib.error, binascii.Error, TypeError, ValueError):  # a row changed by hand: the card is computed
        return None
