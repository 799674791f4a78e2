"""Fixtures for widget tests: contexts in both locales with fake runtime lookups."""

from __future__ import annotations

import pytest

from tessera.widgets import WidgetContext
from tests.widgets.support import FakeLookups


@pytest.fixture
def ctx():
    """A zh-CN context in Asia/Shanghai with the fake lookups."""
    return WidgetContext(locale="zh_CN", timezone="Asia/Shanghai", lookups=FakeLookups())


@pytest.fixture
def en_ctx():
    """The same context in English."""
    return WidgetContext(locale="en", timezone="Asia/Shanghai", lookups=FakeLookups())
