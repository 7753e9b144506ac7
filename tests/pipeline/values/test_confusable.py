"""The recogniser's own look-alikes, read from its last layer (pipeline/values/confusable.py)."""

from __future__ import annotations

import pytest

from preaudit.pipeline.values.confusable import similarity


@pytest.mark.parametrize("pair", ["伟玮", "未末", "己已", "老者", "王玉"])
def test_characters_the_model_confuses_are_alike(pair):
    assert similarity(pair[0], pair[1]) >= 0.5


@pytest.mark.parametrize("pair", ["李王", "娜芳", "张玮", "华化"])
def test_unrelated_characters_are_not(pair):
    assert similarity(pair[0], pair[1]) < 0.5


def test_same_and_unknown():
    assert similarity("张", "张") == 1.0
    assert similarity("张", "\ue000") == 0.0
