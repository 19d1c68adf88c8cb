"""SM3, SM4 and the blind index that lets us find encrypted personal numbers."""

from __future__ import annotations

from jianguan.core.crypto import blind_index, decrypt, digest_of, encrypt, mask, sm3_hex


def test_sm3_matches_the_standard_test_vector() -> None:
    # GB/T 32905-2016, example 1.
    assert sm3_hex("abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_sm4_round_trip_uses_a_fresh_nonce_each_time() -> None:
    first, second = encrypt("320102199001011234"), encrypt("320102199001011234")
    assert first != second
    assert decrypt(first) == decrypt(second) == "320102199001011234"


def test_blind_index_is_stable_and_not_the_plain_digest() -> None:
    assert blind_index("320102199001011234") == blind_index("320102199001011234")
    assert blind_index("320102199001011234") != sm3_hex("320102199001011234")


def test_digest_ignores_key_order() -> None:
    assert digest_of({"a": 1, "b": "二"}) == digest_of({"b": "二", "a": 1})


def test_mask_keeps_ends_only() -> None:
    assert mask("320102199001011234", 6, 4) == "320102********1234"
    assert mask("12") == "**"
