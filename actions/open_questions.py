"""Every open question and PIN step the features declare, in one list.

A new feature that asks something adds its :class:`~actions.questions.Question`
here; ``action_answer`` then routes yes and no to it, and ``action_keypad`` the
keys pressed on the phone.
"""

from __future__ import annotations

from collections.abc import Mapping

from actions import (
    handoff,
    keypad_menu,
    linking,
    loans,
    orders,
    parcel_readout,
    parcels,
    reorder,
)
from actions.questions import Choice, PinStep, Question

QUESTIONS: Mapping[str, Question] = {
    question.name: question
    for question in (
        reorder.ORDER,
        reorder.SUGGESTIONS,
        orders.CANCEL,
        loans.OFFER,
        loans.APPLY,
        parcels.RETURN,
        parcel_readout.MORE,
        handoff.HANDOFF,
    )
}
CHOICES: Mapping[str, Choice] = {
    choice.name: choice
    for choice in (
        orders.WHICH_ORDER,
        keypad_menu.REORDER_MENU,
        linking.WHICH_PLATFORM,
    )
}
PIN_STEPS: Mapping[str, PinStep] = {
    step.name: step
    for step in (
        reorder.PLACE_ORDER,
        orders.CANCEL_ORDER,
        loans.ELIGIBILITY,
        loans.APPLY_WITH_PIN,
        linking.LINK_WITH_PIN,
    )
}
