"""The allocation of fees by population: properties that must hold for any input."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from ekonomi.services import allocate, allocate_per_inhabitant

populations = st.dictionaries(
    keys=st.text(min_size=1, max_size=8), values=st.integers(min_value=0, max_value=3_000_000), min_size=1, max_size=30
).filter(lambda basis: sum(basis.values()) > 0)
totals = st.integers(min_value=0, max_value=50_000_000)


@given(totals, populations)
def test_fees_add_up_to_the_total_exactly(total, basis):
    assert sum(allocate(total, basis).values()) == total


@given(totals, populations)
def test_each_fee_is_within_one_krona_of_its_exact_share(total, basis):
    inhabitants = sum(basis.values())
    for key, fee in allocate(total, basis).items():
        assert abs(fee - Fraction(total * basis[key], inhabitants)) < 1


@given(totals, populations)
def test_more_inhabitants_never_means_a_lower_fee(total, basis):
    fees = allocate(total, basis)
    for a in basis:
        for b in basis:
            if basis[a] > basis[b]:
                assert fees[a] >= fees[b]


@given(totals, populations)
def test_the_same_input_gives_the_same_output(total, basis):
    assert allocate(total, basis) == allocate(total, dict(reversed(list(basis.items()))))


def test_the_published_2024_fees_come_back_from_a_basis_proportional_to_them():
    published = {"Stockholm": 2440, "Skåne": 1419, "Gotland": 61, "Kalmar": 248}
    basis = {region: ksek * 1000 for region, ksek in published.items()}
    assert allocate(sum(basis.values()), basis) == basis


def test_the_left_over_kronor_go_to_the_largest_remainders():
    # 100 kr over 3 equal regions: 33.33 each; the one krona left goes to one of them, by name order.
    assert allocate(100, {"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    assert allocate(10, {"small": 1, "large": 2}) == {"small": 3, "large": 7}


def test_a_rate_per_inhabitant_rounds_half_up_to_whole_kronor():
    assert allocate_per_inhabitant(Decimal("1.05"), {"x": 10, "y": 1}) == {"x": 11, "y": 1}
    assert allocate_per_inhabitant(Decimal("0.5"), {"x": 3}) == {"x": 2}
