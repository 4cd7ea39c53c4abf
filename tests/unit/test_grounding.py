"""Checking a model's markers: numbers, renumbering, 'not found' phrases."""

from __future__ import annotations

from assistant.grounding import check, numbers, says_not_found


def test_marker_numbers():
    assert numbers("1") == [1]
    assert numbers("1, 3") == [1, 3]
    assert numbers("2-4") == [2, 3, 4]
    assert numbers("2–3 and 5") == [2, 3, 5]
    assert numbers("3-1") == [] and numbers("1-500") == []


def test_check_renumbers_in_order_of_first_appearance():
    passages = ["Austin visited Cambodia in June.", "Ties were set up in 1950.", "Rain fell."]
    got = check("Ties began in 1950 [2]. Austin came in June [1]. In 1950 again [2].", passages)
    assert got.text == "Ties began in 1950 [1]. Austin came in June [2]. In 1950 again [1]."
    assert got.cited == (2, 1) and got.dropped == 0
    cut = check("Austin came in June [1]. Ties in 1950 [2", passages)  # stream cut mid-marker
    assert cut.text == "Austin came in June [1]. Ties in 1950" and cut.cited == (1,)


def test_not_found_phrases():
    assert says_not_found("The passages do not say.")
    assert says_not_found("The article doesn't mention where he went.")
    assert not says_not_found("Austin visited Cambodia on June 4, 2024 [1].")
