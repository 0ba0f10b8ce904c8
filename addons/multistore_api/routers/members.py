from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from ..dependencies import HTTP_422, ApiCall, api_error, scoped
from ..schemas import NO_NUL, CardOut, MemberOut

router = APIRouter(tags=["members"])


def _member_cards(call, partner):
    """Loyalty cards of ``partner`` in programs open to the key's stores."""
    stores = call.integration.sudo().store_ids
    cards = call.env["loyalty.card"].search(
        [("partner_id", "=", partner.id), ("program_id.program_type", "=", "loyalty")]
    )
    return cards.filtered(
        lambda card: not card.program_id.store_ids or card.program_id.store_ids & stores
    )


@router.get("/members", response_model=MemberOut)
def find_member(
    call: Annotated[ApiCall, Depends(scoped("read_members"))],
    phone: Annotated[
        str | None, Query(min_length=3, max_length=64, pattern=NO_NUL)
    ] = None,
    card: Annotated[
        str | None, Query(min_length=1, max_length=128, pattern=NO_NUL)
    ] = None,
) -> MemberOut:
    """A member found by phone number or loyalty card code, with the points
    balance of their cards in the programs open to the key's stores."""
    if bool(phone) == bool(card):
        raise api_error(
            HTTP_422,
            "bad_query",
            call.env._("Give either phone or card, not both and not none."),
        )
    Partner = call.env["res.partner"]
    if card:
        found = call.env["loyalty.card"].search([("code", "=", card)], limit=1)
        partner = found.partner_id
    else:
        partner = Partner.search(
            ["|", ("phone", "=", phone), ("mobile", "=", phone)], limit=1
        )
    cards = _member_cards(call, partner) if partner else None
    if not partner or not cards:
        raise api_error(
            status.HTTP_404_NOT_FOUND,
            "member_not_found",
            call.env._("No member matches this phone number or card."),
        )
    return MemberOut(
        id=partner.id,
        name=partner.name,
        phone=partner.phone or partner.mobile or None,
        email=partner.email or None,
        points_balance=sum(cards.mapped("points")),
        cards=[
            CardOut(
                code=card.code,
                program=card.program_id.name,
                points=card.points,
                tier=card.multistore_tier_id.name or None,
            )
            for card in cards
        ],
    )
